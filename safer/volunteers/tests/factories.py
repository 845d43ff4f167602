"""Small factories for the volunteers' tests (and the access matrix's URL builders)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from safer.accounts import scopes
from safer.places.models import Neighbourhood, PolicingArea
from safer.volunteers.models import (
    AdvisoryAction,
    AdvisoryGroup,
    Cadet,
    CadetUnit,
    CustodySuite,
    CustodyVisit,
    CustodyVisitor,
    RideAlong,
)

_seq = count(1)


def area_of(nb: Neighbourhood) -> PolicingArea:
    area = nb.areas.first()
    assert area is not None, "the neighbourhood needs an area"
    return area


def leaders_of(nb: Neighbourhood) -> Any:
    """Every cadet-leader account whose scope names this neighbourhood."""
    return User.objects.filter(staff__role__in=scopes.CADET_LEADERS, staff__neighbourhoods=nb)


def create_unit(nb: Neighbourhood, leaders: Any = None, **overrides: Any) -> CadetUnit:
    fields: dict[str, Any] = {
        "name": f"Unit {next(_seq)}",
        "kind": CadetUnit.Kind.CADETS,
        "neighbourhood": nb,
    }
    fields.update(overrides)
    unit = CadetUnit.objects.create(**fields)
    unit.leaders.set(leaders_of(nb) if leaders is None else leaders)
    return unit


def create_cadet(unit: CadetUnit, **overrides: Any) -> Cadet:
    n = next(_seq)
    today = timezone.localdate()
    fields: dict[str, Any] = {
        "unit": unit,
        "given_name": f"Child{n}",
        "family_name": f"Cadet{n}",
        "date_of_birth": today.replace(year=today.year - 15) - dt.timedelta(days=40),
        "joined_on": today - dt.timedelta(days=30),
        "carer_name": f"Carer {n}",
        "carer_phone": "+447700900456",
    }
    fields.update(overrides)
    return Cadet.objects.create(**fields)


def create_group(area: PolicingArea, **overrides: Any) -> AdvisoryGroup:
    fields: dict[str, Any] = {
        "name": f"IAG {next(_seq)}",
        "kind": AdvisoryGroup.Kind.GEOGRAPHIC,
        "area": area,
    }
    fields.update(overrides)
    return AdvisoryGroup.objects.create(**fields)


def create_action(group: AdvisoryGroup, **overrides: Any) -> AdvisoryAction:
    fields: dict[str, Any] = {
        "group": group,
        "description": "Review stop and search briefing",
        "owner": "Inspector Example",
        "due_on": timezone.localdate() + dt.timedelta(days=14),
    }
    fields.update(overrides)
    return AdvisoryAction.objects.create(**fields)


def create_suite(area: PolicingArea, **overrides: Any) -> CustodySuite:
    fields: dict[str, Any] = {"name": f"Suite {next(_seq)}", "area": area}
    fields.update(overrides)
    return CustodySuite.objects.create(**fields)


def create_visitor(area: PolicingArea, **overrides: Any) -> CustodyVisitor:
    fields: dict[str, Any] = {
        "name": f"Visitor {next(_seq)}",
        "area": area,
        "vetted_on": timezone.localdate(),
    }
    fields.update(overrides)
    return CustodyVisitor.objects.create(**fields)


def create_visit(suite: CustodySuite, **overrides: Any) -> CustodyVisit:
    arrived = overrides.pop("arrived_at", timezone.now() - dt.timedelta(days=2))
    fields: dict[str, Any] = {
        "suite": suite,
        "first_visitor": create_visitor(suite.area),
        "second_visitor": create_visitor(suite.area),
        "arrived_at": arrived,
        "left_at": arrived + dt.timedelta(hours=1),
        "detainees_in_custody": 6,
        "detainees_offered": 5,
        "detainees_seen": 4,
        "issues_raised": "Cell 4 had no blanket.",
    }
    fields.update(overrides)
    return CustodyVisit.objects.create(**fields)


def create_ride_along(area: PolicingArea, **overrides: Any) -> RideAlong:
    n = next(_seq)
    fields: dict[str, Any] = {
        "reference": f"RA-T{n:05d}",
        "name": f"Applicant {n}",
        "email": f"applicant{n}@example.org",
        "phone": "+447700900789",
        "date_of_birth": dt.date(1980, 5, 1),
        "area": area,
        "reason": "To see what the job is like.",
        "lives_in_force_area": True,
        "has_convictions": False,
        "restrictions_acknowledged_at": timezone.now(),
    }
    fields.update(overrides)
    return RideAlong.objects.create(**fields)


HOURS = Decimal("4")
