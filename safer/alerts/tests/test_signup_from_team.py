""" "Get alerts" from a team's page starts sign-up with that team chosen."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safer.testing import create_neighbourhood


@pytest.mark.django_db
def test_the_team_page_link_carries_the_team_to_sign_up(client: Client, settings: object) -> None:
    nb = create_neighbourhood(name="Claines")
    create_neighbourhood(name="Warndon", force=nb.force)
    settings.FORCE_ID = nb.force.slug  # type: ignore[attr-defined]
    team_page = client.get(nb.get_absolute_url()).content.decode()
    link = re.search(r'href="(/alerts/sign-up/[^"]*)">Get alerts', team_page)
    assert link is not None
    signup = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert re.search(rf'<option value="{nb.pk}" selected>Claines</option>', signup)


@pytest.mark.django_db
def test_an_unknown_team_leaves_the_choice_empty(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    signup = client.get("/alerts/sign-up/?neighbourhood=no-such-team").content.decode()
    assert f'<option value="{nb.pk}">Claines</option>' in signup
    assert '<option value="" selected>Choose a neighbourhood</option>' in signup
