"""Defect 12: one client cannot stuff a survey, and the results page flags bursts from one address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import Role
from safer.engagement import survey_limits
from safer.engagement.models import SurveyResponse
from safer.places.models import Parish
from safer.testing import create_neighbourhood, create_staff, create_survey, sign_in


def answers(survey: Any) -> dict[str, Any]:
    q = {q.order: q.pk for q in survey.questions.all()}
    parish, _ = Parish.objects.get_or_create(neighbourhood=survey.neighbourhood, name="Eastnor")
    return {f"q{q[1]}": ["speeding"], f"q{q[2]}": "2", f"q{q[3]}": "Never", "parish": str(parish.pk)}


def post(client: Client, survey: Any, address: str = "198.51.100.7") -> int:
    url = reverse("engagement:survey", args=[survey.slug])
    return client.post(url, answers(survey), REMOTE_ADDR=address).status_code


@pytest.mark.django_db
def test_one_browser_answers_once(client: Client) -> None:
    survey = create_survey(create_neighbourhood())
    statuses = [post(client, survey) for _ in range(25)]
    assert statuses == [302] + [429] * 24
    assert SurveyResponse.objects.count() == 1
    page = client.post(reverse("engagement:survey", args=[survey.slug]), answers(survey)).content.decode()
    assert survey_limits.ALREADY_ANSWERED in page


@pytest.mark.django_db
def test_one_address_without_cookies_is_held_to_the_daily_limit(client: Client, settings: Any) -> None:
    settings.SURVEY_RESPONSES_PER_ADDRESS_PER_DAY = 5
    survey = create_survey(create_neighbourhood())
    statuses = []
    for _ in range(25):
        client.cookies.clear()  # a script that drops its cookies
        statuses.append(post(client, survey))
    assert statuses == [302] * 5 + [429] * 20
    assert SurveyResponse.objects.count() == 5
    client.cookies.clear()
    assert post(client, survey, address="198.51.100.8") == 302  # a neighbour is not held up


@pytest.mark.django_db
def test_only_a_salted_hash_of_the_address_is_stored(client: Client) -> None:
    survey, other = create_survey(create_neighbourhood()), create_survey(create_neighbourhood())
    post(client, survey)
    client.cookies.clear()
    post(client, other)
    stored = list(SurveyResponse.objects.order_by("pk").values_list("client_hash", flat=True))
    assert all(len(h) == 64 and "198.51.100.7" not in h for h in stored)
    assert stored[0] != stored[1]  # per survey: answers to two surveys cannot be linked


@pytest.mark.django_db
def test_the_results_page_flags_a_burst_from_one_address(client: Client, settings: Any) -> None:
    settings.SURVEY_BURST_RESPONSES = 3
    team = create_neighbourhood()
    survey = create_survey(team)
    start = timezone.now() - dt.timedelta(hours=2)
    for minutes in (0, 2, 4, 5, 9, 30):
        SurveyResponse.objects.create(
            survey=survey, client_hash="a" * 64, submitted_at=start + dt.timedelta(minutes=minutes)
        )
    for minutes in (0, 20, 40):  # one household answering through the day: not a burst
        SurveyResponse.objects.create(
            survey=survey, client_hash="b" * 64, submitted_at=start + dt.timedelta(minutes=minutes)
        )
    bursts = survey_limits.bursts(survey)
    assert [(b.responses, b.first, b.last) for b in bursts] == [(5, start, start + dt.timedelta(minutes=9))]
    sign_in(client, create_staff(Role.PC, neighbourhoods=[team]))
    page = client.get(reverse("engagement:staff-survey", args=[survey.pk])).content.decode()
    assert "5 responses from one address within 10 minutes" in page


@pytest.mark.django_db
def test_no_warning_without_a_burst(client: Client) -> None:
    team = create_neighbourhood()
    survey = create_survey(team)
    post(client, survey)
    sign_in(client, create_staff(Role.PC, neighbourhoods=[team]))
    page = client.get(reverse("engagement:staff-survey", args=[survey.pk])).content.decode()
    assert "from one address within" not in page
