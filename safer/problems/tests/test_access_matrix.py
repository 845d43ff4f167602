"""The problems app's staff pages in the access matrix (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Row, World, check_everyone
from safer.crime.models import Incident
from safer.problems.models import PreventionAction


def _burglary(w: World) -> Incident:
    if "burglary" not in w.extra:
        w.extra["burglary"] = Incident.objects.create(
            reference="MATRIX-1",
            occurred_at=timezone.now(),
            category="burglary-residential",
            latitude=52.15,
            longitude=-2.29,
            easting=384_000.0,
            northing=251_000.0,
            neighbourhood=w.neighbourhood,
        )
    return w.extra["burglary"]  # type: ignore[no-any-return]


def _action_pk(w: World) -> int:
    if "action" not in w.extra:
        w.extra["action"] = PreventionAction.objects.create(
            trigger=_burglary(w),
            visit_by=timezone.localdate(),
            streets=[{"id": 1, "name": "High Street", "distance_m": 50}],
            message_subject="Burglary nearby",
            message_body="Please lock your doors.",
        )
    return int(w.extra["action"].pk)


def _visit(w: World) -> dict[str, Any]:
    return {
        "target": "High Street",
        "households": 4,
        "delivered": "advice",
        "visited_on": timezone.localdate().isoformat(),
    }


ROWS: list[Row] = [
    Row("prevention", lambda w: reverse("problems:prevention"), allowed=scopes.CRIME_READERS),
    Row(
        "prevention (post)",
        lambda w: reverse("problems:prevention"),
        "post",
        scopes.PREVENTION_PLANNERS,
        data=lambda w: {"incident": _burglary(w).pk},
        ok=(302,),
        object_in_data=True,
    ),
    Row(
        "prevention response",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        allowed=scopes.CRIME_READERS,
    ),
    Row(
        "prevention response (post)",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        "post",
        scopes.PREVENTION_PLANNERS,
        data=_visit,
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(row: Row) -> None:
    check_everyone(row)
