"""`SecondsBetween` gives what Python's own datetime subtraction gives, on either database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.lib.durations import SecondsBetween
from safer.teams.models import DutyKind, DutySpell
from safer.testing import create_person

MOMENTS = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds, then adds the zone
    max_value=dt.datetime(2060, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)
LENGTHS = st.timedeltas(min_value=dt.timedelta(microseconds=1), max_value=dt.timedelta(days=365 * 30))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stretches=st.lists(st.tuples(MOMENTS, LENGTHS), min_size=1, max_size=8))
def test_seconds_between_any_two_moments_match_pythons_subtraction(
    stretches: list[tuple[dt.datetime, dt.timedelta]],
) -> None:
    DutySpell.objects.all().delete()
    person = create_person()
    for started, length in stretches:
        ended = started + length
        DutySpell.objects.create(person=person, kind=DutyKind.COMMUNITY, started_at=started, ended_at=ended)
    got = DutySpell.objects.annotate(s=SecondsBetween(F("ended_at"), F("started_at"))).values_list(
        "started_at", "ended_at", "s"
    )
    for started, ended, seconds in got:
        # SQLite's date functions keep whole milliseconds.
        assert seconds == pytest.approx((ended - started).total_seconds(), abs=2e-3)


@pytest.mark.django_db
def test_a_stretch_across_the_clocks_going_forward_is_its_real_length() -> None:
    london = dt.timezone(dt.timedelta(hours=0))
    started = dt.datetime(2026, 3, 29, 0, 30, tzinfo=london)  # 00:30 GMT; clocks go to 02:00 BST at 01:00 GMT
    ended = started + dt.timedelta(hours=2, milliseconds=250)
    DutySpell.objects.create(
        person=create_person(), kind=DutyKind.STATION, started_at=started, ended_at=ended
    )
    (seconds,) = DutySpell.objects.annotate(s=SecondsBetween("ended_at", "started_at")).values_list(
        "s", flat=True
    )
    assert seconds == 7200.25  # whole milliseconds come back exact on both databases
