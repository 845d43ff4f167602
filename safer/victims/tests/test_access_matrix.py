"""The victims app's staff pages in the access matrix (safer/accounts/tests/matrix.py): every role,
anonymous and a password-only session; a contact naming another team's incident is refused with
nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Row, World, check_everyone
from safer.crime.bulk import to_bng
from safer.crime.models import Incident

TODAY = timezone.localdate().isoformat()


def _incident(w: World, reference: str, days_ago: int, victim: str) -> Incident:
    lat, lng = 52.15, -2.29
    east, north = to_bng([lat], [lng])
    return Incident.objects.create(
        reference=f"{reference}-{w.neighbourhood.pk}",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        category="burglary-residential",
        latitude=lat,
        longitude=lng,
        easting=float(east[0]),
        northing=float(north[0]),
        victim_ref=victim,
        neighbourhood=w.neighbourhood,
    )


def repeat_victim(w: World) -> Incident:
    """A victim burgled twice this year: the second incident is the one staff contact them about."""
    if "repeat" not in w.extra:
        _incident(w, "FIRST", 40, victim=f"V{w.neighbourhood.pk}")
        w.extra["repeat"] = _incident(w, "SECOND", 3, victim=f"V{w.neighbourhood.pk}")
    incident: Incident = w.extra["repeat"]
    return incident


ROWS: list[Row] = [
    Row("repeat victims", lambda w: reverse("victims:repeats"), allowed=scopes.VICTIM_READERS),
    Row(
        "repeat victims (post)",
        lambda w: reverse("victims:repeats"),
        "post",
        scopes.VICTIM_READERS,
        data=lambda w: {"incident": repeat_victim(w).pk, "method": "phone", "contacted_on": TODAY},
        ok=(302,),
        object_in_data=True,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(row: Row) -> None:
    check_everyone(row)
