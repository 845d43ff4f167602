"""The realistic data set the browser tests run against: the demo, built by the demo builder."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from safer.demo.postcodes import POSTCODES_PATH
from safer.places.models import Neighbourhood, PolicingArea, Postcode, normalise_postcode
from safer.testing import load_demo


@dataclass(frozen=True)
class SiteData:
    """What the demo made that the tests need to name: build URLs from these."""

    postcode: str  # as written in the fixture file, e.g. "WR14 2QD"
    latitude: float  # the postcode's point, from the same file
    longitude: float
    neighbourhood: Neighbourhood  # the postcode's team
    area: PolicingArea  # a current local policing area
    former_area: PolicingArea  # one replaced in the January 2026 change


def fixture_postcodes() -> list[dict[str, str]]:
    with POSTCODES_PATH.open(newline="") as f:
        return [row for row in csv.DictReader(f) if not row.get("doterm")]


def site_data() -> SiteData:
    """Load the demo and pick a postcode from the fixture file whose team is known."""
    load_demo()
    for row in fixture_postcodes():
        found = Postcode.objects.filter(postcode=normalise_postcode(row["pcds"])).first()
        if found is not None and found.neighbourhood is not None:
            break
    else:
        raise AssertionError("no postcode in the fixture file resolves to a demo neighbourhood")
    nb = found.neighbourhood
    areas = PolicingArea.objects.all()
    today = timezone.localdate()
    return SiteData(
        postcode=row["pcds"],
        latitude=float(row["lat"]),
        longitude=float(row["long"]),
        neighbourhood=nb,
        area=next(a for a in areas if a.is_current(today)),
        former_area=next(a for a in areas if a.effective_to is not None and a.effective_to < today),
    )


@pytest.fixture
def demo(transactional_db: Any) -> SiteData:
    """The demo data. Browser tests need `transactional_db` (the live server runs in another
    thread), which empties the database after each test, so the data is restored for each test."""
    return site_data()
