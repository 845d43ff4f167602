from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from safer.alerts import fanout
from safer.alerts.channels import ChannelError, Content, Links, Outgoing, make_sender
from safer.alerts.channels.notify import NotifySender
from safer.alerts.channels.twilio import TwilioSender
from safer.alerts.models import Channel, Delivery, Status, Subscriber
from safer.alerts.render import sms_fragments
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker
from safer.testing import create_neighbourhood, create_subscriber

NOTIFY_URL = "notify://?api_key=key-1&email_template=t-email&sms_template=t-sms&callback_token=s3cret-token"
TWILIO_URL = "twilio://AC123:auth-token-xyz@/?from=%2B447700900999"


def item(key: int = 1, to: str = "+447700900011") -> Outgoing:
    content = Content(
        message_id=5, subject="Subject", text="Text", html="<p>Text</p>", sms="SMS body", spoken="Said"
    )
    return Outgoing(key=key, to=to, content=content, links=Links("https://x/u", "https://x/m"))


class FakeNotify:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send_sms_notification(self, **kwargs: Any) -> dict[str, Any]:
        self.sent.append(kwargs)
        if kwargs["phone_number"].endswith("0000"):
            from notifications_python_client.errors import HTTPError

            raise HTTPError(SimpleNamespace(status_code=400, json=lambda: {"errors": []}))  # type: ignore[arg-type]
        return {"id": f"notify-{len(self.sent)}"}

    def send_email_notification(self, **kwargs: Any) -> dict[str, Any]:
        self.sent.append(kwargs)
        return {"id": "notify-email"}


class FakeTwilio:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.messages = SimpleNamespace(create=self._create)
        self.calls = SimpleNamespace(create=self._create)

    def _create(self, **kwargs: Any) -> Any:
        self.sent.append(kwargs)
        return SimpleNamespace(sid=f"SM{len(self.sent)}")


def test_notify_sends_texts_with_our_reference_and_sorts_permanent_errors() -> None:
    fake = FakeNotify()
    sender = NotifySender(Channel.SMS, NOTIFY_URL, client=fake)
    ok, bad = list(sender.send([item(1), item(2, "+447700900000")]))
    assert ok.error is None and not ok.delivered and ok.provider_ref == "notify-1"
    assert fake.sent[0] == {
        "phone_number": "+447700900011",
        "template_id": "t-sms",
        "personalisation": {"body": "SMS body"},
        "reference": "1",
    }
    assert isinstance(bad.error, ChannelError) and bad.error.permanent


def test_notify_email_carries_the_one_click_unsubscribe_url() -> None:
    fake = FakeNotify()
    list(NotifySender(Channel.EMAIL, NOTIFY_URL, client=fake).send([item(3, "a@example.com")]))
    assert fake.sent[0]["one_click_unsubscribe_url"] == "https://x/u"
    assert fake.sent[0]["personalisation"] == {"subject": "Subject", "body": "Text"}


def test_twilio_sends_texts_and_speaks_calls() -> None:
    fake = FakeTwilio()
    [text] = list(TwilioSender(Channel.SMS, TWILIO_URL, client=fake).send([item(1)]))
    [call] = list(TwilioSender(Channel.VOICE, TWILIO_URL, client=fake).send([item(2, "+441632960011")]))
    assert text.provider_ref == "SM1" and call.provider_ref == "SM2" and not call.delivered
    assert fake.sent[0]["body"] == "SMS body" and fake.sent[0]["from_"] == "+447700900999"
    assert "<Say" in fake.sent[1]["twiml"] and "Said" in fake.sent[1]["twiml"]
    assert fake.sent[1]["status_callback"].endswith("/alerts/receipts/twilio/")


def test_channels_are_chosen_by_url() -> None:
    from django.core.exceptions import ImproperlyConfigured

    assert type(make_sender(Channel.EMAIL, "outbox://")).__name__ == "OutboxSender"
    assert type(make_sender(Channel.EMAIL, "smtp://127.0.0.1:2525")).__name__ == "SmtpSender"
    with pytest.raises(ImproperlyConfigured):
        make_sender(Channel.VOICE, "smtp://127.0.0.1:2525")


def test_sms_fragments_follow_notifys_rules() -> None:
    assert sms_fragments("a" * 160) == (1, "GSM-7")
    assert sms_fragments("a" * 161) == (2, "GSM-7")
    assert sms_fragments("[" * 80) == (1, "GSM-7")  # extended characters count twice
    assert sms_fragments("[" * 81) == (2, "GSM-7")
    assert sms_fragments("Croeso i'r ŵyl" + "a" * 60) == (2, "UCS-2")  # Welsh ŵ needs UCS-2
    assert sms_fragments("ŵ" * 70) == (1, "UCS-2")


