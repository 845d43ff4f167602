"""The crime pages and endpoints on the demo data (the real West Mercia months): the hot-spot page
stays small, the public section and the back office name only the months imported, and the outcomes
and stop-and-search endpoints answer with data.

The demo data is shared by the module's tests (the `demo_data` fixture in safer/conftest.py),
inside a transaction rolled back when they are done; each test runs in its own savepoint within it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from safer.accounts.models import Role
from safer.crime.demo import DATA, write_synthetic_stops
from safer.crime.models import Crime, ImportBatch, Outcome, StopAndSearch
from safer.places.models import Neighbourhood
from safer.testing import create_staff, sign_in


@pytest.fixture(scope="module")
def demo(demo_data: None) -> None:
    """The demo data, shared by this module's tests (safer/conftest.py)."""


def test_the_hot_spot_page_of_the_whole_force_stays_small(client: Client, demo: None, db: None) -> None:
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    response = client.get("/crime/hot-spots/")  # Gi* on 250 m cells over the whole force
    page = response.content.decode()
    assert "PAI" in page and "Top cells" in page and "250 m" in page
    assert len(response.content) < 300_000
    assert page.count('href="data:image/png;base64,') == 1 and "<rect" not in page
    assert '<desc id="chart-d' in page and "cells are listed in the table" in page
    biggest = max(Neighbourhood.objects.all(), key=lambda nb: nb.boundary.area if nb.boundary else 0)
    for area, cell in (("", 500), (biggest.pk, 100)):
        other = client.get(
            f"/crime/hot-spots/?neighbourhood={area}&method=kde&cell={cell}&bandwidth=400&start=2019-01"
            "&end=2019-01&test_start=2019-02&test_end=2019-02&coverage=5"
        )
        assert len(other.content) < 300_000 and b"data:image/png;base64," in other.content, cell


def test_the_public_section_names_the_two_real_months(client: Client, demo: None, db: None) -> None:
    nb = Neighbourhood.objects.filter(population__gt=0).order_by("-pk").first()
    assert nb is not None and Crime.objects.filter(neighbourhood=nb).exists()
    page = client.get(nb.get_absolute_url()).content.decode()
    assert "January to February 2019 (2 months of data)" in page and "2018" not in page


def test_outcomes_at_location_answers_with_the_derived_real_outcomes(
    client: Client, demo: None, db: None
) -> None:
    batch = ImportBatch.objects.get(kind="outcomes", month="2019-02")
    assert batch.source == "2019-02-west-mercia-outcomes-derived-from-street.csv"
    outcome = Outcome.objects.filter(month="2019-02", location__isnull=False).order_by("id").first()
    assert outcome is not None
    crime = Crime.objects.get(persistent_id=outcome.persistent_id, month="2019-02")
    assert outcome.outcome_type == crime.outcome_category  # the street file's own last outcome
    found = json.loads(client.get(f"/api/outcomes-at-location?location_id={outcome.location_id}").content)
    assert found and {o["date"] for o in found} == {"2019-02"}
    mine = [o for o in found if o["crime"]["persistent_id"] == outcome.persistent_id]
    assert mine[0]["category"]["name"] == crime.outcome_category
    near = json.loads(
        client.get(f"/api/outcomes-at-location?lat={outcome.latitude}&lng={outcome.longitude}").content
    )
    assert len(near) >= len(found)


def test_crimes_street_dates_lists_the_synthetic_stop_and_search_months(
    client: Client, demo: None, db: None
) -> None:
    dates = json.loads(client.get("/api/crimes-street-dates").content)
    assert dates == [
        {"date": "2019-02", "stop-and-search": ["west-mercia"]},
        {"date": "2019-01", "stop-and-search": ["west-mercia"]},
    ]
    assert StopAndSearch.objects.count() > 400
    assert set(StopAndSearch.objects.values_list("gender", "age_range", "officer_defined_ethnicity")) == {
        ("", "", "")
    }
    sources = set(ImportBatch.objects.filter(kind="stop-and-search").values_list("source", flat=True))
    assert sources == {f"synthetic-2019-0{m}-west-mercia-stop-and-search.csv" for m in (1, 2)}


def test_the_shipped_synthetic_stops_are_exactly_what_the_seed_makes(tmp_path: Path) -> None:
    for made in write_synthetic_stops(tmp_path):
        assert made.name.startswith("synthetic-")
        assert made.read_bytes() == (DATA / made.name).read_bytes()
