from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from safer.accounts.models import Role
from safer.alerts import actions, fanout, links
from safer.alerts.models import Channel, Delivery, Group, GroupMember, OutboxMessage, Subscriber
from safer.alerts.tests.conftest import Sink
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.tests.test_signup import postcode_in, signup_data
from safer.alerts.worker import Worker
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in

SECRET_BODY = "The suspect's van was seen at 14 Acacia Avenue"


def rows_mentioning(text: str) -> list[str]:
    """Every row, in every table of every app, with a text or JSON column containing `text`."""
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        query = models.Q()
        for name in fields:
            query |= models.Q(**{f"{name}__icontains": text})
        if fields and model._default_manager.filter(query).exists():
            found.append(model._meta.label)
    return found


@pytest.mark.django_db
def test_the_export_holds_everything_kept_about_the_subscriber(client: Client) -> None:
    nb = create_neighbourhood()
    sub = create_subscriber([nb], mobile="+447700900006", channels=("email", "sms"), kinds=["crime", "event"])
    group = Group.objects.create(neighbourhood=nb, name="Elm Road Watch")
    GroupMember.objects.create(group=group, subscriber=sub)
    actions.consent(sub, "signed-up", "consent text 2026-01")
    fanout.queue(make_message([nb]))
    Worker().drain()

    response = client.get(f"/alerts/manage/{links.make_token(sub.pk, sub.key, links.MANAGE)}/export.json")

    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["registration"]["email"] == sub.email and data["registration"]["mobile"] == "+447700900006"
    assert data["preferences"]["email"] == ["crime", "event"]
    assert data["places"][0]["neighbourhoods"] == [nb.name]
    assert data["groups"] == ["Elm Road Watch"]
    assert data["consent"][0]["action"] == "signed-up"
    sent = {(m["channel"], m["address"], m["status"]) for m in data["messages_sent"]}
    assert sent == {("Email", sub.email, "delivered"), ("Text message", "+447700900006", "delivered")}
    # Every column of the subscriber row is in the export.
    for value in (sub.email, sub.mobile):
        assert value in response.content.decode()


@pytest.mark.django_db
def test_after_deletion_nothing_personal_remains_but_the_counts_do(client: Client) -> None:
    nb = create_neighbourhood()
    sub = create_subscriber(
        [nb],
        email="erase.me@example.com",
        mobile="+447700900007",
        channels=("email", "sms"),
        point=(52.15, -2.25),
    )
    Group.objects.create(neighbourhood=nb, name="Watch").members.add(sub)
    actions.consent(sub, "signed-up")
    message = make_message([nb])
    fanout.queue(message)
    Worker().drain()
    fanout.queue(make_message([nb]))  # still queued when they delete
    assert rows_mentioning("erase.me@example.com")

    token = links.make_token(sub.pk, sub.key, links.MANAGE)
    assert client.get(f"/alerts/manage/{token}/delete/").status_code == 200
    assert client.post(f"/alerts/manage/{token}/delete/").status_code == 200

    assert rows_mentioning("erase.me@example.com") == []
    assert rows_mentioning("+447700900007") == []
    assert not Subscriber.objects.exists()
    assert Delivery.objects.filter(message=message, status="delivered").count() == 2  # counts kept
    assert not Delivery.objects.filter(status="created").exists()
    assert client.get(f"/alerts/manage/{token}/").status_code == 404


@pytest.mark.django_db
def test_no_address_or_message_body_appears_in_the_logs(
    client: Client, smtp_sink: Sink, immediate_tasks: None, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.SITE_URL = "http://testserver"
    caplog.set_level(logging.DEBUG)
    nb = create_neighbourhood()
    postcode_in(nb)
    client.post(
        "/alerts/sign-up/",
        signup_data(email="private.person@example.com", mobile="07700 900008", sms_kinds=["crime"]),
    )
    subscriber = Subscriber.objects.get()
    actions.confirm_email(subscriber, links.email_fingerprint(subscriber.email))
    smtp_sink.refuse.add("bounced.person@example.com")
    create_subscriber([nb], email="bounced.person@example.com")
    officer = create_staff(Role.PCSO, neighbourhoods=[nb])
    sign_in(client, officer)
    client.post(
        "/alerts/staff/new/",
        {
            "title": "Van seen",
            "body": SECRET_BODY,
            "kind": "crime",
            "urgency": "normal",
            "target": "neighbourhoods",
            "neighbourhoods": [nb.pk],
        },
    )
    message = officer_message()
    client.post(f"/alerts/staff/messages/{message.pk}/send/")
    Worker().drain()
    assert smtp_sink.to("private.person@example.com")  # it really was sent
    client.post(
        links.unsubscribe_url(subscriber.pk, subscriber.key, Channel.EMAIL).removeprefix("http://testserver")
    )

    ours = [r for r in caplog.records if not r.name.startswith("mail.log")]  # aiosmtpd is the far end
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args}" for r in ours)
    assert ours, "the journey should log something"
    for secret in (
        "private.person",
        "bounced.person",
        "7700900008",
        "7700 900008",
        "Acacia Avenue",
        "WR3 8SP",
        "WR38SP",
    ):
        assert secret not in text, secret
    assert OutboxMessage.objects.filter(channel=Channel.SMS).exists()


def officer_message() -> Any:
    from safer.alerts.models import Message

    return Message.objects.get()


@pytest.mark.django_db
def test_links_never_carry_an_address_even_encoded() -> None:
    """Signed tokens are readable (signed, not encrypted) and paths reach access logs."""
    import base64

    sub = create_subscriber([create_neighbourhood()], email="in.a.link@example.com", mobile="+447700900015")
    urls = [
        links.confirm_email_url(sub),
        links.manage_url(sub.pk, sub.key),
        links.unsubscribe_url(sub.pk, sub.key, Channel.EMAIL),
    ]
    for url in urls:
        token = url.rstrip("/").rsplit("/", 1)[1]
        payload = token.split(":")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        assert "in.a.link" not in decoded and "7700900015" not in decoded
