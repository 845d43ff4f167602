""" "Get alerts" from a team's page starts sign-up with that team chosen, and keeps it to the end."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safer.alerts.models import Subscription
from safer.testing import create_neighbourhood


@pytest.mark.django_db
def test_the_team_page_link_carries_the_team_through_the_quick_sign_up(
    client: Client, settings: object
) -> None:
    nb = create_neighbourhood(name="Claines")
    create_neighbourhood(name="Warndon", force=nb.force)
    settings.FORCE_ID = nb.force.slug  # type: ignore[attr-defined]
    team_page = client.get(nb.get_absolute_url()).content.decode()
    link = re.search(r'href="(/alerts/join/[^"]*)">Get alerts', team_page)
    assert link is not None
    first = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Sign up for alerts from the Claines team" in first
    client.post("/alerts/join/", {"email": "sam@example.com"})
    # With a team chosen the postcode may be left empty: the team is where the messages come from.
    assert client.post("/alerts/join/postcode/", {"postcode": ""}).status_code == 302
    check = client.get("/alerts/join/check-your-answers/").content.decode()
    assert "Claines neighbourhood team" in check
    client.post("/alerts/join/check-your-answers/")
    assert list(Subscription.objects.values_list("neighbourhood__name", flat=True)) == ["Claines"]


@pytest.mark.django_db
def test_the_one_page_form_still_starts_with_the_team_chosen(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    signup = client.get(f"/alerts/sign-up/?neighbourhood={nb.slug}").content.decode()
    assert re.search(rf'<option value="{nb.pk}" selected>Claines</option>', signup)


@pytest.mark.django_db
def test_an_unknown_team_leaves_the_choice_empty(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    signup = client.get("/alerts/sign-up/?neighbourhood=no-such-team").content.decode()
    assert f'<option value="{nb.pk}">Claines</option>' in signup
    assert '<option value="" selected>Choose a neighbourhood</option>' in signup
    quick = client.get("/alerts/join/?neighbourhood=no-such-team").content.decode()
    assert "Claines" not in quick
