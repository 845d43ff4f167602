"""Small factories for victim-record tests: an incident, an officer with a team record (collar
number, email, mobile: what the leaflet prints), and a victim recorded through the action."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from safer.accounts.models import Role
from safer.crime.bulk import to_bng
from safer.crime.models import Incident
from safer.places.models import Neighbourhood
from safer.teams.models import Rank
from safer.testing import create_person, create_staff
from safer.victims import actions
from safer.victims.records import Victim

_seq = itertools.count(1)


def incident(
    neighbourhood: Neighbourhood, category: str = "violent-crime", days_ago: float = 1, victim_ref: str = ""
) -> Incident:
    lat, lng = 52.15, -2.29
    east, north = to_bng([lat], [lng])
    n = next(_seq)
    return Incident.objects.create(
        reference=f"22/{10000 + n}/26",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        category=category,
        latitude=lat,
        longitude=lng,
        easting=float(east[0]),
        northing=float(north[0]),
        victim_ref=victim_ref or f"P{n}",
        neighbourhood=neighbourhood,
    )


def officer(neighbourhood: Neighbourhood, role: str = Role.PC, **person: Any) -> User:
    """A staff account with a team record (the person the leaflet names)."""
    user = create_staff(role, neighbourhoods=[neighbourhood])
    fields = {"rank": Rank.PC if role == Role.PC else Rank.SERGEANT if role == Role.SERGEANT else Rank.PCSO}
    fields.update(person)
    create_person(neighbourhood, user=user, **fields)
    return user


CONTACT: dict[str, Any] = {
    "kind": Victim.Kind.PERSON,
    "name": "Alex Fictional",
    "phone": "+447700900456",
    "email": "alex@example.org",
    "address": "1 Example Street, Worcester",
    "method": Victim.Method.PHONE,
    "update_every_days": 14,
}


def victim(user: User, incidents: list[Incident], consent: str = "", **fields: Any) -> Victim:
    return actions.create_victim(user, incidents, {**CONTACT, **fields}, consent=consent)
