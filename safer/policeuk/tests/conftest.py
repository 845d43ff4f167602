"""Factory data for the police.uk API tests: West Mercia with a Worcester city centre team."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from safer.places.models import Force, Neighbourhood
from safer.teams.models import Person, Rank
from safer.testing import create_force, create_neighbourhood, create_person

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A box around Worcester's centre holding the "must show" point 52.1936,-2.2216.
WORCESTER_BOX = (-2.2300, 52.1880, -2.2100, 52.1990)
INSIDE = (52.1936, -2.2216)
OUTSIDE = (51.5006, -0.1246)  # Westminster: inside no West Mercia boundary


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


@dataclass
class WestMercia:
    force: Force
    city: Neighbourhood
    other: Neighbourhood
    inspector: Person
    sergeant: Person
    pc: Person
    pcso: Person


@pytest.fixture
def west_mercia(db: None) -> WestMercia:
    force = create_force(
        description="Policing Herefordshire, Shropshire, Telford and Wrekin and Worcestershire.",
        url="https://www.westmercia.police.uk/",
        telephone="101",
        engagement_methods=[
            {
                "title": "Facebook",
                "url": "https://www.facebook.com/westmerciapolice",
                "description": "Follow us",
            },
            {"title": "telephone", "description": "101"},
        ],
    )
    city = create_neighbourhood(
        box=WORCESTER_BOX,
        code="worcester-city-centre",
        slug="worcester-city-centre",
        name="Worcester City Centre",
        description="<p>The city centre, the cathedral and the riverside.</p>",
        population=12500,
        email="worcester.snt@example.police.uk",
        telephone="01905 000000",
    )
    other = create_neighbourhood(
        box=(-2.3500, 52.1000, -2.3000, 52.1500), code="55.CB 3001", name="Malvern Link"
    )
    inspector = create_person(
        city,
        given_name="Imogen",
        family_name="Hale",
        rank=Rank.INSPECTOR,
        biography="Inspector for the city.",
    )
    sergeant = create_person(city, given_name="Sanjay", family_name="Patel", rank=Rank.SERGEANT, biography="")
    pc = create_person(city, given_name="Priya", family_name="Clarke", rank=Rank.PC, work_mobile="")
    pcso = create_person(city, given_name="Owen", family_name="Ward", rank=Rank.PCSO, work_email="")
    return WestMercia(force, city, other, inspector, sergeant, pc, pcso)
