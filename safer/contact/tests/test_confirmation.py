from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.alerts.models import Channel, OutboxMessage
from safer.contact import links
from safer.contact.models import ContactMessage, Status
from safer.contact.tests.conftest import text_of
from safer.testing import create_force, create_neighbourhood

URL = re.compile(r"http://\S+")


@pytest.fixture
def team(settings):
    settings.FORCE_ID = "west-mercia"
    settings.SITE_URL = "http://testserver"
    create_force()
    return create_neighbourhood(name="Malvern Link")


def write(client, nb, run_on_commit, **overrides):
    data = {
        "body": "Speeding on Church Road at school time.",
        "channel": "email",
        "email": "alex@example.com",
    }
    data.update(overrides)
    with run_on_commit(execute=True):
        response = client.post(reverse("contact:form", args=[nb.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.mark.django_db
def test_it_emails_a_link_and_the_team_sees_nothing_until_it_is_followed(
    client, team, smtp_sink, run_on_commit
):
    response = write(client, team, run_on_commit)
    assert response["Location"] == reverse("contact:check-email", args=[team.slug])
    [mail] = smtp_sink.to("alex@example.com")
    body = text_of(mail)
    assert "Malvern Link" in mail["Subject"]
    assert "not a way to report crime" in body and "999" in body
    assert "Speeding" not in body  # the message itself is never echoed back to an unconfirmed address
    confirm_url = next(u for u in URL.findall(body) if "/contact/confirm/" in u)
    message = ContactMessage.objects.get()
    assert message.status == Status.UNCONFIRMED and message.due_at is None

    # A link scanner's GET confirms nothing.
    path = confirm_url.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    assert ContactMessage.objects.get().status == Status.UNCONFIRMED

    before = timezone.now()
    with run_on_commit(execute=True):
        response = client.post(path)
    message.refresh_from_db()
    assert response.status_code == 302
    assert message.status == Status.OPEN
    assert message.confirmed_at is not None and message.due_at is not None
    assert before <= message.confirmed_at <= timezone.now()
    assert message.due_at == message.confirmed_at + dt.timedelta(hours=72)

    page = client.get(response["Location"]).content.decode()
    assert message.reference in page
    [_, ack] = smtp_sink.to("alex@example.com")
    assert message.reference in ack["Subject"]
    assert message.reference in text_of(ack)
    assert "/contact/withdraw/" in text_of(ack)
    assert ack["List-Unsubscribe"] is None  # a reply to one person is not a mailing list

    # A second click changes nothing and sends nothing.
    with run_on_commit(execute=True):
        client.post(path)
    assert len(smtp_sink.to("alex@example.com")) == 2
    assert ContactMessage.objects.get().confirmed_at == message.confirmed_at


@pytest.mark.django_db
def test_it_times_the_reply_deadline_from_the_configured_hours(client, team, run_on_commit, settings):
    settings.CONTACT_REPLY_HOURS = 24
    write(client, team, run_on_commit)
    message = ContactMessage.objects.get()
    with run_on_commit(execute=True):
        client.post(links.path_for(message, links.CONFIRM))
    message.refresh_from_db()
    assert message.due_at is not None and message.confirmed_at is not None
    assert message.due_at - message.confirmed_at == dt.timedelta(hours=24)


def sms_code(number: str) -> str:
    text = OutboxMessage.objects.filter(channel=Channel.SMS, to_address=number).latest("id").body
    found = re.search(r"\b(\d{6})\b", text)
    assert found is not None
    return found.group(1)


@pytest.mark.django_db
def test_it_texts_a_code_and_confirms_only_with_the_right_one(client, team, run_on_commit):
    response = write(client, team, run_on_commit, channel="sms", mobile="07123 456789", email="")
    code_page = response["Location"]
    assert code_page.startswith("/contact/code/")
    code = sms_code("+447123456789")
    message = ContactMessage.objects.get()
    assert code not in message.code_hash

    wrong = "000000" if code != "000000" else "111111"
    response = client.post(code_page, {"code": wrong})
    assert response.status_code == 400
    assert "The code is wrong" in response.content.decode()
    assert ContactMessage.objects.get().status == Status.UNCONFIRMED

    with run_on_commit(execute=True):
        response = client.post(code_page, {"code": code[:3] + " " + code[3:]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.OPEN
    ack = OutboxMessage.objects.filter(channel=Channel.SMS, to_address="+447123456789").latest("id").body
    assert message.reference in ack


@pytest.mark.django_db
def test_it_uses_up_a_code_after_five_wrong_tries(client, team, run_on_commit):
    response = write(client, team, run_on_commit, channel="sms", mobile="07123 456789", email="")
    code = sms_code("+447123456789")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(response["Location"], {"code": wrong})
    response = client.post(response["Location"], {"code": code})
    assert "tried too many times" in response.content.decode()
    assert ContactMessage.objects.get().status == Status.UNCONFIRMED


@pytest.mark.django_db
def test_it_sends_a_new_code_that_replaces_the_old_one(client, team, run_on_commit):
    response = write(client, team, run_on_commit, channel="sms", mobile="07123 456789", email="")
    first = sms_code("+447123456789")
    with run_on_commit(execute=True):
        page = client.post(response["Location"], {"resend": "1"})
    assert "We have sent a new code" in page.content.decode()
    second = sms_code("+447123456789")
    assert OutboxMessage.objects.filter(to_address="+447123456789").count() == 2
    if first != second:
        client.post(response["Location"], {"code": first})
        assert ContactMessage.objects.get().status == Status.UNCONFIRMED
    with run_on_commit(execute=True):
        client.post(response["Location"], {"code": second})
    assert ContactMessage.objects.get().status == Status.OPEN


@pytest.mark.django_db
def test_it_refuses_tampered_and_expired_links(client, team, run_on_commit, settings):
    write(client, team, run_on_commit)
    message = ContactMessage.objects.get()
    path = links.path_for(message, links.CONFIRM)
    assert client.post(path[:-3] + "abc/").status_code == 404
    # A token for one purpose does not work for another.
    assert client.post(links.path_for(message, links.SENT).replace("/sent/", "/confirm/")).status_code == 404
    settings.CONTACT_CONFIRM_HOURS = 0
    assert client.post(path).status_code == 404
    assert ContactMessage.objects.get().status == Status.UNCONFIRMED
