"""Defect 11: sign-up must not say which addresses are registered, and no one can make us email or
text an address more than CONFIRMATIONS_PER_ADDRESS_PER_DAY times a day."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from safer.alerts.models import Channel, OutboxMessage
from safer.alerts.tests.test_signup import postcode_in, signup_data
from safer.lib import recipients
from safer.testing import create_neighbourhood, create_subscriber

pytestmark = pytest.mark.django_db

PER_REQUEST = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]+"')


def answer(client: Client, **data: Any) -> tuple[str, str]:
    """Where sign-up sends the browser, and the page there (without per-request tokens)."""
    response = client.post("/alerts/sign-up/", signup_data(**data))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return response["Location"], PER_REQUEST.sub("", page.content.decode())


@pytest.fixture
def area(settings: Any) -> Any:
    settings.SMS_URL = settings.EMAIL_URL = settings.VOICE_URL = "outbox://"
    nb = create_neighbourhood()
    postcode_in(nb)
    return nb


def test_a_known_and_a_new_mobile_get_the_same_answer(area, immediate_tasks):
    create_subscriber([area], email=None, mobile="+447700900111", channels=("sms",))
    phone = {"email": "", "email_kinds": [], "sms_kinds": ["crime"]}
    known = answer(Client(), mobile="07700 900111", **phone)
    new = answer(Client(), mobile="07700 900222", **phone)
    assert known == new


def test_a_known_and_a_new_email_get_the_same_answer(area, immediate_tasks):
    create_subscriber([area], email="known@example.com")
    assert answer(Client(), email="known@example.com") == answer(Client(), email="new@example.com")


def test_no_code_works_on_the_page_shown_for_a_known_number(area, immediate_tasks):
    owner = create_subscriber([area], email=None, mobile="+447700900111", channels=("sms",))
    client = Client()
    response = client.post(
        "/alerts/sign-up/", signup_data(email="", email_kinds=[], mobile="07700 900111", sms_kinds=["crime"])
    )
    tried = client.post(response["Location"], {"field": "mobile", "code": "123456"})
    assert "The code is wrong" in tried.content.decode()
    [text] = OutboxMessage.objects.filter(channel=Channel.SMS)  # the owner's manage link
    assert "/alerts/manage/" in text.body and text.to_address == owner.mobile


def test_a_mobile_gets_at_most_the_daily_number_of_texts_however_often_it_is_entered(
    area, immediate_tasks, settings
):
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
    for _ in range(6):
        Client().post(
            "/alerts/sign-up/",
            signup_data(email="", email_kinds=[], mobile="07700 900333", sms_kinds=["crime"]),
        )
    assert OutboxMessage.objects.filter(to_address="+447700900333").count() == 3


def test_an_email_address_gets_at_most_the_daily_number_of_emails(area, immediate_tasks, settings):
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
    for typed in ("victim@example.com", "Victim@Example.com", "VICTIM@example.com", "victim@example.com"):
        Client().post("/alerts/sign-up/", signup_data(email=typed))
        Client().post("/alerts/manage/", {"address": typed})
    assert OutboxMessage.objects.filter(to_address__iexact="victim@example.com").count() == 3


def test_the_count_is_kept_under_a_hash_not_the_address(area, immediate_tasks):
    Client().post(
        "/alerts/sign-up/", signup_data(email="", email_kinds=[], mobile="07700 900444", sms_kinds=["crime"])
    )
    key = recipients.cache_key("+447700900444", "alerts")
    assert cache.get(key) == 1
    assert "7700900444" not in key and "900444" not in key


def test_contact_confirmations_are_capped_per_address(client, settings, run_on_commit_contact):
    settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY = 3
    settings.CONTACT_MESSAGES_PER_HOUR = 100
    settings.EMAIL_URL = "outbox://"
    nb = create_neighbourhood()
    for _ in range(5):
        with run_on_commit_contact(execute=True):
            response = client.post(
                reverse("contact:form", args=[nb.slug]),
                {"body": "Speeding on Church Road.", "channel": "email", "email": "victim@example.com"},
            )
        assert response.status_code == 302
    assert OutboxMessage.objects.filter(to_address="victim@example.com").count() == 3


@pytest.fixture
def run_on_commit_contact(django_capture_on_commit_callbacks: Any, settings: Any) -> Any:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    return django_capture_on_commit_callbacks
