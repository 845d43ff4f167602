"""Small builders for the problems tests: snap points and crimes at stated places and months, and
plans at a stated stage."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth.models import User

from safer.crime.importers.load import recount_batches
from safer.crime.models import Crime, CrimeLocation, ImportBatch
from safer.places.models import Neighbourhood
from safer.problems import plans
from safer.problems.models import Plan

_seq = itertools.count(1)
E0, N0 = 385_000.0, 255_000.0  # a point in Worcestershire (British National Grid)


def place(nb: Neighbourhood | None, de: float = 0.0, dn: float = 0.0, name: str = "") -> CrimeLocation:
    k = next(_seq)
    return CrimeLocation.objects.create(
        key=10_000_000 + k,
        latitude=52.19,
        longitude=-2.22,
        name=name or f"On or near Test Street {k}",
        easting=E0 + de,
        northing=N0 + dn,
        neighbourhood=nb,
    )


def crimes(at: CrimeLocation, month: str, count: int, category: str = "anti-social-behaviour") -> None:
    batch, _ = ImportBatch.objects.get_or_create(kind=ImportBatch.Kind.STREET, force="test", month=month)
    Crime.objects.bulk_create(
        Crime(batch=batch, month=month, category=category, location=at, neighbourhood=at.neighbourhood)
        for _ in range(count)
    )
    recount_batches([batch.pk])  # the counts the importer keeps beside its rows


def new_plan(user: User, nb: Neighbourhood, **overrides: Any) -> Plan:
    fields: dict[str, Any] = {
        "title": "Youths gathering at the park",
        "objective": "Reduce anti-social behaviour at the park by a third in six months.",
        "neighbourhood": nb,
        "easting": E0,
        "northing": N0,
        "radius_m": 200,
        "first_month": "2024-01",
        "last_month": "2024-03",
    }
    fields.update(overrides)
    return plans.start_plan(user, plans.NewPlan(**fields))
