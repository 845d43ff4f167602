"""The manage page will not save text or call choices without a number, and lets a resident add
or change their mobile (confirmed with a code, as at sign-up)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safer.alerts.links import manage_path
from safer.alerts.models import Channel, PhoneConfirmation, Subscriber
from safer.testing import create_neighbourhood, create_subscriber

CHOICES = {"email_kinds": ["crime"], "digest_frequency": "daily"}


def _post(client: Client, subscriber: Subscriber, **data: Any) -> Any:
    return client.post(manage_path(subscriber.pk, subscriber.key), {**CHOICES, **data})


@pytest.mark.django_db
def test_text_choices_without_a_mobile_are_refused_and_nothing_changes(client: Client) -> None:
    subscriber = create_subscriber([create_neighbourhood()], kinds=["crime"])
    response = _post(client, subscriber, sms_kinds=["crime"], email_kinds=[])
    assert response.status_code == 200
    assert "Enter a mobile number to get text messages" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.sms_kinds == 0 and subscriber.email_kinds != 0


@pytest.mark.django_db
def test_call_choices_need_a_number_too(client: Client) -> None:
    subscriber = create_subscriber([create_neighbourhood()])
    response = _post(client, subscriber, voice_kinds=["crime"])
    assert "Enter a mobile number to get phone calls" in response.content.decode()


@pytest.mark.django_db
def test_a_resident_adds_a_mobile_and_is_asked_for_its_code(client: Client, immediate_tasks: None) -> None:
    subscriber = create_subscriber([create_neighbourhood()])
    page = client.get(manage_path(subscriber.pk, subscriber.key)).content.decode()
    assert 'name="mobile"' in page
    response = _post(client, subscriber, sms_kinds=["crime"], mobile="07700 900123")
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:check-phone")
    assert 'name="code"' in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.mobile == "+447700900123" and subscriber.mobile_confirmed_at is None
    assert not subscriber.channels & Channel.SMS  # nothing goes to it until it is confirmed
    assert subscriber.sms_kinds != 0
    assert PhoneConfirmation.objects.filter(subscriber=subscriber, field="mobile").exists()


@pytest.mark.django_db
def test_a_confirmed_mobile_left_as_it_is_stays_confirmed(client: Client) -> None:
    subscriber = create_subscriber(
        [create_neighbourhood()], mobile="+447700900456", channels=("email", "sms")
    )
    response = _post(client, subscriber, sms_kinds=["crime"], mobile="+447700900456")
    assert response.status_code == 302 and response["Location"] == manage_path(subscriber.pk, subscriber.key)
    subscriber.refresh_from_db()
    assert subscriber.mobile_confirmed_at is not None and subscriber.channels & Channel.SMS
