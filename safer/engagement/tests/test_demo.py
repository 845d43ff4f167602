"""The demo's engagement data: built by the demo step, rebuilt without duplicates, giving the
scorecard real values for every engagement measure per area and per neighbourhood, and a one-page
poster with the whole team for every neighbourhood.

The demo data is shared by the module's tests (the `demo_data` fixture in safer/conftest.py),
inside a transaction rolled back when they are done; each test runs in its own savepoint within it."""

from __future__ import annotations

import io
import json

import pytest
from django.db import transaction
from pypdf import PdfReader

from safer.engagement.demo import load_demo_engagement
from safer.engagement.models import Concern, Event, ParishCouncil, Priority, Station, SurveyResponse
from safer.engagement.poster import poster_pdf
from safer.places.models import Neighbourhood
from safer.teams.models import team_for

MEASURES = [
    "engagement.vehicle_visits_per_week",
    "engagement.advertised_ahead",
    "engagement.parish_agreements_attended",
    "engagement.correspondence_on_time",
    "engagement.parishes_with_concerns",
    "engagement.priorities_updated",
]


@pytest.fixture(scope="module")
def demo(demo_data: None) -> None:
    """The demo data, shared by this module's tests (safer/conftest.py)."""


def expected_teams(metric):
    """Every neighbourhood, except that only those with a parish or town council (not just wards)
    can be judged on council agreements."""
    teams = Neighbourhood.objects.all()
    if metric == "engagement.parish_agreements_attended":
        teams = teams.filter(parishes__council__isnull=False)
    return set(teams.values_list("slug", flat=True))


def counts():
    # The scorecard's demo step (safer/charter/demo.py, run after this one) adds the councils' answers
    # to an annual council survey; rebuilding engagement alone removes those, so they are not counted.
    own = [m.objects.count() for m in (Event, Station, ParishCouncil, Concern, Priority)]
    responses = SurveyResponse.objects.exclude(survey__slug__startswith="demo-council-survey-").count()
    return [*own[:3], responses, *own[3:]]


def test_it_gives_every_measure_a_value_per_area_and_per_neighbourhood(client, demo, db):
    rows = json.loads(client.get("/scorecard/west-mercia-2021.json").content)["results"]
    for metric in MEASURES:
        mine = [r for r in rows if r["metric"] == metric]
        areas = [r for r in mine if r["level"] == "area"]
        assert len({r["place"] for r in areas}) == 2 and all(r["value"] is not None for r in areas), metric
        measured = {r["place"] for r in mine if r["level"] == "neighbourhood" and r["value"] is not None}
        assert measured == expected_teams(metric), metric
    visits = [r for r in rows if r["metric"] == MEASURES[0] and r["level"] == "area"]
    assert all(r["value"] >= 2 and r["status"] == "met" for r in visits)
    teams = [r for r in rows if r["metric"] == MEASURES[1] and r["level"] == "neighbourhood"]
    assert all(0 <= r["value"] <= 100 and r["denominator"] >= 1 for r in teams)


def test_it_prints_every_teams_poster_on_one_page_with_everyone_on_it(demo, db):
    for nb in Neighbourhood.objects.select_related("force"):
        reader = PdfReader(io.BytesIO(poster_pdf(nb)))
        assert len(reader.pages) == 1, nb.name
        text = " ".join(reader.pages[0].extract_text().split())
        assert nb.name in text
        missing = [m.person.display_name for m in team_for(nb) if m.person.display_name not in text]
        assert not missing, (nb.name, missing)


def test_it_rebuilds_without_duplicates(demo, db):
    before = counts()
    assert all(before)
    with transaction.atomic():
        load_demo_engagement()
    assert counts() == before
