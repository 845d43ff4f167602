from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role, ScopeLevel
from safer.alerts import actions, fanout
from safer.alerts.models import Channel, Delivery, Message, MessageStatus, Target
from safer.alerts.worker import Worker
from safer.testing import create_area, create_neighbourhood, create_staff, create_subscriber, sign_in


def compose_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Bike thefts at the station",
        "body": "Use the covered racks and a D-lock.",
        "kind": "crime",
        "urgency": "normal",
        "target": "neighbourhoods",
    }
    data.update(overrides)
    return data


def draft(user: Any, **overrides: Any) -> Message:
    fields: dict[str, Any] = {
        "title": "Bike thefts",
        "body": "Use a D-lock.",
        "kind": "crime",
        "urgency": "normal",
        "target": Target.NEIGHBOURHOODS,
    }
    fields.update(overrides)
    return actions.save_draft(user, actions.Draft(**fields))


@pytest.mark.django_db
def test_a_pcso_can_target_only_their_own_neighbourhoods(client: Client) -> None:
    area = create_area()
    mine, theirs = create_neighbourhood(area=area), create_neighbourhood(area=area)
    pcso = create_staff(Role.PCSO, neighbourhoods=[mine])
    sign_in(client, pcso)

    outside = client.post("/alerts/staff/new/", compose_data(neighbourhoods=[theirs.pk]))
    assert outside.status_code == 200 and "govuk-error-summary" in outside.content.decode()
    whole_area = client.post("/alerts/staff/new/", compose_data(target="areas", areas=[area.pk]))
    assert whole_area.status_code == 200 and "govuk-error-summary" in whole_area.content.decode()
    with pytest.raises(actions.ScopeError):
        draft(pcso, neighbourhoods=[theirs])
    with pytest.raises(actions.ScopeError):
        draft(pcso, target=Target.FORCE)
    assert mine.centre_lat is not None and mine.centre_lng is not None
    big_circle = fanout.circle(mine.centre_lat, mine.centre_lng, 5000)
    import shapely

    with pytest.raises(actions.ScopeError):
        draft(pcso, target=Target.CIRCLE, geometry_wkb=shapely.to_wkb(big_circle))
    assert not Message.objects.exists()  # nothing saved by a refused attempt

    ok = client.post("/alerts/staff/new/", compose_data(neighbourhoods=[mine.pk]))
    assert ok.status_code == 302
    assert list(Message.objects.get().neighbourhoods.all()) == [mine]


@pytest.mark.django_db
def test_the_preview_shows_reach_per_channel_sms_fragments_and_the_spoken_version(client: Client) -> None:
    nb = create_neighbourhood()
    create_subscriber(
        [nb], mobile="+447700900010", landline="+441632960010", channels=("email", "sms", "voice")
    )
    create_subscriber([nb])
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    sign_in(client, pcso)
    response = client.post(
        "/alerts/staff/new/",
        compose_data(neighbourhoods=[nb.pk], urgency="urgent", body="Road closed. " * 20),
    )
    page = client.get(response["Location"]).content.decode()
    assert "2 people" in page and "1 person" in page
    from safer.alerts.render import sms_fragments, sms_text

    fragments, _ = sms_fragments(sms_text(Message.objects.get()))
    assert fragments == 3 and "3 fragments (GSM-7)" in page
    assert "This is an urgent message from" in page
    assert "Send now" in page


@pytest.mark.django_db
def test_a_force_wide_message_needs_a_supervisors_approval(client: Client, immediate_tasks: None) -> None:
    nb, elsewhere = create_neighbourhood(), create_neighbourhood()
    create_subscriber([nb]), create_subscriber([elsewhere])
    author = create_staff(Role.INSPECTOR, scope_level=ScopeLevel.FORCE)
    message = draft(author, target=Target.FORCE)
    assert message.needs_approval

    message = actions.submit(author, message)
    assert message.status == MessageStatus.AWAITING_APPROVAL
    assert not Delivery.objects.exists()
    assert not actions.can_approve(author, message)  # not their own
    pc = create_staff(Role.PC, scope_level=ScopeLevel.FORCE)
    sign_in(client, pc)
    assert client.post(f"/alerts/staff/messages/{message.pk}/approve/").status_code == 403
    local_sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    assert not actions.can_approve(local_sergeant, message)  # force-wide is beyond their scope

    sergeant = create_staff(Role.SERGEANT, scope_level=ScopeLevel.FORCE)
    sign_in(client, sergeant)
    listing = client.get("/alerts/staff/").content.decode()
    assert "Waiting for your approval" in listing
    response = client.post(f"/alerts/staff/messages/{message.pk}/approve/")
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.approved_by == sergeant and message.status == MessageStatus.SENDING
    assert Delivery.objects.count() == 2