def queued_as_sent(channel: int, settings: Any, url: str, fake: Any, sender_cls: Any) -> Delivery:
    nb = create_neighbourhood()
    create_subscriber([nb], email=None, mobile="+447700900012", channels=("sms",))
    fanout.queue(make_message([nb]))
    Worker(senders={channel: sender_cls(channel, url, client=fake)}, channels=[channel]).drain()
    delivery = Delivery.objects.get()
    assert delivery.status == Status.SENT
    return delivery


@pytest.mark.django_db
def test_a_notify_receipt_must_carry_the_callback_token(client: Client, settings: Any) -> None:
    settings.SMS_URL = NOTIFY_URL
    delivery = queued_as_sent(Channel.SMS, settings, NOTIFY_URL, FakeNotify(), NotifySender)
    body = json.dumps({"id": delivery.provider_ref, "reference": str(delivery.pk), "status": "delivered"})
    forged = client.post(
        "/alerts/receipts/notify/",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer wrong"},
    )
    assert forged.status_code == 403 and Delivery.objects.get().status == Status.SENT
    real = client.post(
        "/alerts/receipts/notify/",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer s3cret-token"},
    )
    assert real.status_code == 204
    delivered = Delivery.objects.get()
    assert delivered.status == Status.DELIVERED and delivered.delivered_at


@pytest.mark.django_db
def test_a_notify_permanent_failure_receipt_counts_towards_switching_off(
    client: Client, settings: Any
) -> None:
    settings.SMS_URL = NOTIFY_URL
    settings.ALERTS_PERMANENT_FAILURES_LIMIT = 1
    delivery = queued_as_sent(Channel.SMS, settings, NOTIFY_URL, FakeNotify(), NotifySender)
    body = json.dumps({"id": delivery.provider_ref, "status": "permanent-failure"})
    client.post(
        "/alerts/receipts/notify/",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer s3cret-token"},
    )
    assert Delivery.objects.get().status == Status.PERMANENT_FAILURE
    assert not Subscriber.objects.get().channels & Channel.SMS


def twilio_post(client: Client, path: str, params: dict[str, str], token: str = "auth-token-xyz") -> Any:
    from django.conf import settings
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(token).compute_signature(settings.SITE_URL.rstrip("/") + path, params)
    return client.post(path, params, headers={"X-Twilio-Signature": signature})


@pytest.mark.django_db
def test_a_twilio_receipt_must_be_signed(client: Client, settings: Any) -> None:
    settings.SMS_URL = TWILIO_URL
    delivery = queued_as_sent(Channel.SMS, settings, TWILIO_URL, FakeTwilio(), TwilioSender)
    params = {"MessageSid": delivery.provider_ref, "MessageStatus": "delivered"}
    assert twilio_post(client, "/alerts/receipts/twilio/", params, token="forged").status_code == 403
    assert Delivery.objects.get().status == Status.SENT
    assert twilio_post(client, "/alerts/receipts/twilio/", params).status_code == 204
    assert Delivery.objects.get().status == Status.DELIVERED


@pytest.mark.django_db
def test_a_temporary_failure_receipt_is_retried(client: Client, settings: Any) -> None:
    settings.SMS_URL = TWILIO_URL
    delivery = queued_as_sent(Channel.SMS, settings, TWILIO_URL, FakeTwilio(), TwilioSender)
    twilio_post(
        client,
        "/alerts/receipts/twilio/",
        {"MessageSid": delivery.provider_ref, "MessageStatus": "undelivered"},
    )
    row = Delivery.objects.get()
    assert row.status == Status.TEMPORARY_FAILURE and row.next_attempt_at > delivery.created_at


@pytest.mark.django_db
def test_a_stop_reply_unsubscribes_that_number_from_texts(client: Client, settings: Any) -> None:
    settings.SMS_URL = TWILIO_URL
    nb = create_neighbourhood()
    sub = create_subscriber([nb], mobile="+447700900013", channels=("email", "sms"))
    assert (
        twilio_post(
            client, "/alerts/inbound/twilio/", {"From": "+447700900013", "Body": "stop"}, "nope"
        ).status_code
        == 403
    )
    assert Subscriber.objects.get().channels & Channel.SMS
    response = twilio_post(client, "/alerts/inbound/twilio/", {"From": "+447700900013", "Body": " Stop "})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert not sub.channels & Channel.SMS and sub.channels & Channel.EMAIL


@pytest.mark.django_db
def test_a_stop_reply_through_notify_unsubscribes_too(client: Client, settings: Any) -> None:
    settings.SMS_URL = NOTIFY_URL
    nb = create_neighbourhood()
    sub = create_subscriber([nb], mobile="+447700900014", channels=("sms",))
    body = json.dumps({"source_number": "+447700900014", "message": "STOP"})
    client.post(
        "/alerts/inbound/notify/",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer s3cret-token"},
    )
    sub.refresh_from_db()
    assert not sub.channels & Channel.SMS
