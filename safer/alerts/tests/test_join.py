"""The quick sign-up: one question a page, sensible defaults, check your answers, confirm."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safer.alerts.models import KIND_BITS, AlertPlace, Subscriber, Subscription
from safer.alerts.tests.test_signup import postcode_in
from safer.testing import create_neighbourhood, create_subscriber


@pytest.fixture
def tasks_now(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


@pytest.mark.django_db
def test_email_postcode_confirm_registers_crime_alerts_and_appeals_by_email(
    client: Client, tasks_now: None
) -> None:
    nb = create_neighbourhood(name="Claines")
    postcode_in(nb, "WR38SP")
    assert client.post("/alerts/join/", {"email": "Sam@Example.COM"})["Location"] == "/alerts/join/postcode/"
    answer = client.post("/alerts/join/postcode/", {"postcode": "wr3 8sp"})
    assert answer["Location"] == "/alerts/join/check-your-answers/"
    assert not Subscriber.objects.exists()  # nothing is stored before "Confirm"
    check = client.get("/alerts/join/check-your-answers/").content.decode()
    assert "WR3 8SP" in check and "Claines neighbourhood team" in check and "Sam@example.com" in check
    assert "Crime alerts and witness appeals, by email" in check
    assert client.post("/alerts/join/check-your-answers/")["Location"] == "/alerts/sign-up/check-your-email/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Sam@example.com" and subscriber.email_confirmed_at is None
    assert subscriber.email_kinds == KIND_BITS["crime"] | KIND_BITS["appeal"]
    assert subscriber.sms_kinds == subscriber.voice_kinds == subscriber.digest_kinds == 0
    place = AlertPlace.objects.get()
    assert place.postcode == "WR38SP" and place.label == "home"
    assert list(Subscription.objects.values_list("neighbourhood", flat=True)) == [nb.pk]
    # The answers are forgotten: going back starts again.
    assert client.get("/alerts/join/check-your-answers/")["Location"] == "/alerts/join/"


@pytest.mark.django_db
def test_a_team_and_a_postcode_elsewhere_give_both_neighbourhoods(client: Client, tasks_now: None) -> None:
    team = create_neighbourhood(name="Claines")
    home = create_neighbourhood(name="Warndon", force=team.force)
    postcode_in(home, "WR49AA")
    client.get(f"/alerts/join/?neighbourhood={team.slug}")
    client.post("/alerts/join/", {"email": "sam@example.com"})
    client.post("/alerts/join/postcode/", {"postcode": "WR4 9AA"})
    check = client.get("/alerts/join/check-your-answers/").content.decode()
    assert "Claines and Warndon neighbourhood teams" in check
    client.post("/alerts/join/check-your-answers/")
    assert set(Subscription.objects.values_list("neighbourhood__name", flat=True)) == {"Claines", "Warndon"}


@pytest.mark.django_db
def test_each_question_says_what_is_wrong_and_keeps_nothing(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    postcode_in(nb, "WR38SP")
    empty = client.post("/alerts/join/", {"email": ""}).content.decode()
    assert "Enter your email address" in empty and "govuk-error-summary" in empty
    wrong = client.post("/alerts/join/", {"email": "sam at example"}).content.decode()
    assert "Enter an email address in the correct format" in wrong
    # The later questions cannot be reached before the first is answered.
    assert client.get("/alerts/join/postcode/")["Location"] == "/alerts/join/"
    client.post("/alerts/join/", {"email": "sam@example.com"})
    assert "Enter your postcode" in client.post("/alerts/join/postcode/", {"postcode": ""}).content.decode()
    unknown = client.post("/alerts/join/postcode/", {"postcode": "WR9 9ZZ"}).content.decode()
    assert "We could not find the postcode WR9 9ZZ" in unknown
    assert client.get("/alerts/join/check-your-answers/")["Location"] == "/alerts/join/postcode/"
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_change_links_come_back_to_check_your_answers(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    postcode_in(nb, "WR38SP")
    client.post("/alerts/join/", {"email": "sam@example.com"})
    client.post("/alerts/join/postcode/", {"postcode": "WR3 8SP"})
    changed = client.post("/alerts/join/?change=1", {"email": "alex@example.com"})
    assert changed["Location"] == "/alerts/join/check-your-answers/"
    assert "alex@example.com" in client.get("/alerts/join/check-your-answers/").content.decode()
    assert 'value="alex@example.com"' in client.get("/alerts/join/?change=1").content.decode()


@pytest.mark.django_db
def test_a_registered_address_changes_nothing_and_gets_the_same_answer(
    client: Client, tasks_now: None
) -> None:
    nb = create_neighbourhood(name="Claines")
    postcode_in(nb, "WR38SP")
    create_subscriber(email="sam@example.com")
    client.post("/alerts/join/", {"email": "sam@example.com"})
    client.post("/alerts/join/postcode/", {"postcode": "WR3 8SP"})
    answer = client.post("/alerts/join/check-your-answers/")
    assert answer["Location"] == "/alerts/sign-up/check-your-email/"
    assert Subscriber.objects.count() == 1