@pytest.mark.django_db
def test_reach_beyond_the_threshold_needs_approval_and_can_be_turned_down(settings: Any) -> None:
    settings.ALERTS_APPROVAL_THRESHOLD = 1
    nb = create_neighbourhood()
    create_subscriber([nb]), create_subscriber([nb])
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    message = draft(pc, neighbourhoods=[nb])
    assert (
        message.reach == {str(Channel.EMAIL.value): 2, str(Channel.SMS.value): 0} and message.needs_approval
    )
    actions.submit(pc, message)
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    rejected = actions.reject(sergeant, message, "Too broad: target the street")
    assert rejected.status == MessageStatus.REJECTED and not Delivery.objects.exists()
    with pytest.raises(actions.ScopeError):
        actions.approve(sergeant, message)


@pytest.mark.django_db
def test_small_local_messages_go_without_approval_and_appear_on_the_public_archive(
    client: Client, immediate_tasks: None
) -> None:
    nb = create_neighbourhood()
    create_subscriber([nb])
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = actions.submit(pcso, draft(pcso, neighbourhoods=[nb]))
    assert message.status == MessageStatus.SCHEDULED or Message.objects.get().status == MessageStatus.SENDING
    Worker().drain()
    archive = client.get(f"/alerts/neighbourhoods/{nb.slug}/").content.decode()
    assert "Bike thefts" in archive
    assert client.get(f"/alerts/messages/{message.pk}/").status_code == 200
    sign_in(client, pcso)
    progress = client.get(f"/alerts/staff/messages/{message.pk}/progress.json").json()
    assert progress["delivered"] == 1 and progress["queued"] == 0


@pytest.mark.django_db
def test_a_scheduled_message_waits_for_its_time(immediate_tasks: None) -> None:
    nb = create_neighbourhood()
    create_subscriber([nb])
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    later = timezone.now() + dt.timedelta(hours=2)
    message = actions.submit(pcso, draft(pcso, neighbourhoods=[nb], scheduled_for=later))
    assert message.status == MessageStatus.SCHEDULED
    assert fanout.fan_out(message.pk) == 0  # run early (say, by a replayed task): nothing goes
    Message.objects.filter(pk=message.pk).update(scheduled_for=timezone.now())
    assert fanout.fan_out(message.pk) == 1


@pytest.mark.django_db
def test_drafts_and_unsent_messages_are_not_public(client: Client) -> None:
    nb = create_neighbourhood()
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    message = draft(pcso, neighbourhoods=[nb])
    assert client.get(f"/alerts/messages/{message.pk}/").status_code == 404
    assert "Bike thefts" not in client.get(f"/alerts/neighbourhoods/{nb.slug}/").content.decode()


@pytest.mark.django_db
def test_staff_pages_need_a_signed_in_team_role(client: Client) -> None:
    assert client.get("/alerts/staff/").status_code == 302
    analyst = create_staff(Role.ANALYST)
    sign_in(client, analyst)
    assert client.get("/alerts/staff/").status_code == 403
    assert client.get("/alerts/staff/outbox/").status_code == 403


@pytest.mark.django_db
def test_staff_cannot_see_messages_outside_their_scope(client: Client) -> None:
    mine, theirs = create_neighbourhood(), create_neighbourhood()
    other = create_staff(Role.PCSO, neighbourhoods=[theirs])
    message = draft(other, neighbourhoods=[theirs])
    pcso = create_staff(Role.PCSO, neighbourhoods=[mine])
    sign_in(client, pcso)
    assert client.get(f"/alerts/staff/messages/{message.pk}/").status_code == 404
    assert "Bike thefts" not in client.get("/alerts/staff/").content.decode()
