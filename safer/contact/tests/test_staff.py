from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role, ScopeLevel
from safer.alerts.models import Channel, OutboxMessage
from safer.contact.models import ContactMessage, Reply, SendStatus, Status
from safer.teams.models import Rank
from safer.testing import (
    create_area,
    create_contact_message,
    create_neighbourhood,
    create_person,
    create_staff,
    sign_in,
)


@pytest.fixture
def world():
    area, other_area = create_area(), create_area()
    home = create_neighbourhood(area=area, name="Home team")
    next_door = create_neighbourhood(area=area, name="Next door")
    far = create_neighbourhood(area=other_area, name="Far away")
    return {
        "area": area,
        "home": home,
        "next_door": next_door,
        "far": far,
        "home_msg": create_contact_message(home, body="Home message text"),
        "next_msg": create_contact_message(next_door),
        "far_msg": create_contact_message(far),
        "unconfirmed": create_contact_message(home, confirmed=False),
    }


def refs(response) -> set[str]:
    html = response.content.decode()
    return {m.reference for m in ContactMessage.objects.all() if m.reference in html}


@pytest.mark.django_db
def test_it_shows_a_pcso_only_their_teams_confirmed_messages(client, world):
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[world["home"]]))
    assert refs(client.get(reverse("contact:inbox"))) == {world["home_msg"].reference}
    assert client.get(reverse("contact:message", args=[world["next_msg"].pk])).status_code == 404
    assert client.get(reverse("contact:message", args=[world["unconfirmed"].pk])).status_code == 404


@pytest.mark.django_db
def test_it_shows_a_sergeant_their_areas_messages(client, world):
    sign_in(client, create_staff(Role.SERGEANT, areas=[world["area"]]))
    expected = {world["home_msg"].reference, world["next_msg"].reference}
    assert refs(client.get(reverse("contact:inbox"))) == expected


@pytest.mark.django_db
def test_it_lets_the_contact_centre_read_force_wide_but_not_answer(client, world):
    sign_in(client, create_staff(Role.CONTACT_CENTRE, scope_level=ScopeLevel.FORCE))
    assert len(refs(client.get(reverse("contact:inbox")))) == 3
    msg = world["far_msg"]
    page = client.get(reverse("contact:message", args=[msg.pk])).content.decode()
    assert msg.body in page and "Send reply" not in page
    response = client.post(reverse("contact:reply", args=[msg.pk]), {"body": "Hello"})
    assert response.status_code == 403
    assert not Reply.objects.exists()


@pytest.mark.django_db
def test_it_changes_nothing_when_a_pcso_answers_another_teams_message(client, world):
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[world["home"]]))
    msg = world["next_msg"]
    responses = [
        client.post(reverse("contact:reply", args=[msg.pk]), {"body": "Hello"}),
        client.post(reverse("contact:assign", args=[msg.pk]), {"assignee": ""}),
    ]
    assert [r.status_code for r in responses] == [404, 404]
    assert not Reply.objects.exists()
    assert ContactMessage.objects.get(pk=msg.pk).status == Status.OPEN


@pytest.mark.django_db
def test_it_hides_the_residents_address_from_staff(client, world):
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[world["home"]]))
    msg = world["home_msg"]
    page = client.get(reverse("contact:message", args=[msg.pk])).content.decode()
    assert msg.body in page and msg.name in page
    assert msg.email not in page


@pytest.mark.django_db
def test_it_assigns_to_a_team_member_with_an_account_and_audits_it(client, world):
    home = world["home"]
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[home])
    pc = create_staff(Role.PC, neighbourhoods=[home])
    create_person(home, rank=Rank.PC, user=pc)
    outsider = create_staff(Role.PC, neighbourhoods=[world["far"]])
    create_person(world["far"], rank=Rank.PC, user=outsider)
    sign_in(client, sergeant)
    msg = world["home_msg"]
    page = client.get(reverse("contact:message", args=[msg.pk])).content.decode()
    assert f'value="{pc.pk}"' in page and f'value="{outsider.pk}"' not in page

    response = client.post(reverse("contact:assign", args=[msg.pk]), {"assignee": str(pc.pk)})
    assert response.status_code == 302
    msg.refresh_from_db()
    assert msg.assigned_to == pc and msg.assigned_at is not None
    event = AuditEvent.objects.get(action="contact.assigned")
    assert event.actor == sergeant and event.changes == {"assigned_to": [None, pc.pk]}

    # Someone outside the team cannot be chosen.
    client.post(reverse("contact:assign", args=[msg.pk]), {"assignee": str(outsider.pk)})
    msg.refresh_from_db()
    assert msg.assigned_to == pc

    sign_in(client, pc)
    mine = client.get(reverse("contact:inbox") + "?show=mine")
    assert refs(mine) == {msg.reference}


@pytest.mark.django_db
def test_it_sends_the_reply_through_the_residents_own_channel(client, world, run_on_commit, caplog):
    caplog.set_level(logging.DEBUG)
    home = world["home"]
    msg = create_contact_message(home, channel="sms", body="Please can someone look at the bus shelter")
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[home]))
    with run_on_commit(execute=True):
        response = client.post(reverse("contact:reply", args=[msg.pk]), {"body": "We will visit on Friday."})
    assert response.status_code == 302
    msg.refresh_from_db()
    assert msg.status == Status.ANSWERED and msg.first_replied_at is not None
    reply = Reply.objects.get()
    assert reply.send_status == SendStatus.SENT
    [text] = OutboxMessage.objects.filter(channel=Channel.SMS, to_address=msg.mobile)
    assert "We will visit on Friday." in text.body and msg.reference in text.body
    assert not OutboxMessage.objects.filter(channel=Channel.EMAIL).exists()
    logged = caplog.text
    assert msg.mobile not in logged and "bus shelter" not in logged and "Friday" not in logged


@pytest.mark.django_db
def test_it_keeps_the_first_reply_time_when_the_team_writes_again(client, world, run_on_commit):
    msg = world["home_msg"]
    sign_in(client, create_staff(Role.PC, neighbourhoods=[world["home"]]))
    with run_on_commit(execute=True):
        client.post(reverse("contact:reply", args=[msg.pk]), {"body": "First."})
    first = ContactMessage.objects.get(pk=msg.pk).first_replied_at
    with run_on_commit(execute=True):
        client.post(reverse("contact:reply", args=[msg.pk]), {"body": "Second."})
    assert ContactMessage.objects.get(pk=msg.pk).first_replied_at == first
    assert Reply.objects.filter(message=msg).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("channel", "body", "error"),
    [("email", "   ", "Enter your reply"), ("sms", "x" * 751, "750 characters or fewer")],
)
def test_it_refuses_an_empty_or_too_long_reply_and_changes_nothing(client, world, channel, body, error):
    msg = create_contact_message(world["home"], channel=channel)
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[world["home"]]))
    response = client.post(reverse("contact:reply", args=[msg.pk]), {"body": body})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Reply.objects.exists()
    assert ContactMessage.objects.get(pk=msg.pk).status == Status.OPEN


@pytest.mark.django_db
def test_it_lists_overdue_messages_under_their_own_filter(client, world):
    import datetime as dt

    from django.utils import timezone

    late = create_contact_message(world["home"], received=timezone.now() - dt.timedelta(hours=80))
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[world["home"]]))
    response = client.get(reverse("contact:inbox") + "?show=overdue")
    assert refs(response) == {late.reference}
    assert "Overdue" in response.content.decode()
