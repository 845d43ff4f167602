"""The problems app's staff pages in the access matrix (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.scopes import CRIME_READERS, PREVENTION_PLANNERS
from safer.accounts.tests.matrix import SUBJECTS, Row, World, check_row, check_unverified
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
    Row("prevention", lambda w: reverse("problems:prevention"), allowed=CRIME_READERS),
    Row(
        "prevention plan (post)",
        lambda w: reverse("problems:prevention"),
        "post",
        PREVENTION_PLANNERS,
        data=lambda w: {"incident": _burglary(w).pk},
        ok=(302,),
    ),
    Row(
        "prevention response",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        allowed=CRIME_READERS,
    ),
    Row(
        "prevention visit (post)",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        "post",
        PREVENTION_PLANNERS,
        data=_visit,
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_lets_only_the_allowed_roles_in(client: Client, row: Row, subject: str) -> None:
    check_row(client, row, subject)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_sends_a_password_only_session_to_the_code_step(client: Client, row: Row) -> None:
    check_unverified(client, row)
