"""The public pages: how to volunteer, and the ride-along application's question pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent
from safer.testing import create_area, create_neighbourhood
from safer.volunteers.models import RideAlong
from safer.volunteers.tests.factories import create_group, create_ride_along, create_unit

TODAY = timezone.localdate()
ADULT = TODAY.replace(year=TODAY.year - 30).isoformat()


def step(name: str) -> str:
    return reverse("volunteers:ride-along-step", args=[name])


@pytest.fixture
def area(db: None) -> Any:
    area = create_area(name="North Worcestershire")
    create_neighbourhood(area=area)
    return area


def answer_all(client: Client, area: Any, email: str = "sam@example.org") -> None:
    client.post(step("eligibility"), {"date_of_birth": ADULT, "lives_in_area": "yes", "convictions": "no"})
    client.post(
        step("about-you"),
        {
            "name": "Sam Resident",
            "email": email,
            "phone": "07700 900321",
            "area": area.pk,
            "reason": "Curious.",
        },
    )
    client.post(step("rules"), {"accept": "on"})


def test_the_volunteer_page_lists_the_ways_to_help_and_the_groups_without_names(
    client: Client, area: Any
) -> None:
    create_group(area, name="North Worcestershire IAG")
    create_unit(create_neighbourhood(area=area), leaders=[], kind="mini")
    page = client.get(reverse("volunteers:volunteer")).content.decode()
    for words in (
        "Special constable",
        "Volunteer Police Cadets",
        "custody visitor",
        "North Worcestershire IAG",
    ):
        assert words in page
    assert "0 cadet units and 1 Mini Police unit" in page
    assert f'href="{reverse("volunteers:ride-along")}"' in page


def test_an_adult_applies_checks_their_answers_and_gets_a_reference(client: Client, area: Any) -> None:
    assert client.get(reverse("volunteers:ride-along")).status_code == 200
    answer_all(client, area)
    check = client.get(reverse("volunteers:ride-along-check")).content.decode()
    assert "Sam Resident" in check and "07700 900321" in check and "North Worcestershire" in check
    assert f'href="{step("about-you")}"' in check
    done = client.post(reverse("volunteers:ride-along-check"), follow=True).content.decode()
    ride = RideAlong.objects.get()
    assert ride.reference in done and ride.status == RideAlong.Status.RECEIVED
    assert (ride.phone, ride.area, ride.has_convictions) == ("+447700900321", area, False)
    assert AuditEvent.objects.filter(action="volunteers.ride_along.applied", actor=None).exists()
    # the answers are gone: a second visit starts again rather than sending twice
    assert client.get(reverse("volunteers:ride-along-check"))["Location"] == step("eligibility")
    assert RideAlong.objects.count() == 1


def test_pages_cannot_be_skipped_and_bad_answers_are_explained(client: Client, area: Any) -> None:
    assert client.get(step("rules"))["Location"] == step("eligibility")
    assert client.get(step("nonsense"))["Location"] == step("eligibility")
    bad = client.post(step("eligibility"), {"date_of_birth": "2999-01-01"})
    text = bad.content.decode()
    assert bad.status_code == 400 and "There is a problem" in text
    assert "must be in the past" in text and "This field is required" in text
    client.post(step("eligibility"), {"date_of_birth": ADULT, "lives_in_area": "yes", "convictions": "yes"})
    about = client.post(step("about-you"), {"name": "Sam", "email": "nope", "phone": "123", "reason": ""})
    text = about.content.decode()
    assert "Enter a valid email address" in text and "Enter a UK phone number" in text
    refused = client.post(step("rules"), {})
    assert refused.status_code == 302 and refused["Location"] == step("about-you")  # still missing
    assert not RideAlong.objects.exists()


def test_under_18s_and_people_outside_the_area_are_told_they_cannot_apply(client: Client, area: Any) -> None:
    young = TODAY.replace(year=TODAY.year - 17).isoformat()
    response = client.post(
        step("eligibility"), {"date_of_birth": young, "lives_in_area": "yes", "convictions": "no"}
    )
    assert response["Location"] == reverse("volunteers:ride-along-not-eligible")
    assert "Volunteer Police Cadets" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("volunteers:ride-along-check"))["Location"] == step("about-you")
    outside = client.post(
        step("eligibility"), {"date_of_birth": ADULT, "lives_in_area": "no", "convictions": "no"}
    )
    assert outside["Location"] == reverse("volunteers:ride-along-not-eligible")
    assert not RideAlong.objects.exists()


def test_a_second_ride_along_in_a_calendar_year_is_not_eligible(client: Client, area: Any) -> None:
    create_ride_along(area, email="sam@example.org", status=RideAlong.Status.COMPLETED, completed_on=TODAY)
    answer_all(client, area, email="SAM@example.org")
    client.post(reverse("volunteers:ride-along-check"))
    ride = RideAlong.objects.latest("pk")
    assert ride.status == RideAlong.Status.INELIGIBLE and "this calendar year" in ride.status_note
    assert (
        "cannot offer you a ride-along this time"
        in client.get(reverse("volunteers:ride-along-done")).content.decode()
    )


def test_too_many_applications_from_one_address_are_refused(client: Client, area: Any, settings: Any) -> None:
    settings.RIDE_ALONG_APPLICATIONS_PER_HOUR = 1
    answer_all(client, area)
    client.post(reverse("volunteers:ride-along-check"))
    answer_all(client, area, email="other@example.org")
    response = client.post(reverse("volunteers:ride-along-check"))
    assert response.status_code == 429 and RideAlong.objects.count() == 1
    # the answers are kept, so they can send it later
    assert client.get(reverse("volunteers:ride-along-check")).status_code == 200
