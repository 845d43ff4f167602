"""Staff keep the team's description and contact details, which lead the public team page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role
from safer.places.models import Neighbourhood
from safer.testing import create_force, create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


def test_a_pcso_changes_the_teams_details_and_the_public_page_shows_them_at_once(settings) -> None:  # type: ignore[no-untyped-def]
    create_force(slug=settings.FORCE_ID)
    nb = create_neighbourhood(name="Malvern Link", force=create_force(slug=settings.FORCE_ID))
    public = Client()
    assert "We patrol Malvern Link" not in public.get(nb.get_absolute_url()).content.decode()  # now cached
    client = sign_in(Client(), create_staff(Role.PCSO, neighbourhoods=[nb]))
    response = client.post(
        reverse("teams:team-details", args=[nb.slug]),
        {
            "description": "We patrol Malvern Link and Newtown.",
            "email": "snt.malvern@example.police.uk",
            "telephone": "101  ext 4321",
        },
    )
    assert response["Location"] == reverse("teams:team", args=[nb.slug])
    nb.refresh_from_db()
    assert (nb.email, nb.telephone) == ("snt.malvern@example.police.uk", "101 ext 4321")
    event = AuditEvent.objects.get(action="team_details.changed")
    assert event.changes["telephone"] == ["", "101 ext 4321"]
    html = public.get(nb.get_absolute_url()).content.decode()  # the cached page was replaced
    assert "We patrol Malvern Link and Newtown." in html and "mailto:snt.malvern@example.police.uk" in html
    assert html.index("We patrol Malvern Link") < html.index("How to reach the team")


def test_bad_details_are_refused_with_a_clear_message_and_nothing_changes() -> None:
    nb = create_neighbourhood(description="Before")
    client = sign_in(Client(), create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    response = client.post(
        reverse("teams:team-details", args=[nb.slug]),
        {"description": "x" * 1001, "email": "not an email", "telephone": "call us"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "About the team must be 1,000 characters or fewer" in html
    assert "Enter an email address in the correct format" in html
    assert "Enter a telephone number, like 01905 123456" in html
    assert Neighbourhood.objects.get(pk=nb.pk).description == "Before"
    assert not AuditEvent.objects.filter(action="team_details.changed").exists()


def test_saving_the_same_details_changes_nothing() -> None:
    nb = create_neighbourhood(description="Same", telephone="101")
    client = sign_in(Client(), create_staff(Role.PC, neighbourhoods=[nb]))
    response = client.post(
        reverse("teams:team-details", args=[nb.slug]),
        {"description": "Same", "email": "", "telephone": "101"},
        follow=True,
    )
    assert "Nothing was changed." in response.content.decode()
    assert not AuditEvent.objects.exists()
