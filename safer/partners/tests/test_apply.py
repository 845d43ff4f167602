"""The public ASB Case Review application, page by page without JavaScript, and its figures page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.partners.models import CaseReviewApplication
from safer.places.models import Neighbourhood, Postcode
from safer.testing import create_area, create_neighbourhood

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def hood() -> Neighbourhood:
    nb = create_neighbourhood(area=create_area())
    Postcode.objects.create(postcode="WR11AA", latitude=52.15, longitude=-2.2, neighbourhood=nb)
    return nb


def _post(client: Client, name: str, data: dict[str, str]) -> str:
    response = client.post(reverse(f"partners:{name}"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response["Location"])


def _fill(client: Client, *, for_someone: bool = False) -> None:
    _post(client, "apply-who", {"applying_for": "someone_else" if for_someone else "self"})
    if for_someone:
        _post(
            client,
            "apply-victim",
            {"victim_name": "Jo Neighbour", "relationship": "Daughter", "consent_confirmed": "on"},
        )
    _post(
        client,
        "apply-you",
        {"applicant_name": "Ann Applicant", "applicant_email": "ann@example.org", "postcode": "wr1 1aa"},
    )
    _post(
        client,
        "apply-behaviour",
        {"behaviour": "Loud parties every night", "location": "Elm Road", "hate_related": "no"},
    )
    day = (TODAY - dt.timedelta(days=20)).isoformat()
    assert _post(client, "apply-reports", {"date_1": day, "to_1": "police", "ref_1": "WM-123"}) == reverse(
        "partners:apply-check"
    )


def test_the_start_page_explains_the_threshold(client: Client) -> None:
    html = client.get(reverse("partners:case-review-start")).content.decode()
    assert "3 times or more in the last 6 months" in html and "cannot apply anonymously" in html


def test_an_application_for_yourself_is_stored_once_with_its_reports(
    client: Client, hood: Neighbourhood
) -> None:
    _fill(client)
    check = client.get(reverse("partners:apply-check")).content.decode()
    assert "Loud parties every night" in check and "WM-123" in check
    done = _post(client, "apply-check", {})
    assert done == reverse("partners:apply-done")
    application = CaseReviewApplication.objects.get()
    assert application.neighbourhood == hood and application.applicant_postcode == "WR11AA"
    assert application.applying_for == "self" and not application.consent_confirmed
    assert list(application.complaints.values_list("reported_to", "their_reference")) == [
        ("police", "WM-123")
    ]
    assert application.reference in client.get(done).content.decode()
    # The answers are gone: sending again starts over rather than storing a second copy.
    assert client.post(reverse("partners:apply-check")).status_code == 302
    assert CaseReviewApplication.objects.count() == 1


def test_applying_for_someone_needs_their_consent(client: Client, hood: Neighbourhood) -> None:
    _post(client, "apply-who", {"applying_for": "someone_else"})
    response = client.post(reverse("partners:apply-victim"), {"victim_name": "Jo", "relationship": "Son"})
    assert response.status_code == 400
    assert "You need their written consent to apply for them" in response.content.decode()
    _fill(client, for_someone=True)
    _post(client, "apply-check", {})
    application = CaseReviewApplication.objects.get()
    assert application.victim_name == "Jo Neighbour" and application.consent_confirmed


def test_an_application_cannot_be_anonymous_or_unreachable(client: Client, hood: Neighbourhood) -> None:
    _post(client, "apply-who", {"applying_for": "self"})
    response = client.post(reverse("partners:apply-you"), {"postcode": "WR1 1AA"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter your full name" in html and "Enter an email address or a mobile number" in html


def test_a_postcode_outside_the_force_is_refused(client: Client, hood: Neighbourhood) -> None:
    _post(client, "apply-who", {"applying_for": "self"})
    response = client.post(
        reverse("partners:apply-you"),
        {"applicant_name": "A", "applicant_email": "a@example.org", "postcode": "SW1A 1AA"},
    )
    assert response.status_code == 400 and "Enter a full postcode in our area" in response.content.decode()


def test_reports_in_the_future_or_half_filled_are_refused(client: Client, hood: Neighbourhood) -> None:
    _post(client, "apply-who", {"applying_for": "self"})
    _post(
        client,
        "apply-you",
        {"applicant_name": "A", "applicant_email": "a@example.org", "postcode": "WR1 1AA"},
    )
    _post(client, "apply-behaviour", {"behaviour": "Noise", "location": "Here", "hate_related": "no"})
    future = (TODAY + dt.timedelta(days=2)).isoformat()
    html = client.post(
        reverse("partners:apply-reports"), {"date_1": future, "to_1": "police", "to_2": "council"}
    ).content.decode()
    assert "must be today or in the past" in html and "Enter the date of report 2" in html
    assert CaseReviewApplication.objects.count() == 0


def test_later_pages_send_you_back_to_the_first_unanswered_one(client: Client) -> None:
    response = client.get(reverse("partners:apply-reports"))
    assert response.status_code == 302 and response["Location"] == reverse("partners:apply-who")
    assert client.get(reverse("partners:apply-check"))["Location"] == reverse("partners:apply-who")
    assert client.get(reverse("partners:apply-done"))["Location"] == reverse("partners:case-review-start")


def test_the_figures_page_shows_the_four_numbers(client: Client) -> None:
    html = client.get(reverse("partners:case-review-figures")).content.decode()
    for heading in [
        "Applications received",
        "Threshold not met",
        "Reviews carried out",
        "Reviews with recommendations",
    ]:
        assert heading in html
