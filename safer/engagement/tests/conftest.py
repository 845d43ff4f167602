"""Small fixtures for the engagement tests: a team in an area, and staff who work in it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from safer.accounts.models import Role
from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import Person, Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff


@dataclass
class Team:
    area: PolicingArea
    neighbourhood: Neighbourhood
    pcso: User
    sergeant: User
    officer: Person


@pytest.fixture
def team(db: None) -> Team:
    area = create_area(name="Herefordshire & Worcestershire", slug="hw")
    nb = create_neighbourhood(
        area=area, name="Ledbury", slug="ledbury", code="HE08", email="ledbury@example.org"
    )
    officer = create_person(nb, given_name="Priya", family_name="Clarke", rank=Rank.PCSO)
    return Team(
        area=area,
        neighbourhood=nb,
        pcso=create_staff(Role.PCSO, neighbourhoods=[nb]),
        sergeant=create_staff(Role.SERGEANT, neighbourhoods=[nb]),
        officer=officer,
    )
