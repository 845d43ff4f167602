from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from safer.places.models import PolicingArea
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db

CHANGE = dt.date(2026, 1, 19)


def make_layouts() -> tuple[PolicingArea, PolicingArea, PolicingArea]:
    """Two old areas merged into one new area on 19 January 2026."""
    new = create_area(name="Herefordshire and Worcestershire", slug="hw", effective_from=CHANGE)
    old_h = create_area(
        name="Herefordshire",
        slug="herefordshire",
        effective_from=dt.date(2018, 4, 1),
        effective_to=CHANGE - dt.timedelta(days=1),
    )
    old_w = create_area(
        name="South Worcestershire",
        slug="south-worcestershire",
        effective_from=dt.date(2018, 4, 1),
        effective_to=CHANGE - dt.timedelta(days=1),
    )
    ledbury = create_neighbourhood(area=new, name="Ledbury", slug="ledbury")
    ledbury.areas.add(old_h)
    malvern = create_neighbourhood(area=new, name="Malvern", slug="malvern")
    malvern.areas.add(old_w)
    create_person(ledbury, rank=Rank.INSPECTOR, given_name="Ian", family_name="Inspector")
    return new, old_h, old_w


def test_it_lists_a_current_areas_teams_and_inspector(client: Client) -> None:
    make_layouts()
    html = client.get("/areas/hw/").content.decode()
    assert '<h1 class="govuk-heading-xl">Herefordshire and Worcestershire</h1>' in html
    assert '<a class="govuk-link" href="/neighbourhoods/ledbury/">Ledbury</a>' in html
    assert '<a class="govuk-link" href="/neighbourhoods/malvern/">Malvern</a>' in html
    assert "Inspector Ian Inspector" in html
    assert "was replaced" not in html
    assert "Before 19 January 2026, its neighbourhoods were part of" in html
    assert 'href="/areas/herefordshire/">Herefordshire</a> and' in html


def test_it_says_which_area_replaced_an_old_one_and_when(client: Client) -> None:
    make_layouts()
    response = client.get("/areas/herefordshire/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Former local policing area" in html
    assert (
        'This area was replaced on 19 January 2026 by <a class="govuk-link" href="/areas/hw/">'
        "Herefordshire and Worcestershire</a>." in html
    )
    assert "Ledbury" in html and "Malvern" not in html
    assert "Inspector Ian Inspector" not in html  # today's inspector is not the old area's


def test_it_lists_current_and_former_areas(client: Client) -> None:
    make_layouts()
    html = client.get("/areas/").content.decode()
    current, former = html.split("Former areas")
    assert (
        'Herefordshire and Worcestershire</a> <span class="govuk-body-s">(2 neighbourhood teams)' in current
    )
    assert "/areas/herefordshire/" in former and "/areas/south-worcestershire/" in former
    assert "until 18 January 2026" in former


def test_it_answers_404_for_an_unknown_area(client: Client) -> None:
    assert client.get("/areas/atlantis/").status_code == 404
