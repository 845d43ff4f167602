"""The team page leads with who and how to reach them; crime detail has a page of its own."""

from __future__ import annotations

import pytest
from django.test import Client

from safer.testing import create_force, create_neighbourhood

pytestmark = pytest.mark.django_db


def test_the_crime_page_answers_for_a_team_and_404_for_none(settings) -> None:  # type: ignore[no-untyped-def]
    force = create_force(slug=settings.FORCE_ID)
    nb = create_neighbourhood(name="Malvern Link", force=force)
    response = Client().get(f"{nb.get_absolute_url()}crime/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Crime and anti-social behaviour</h1>' in html
    assert "No crime data is published for this area yet." in html
    assert Client().get("/neighbourhoods/nowhere/crime/").status_code == 404


def test_the_team_page_puts_how_to_reach_the_team_before_what_it_is_doing(settings) -> None:  # type: ignore[no-untyped-def]
    from safer.testing import create_event

    force = create_force(slug=settings.FORCE_ID)
    nb = create_neighbourhood(force=force, email="team@example.police.uk")
    create_event(nb, title="Beat surgery at the library")
    html = Client().get(nb.get_absolute_url()).content.decode()
    order = [
        html.index(text)
        for text in ("How to reach the team", "What the team is doing now", "More about this team")
    ]
    assert order == sorted(order)
    assert "Beat surgery at the library" in html
