"""The community.* measures this app owns, each checked against a count made by hand, and the
scorecard showing none of them as "not measured yet"."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person
from safer.volunteers.models import (
    AdvisoryMeeting,
    CadetSession,
    GroupContact,
    RideAlong,
    RotaSlot,
    SpecialDuty,
    SupportShift,
    YouthSession,
)
from safer.volunteers.tests.factories import (
    create_action,
    create_cadet,
    create_group,
    create_ride_along,
    create_suite,
    create_unit,
    create_visit,
    create_visitor,
)

MINE = {
    "community.citizens_in_policing_hours",
    "community.groups_engaged",
    "community.youth_engagement",
    "community.areas_with_advisory_group",
    "community.areas_with_custody_visits",
    "community.ride_alongs",
}
TODAY = timezone.localdate()
PERIOD = Period(TODAY - dt.timedelta(days=29), TODAY)


@pytest.fixture
def places(db: None) -> dict[str, Any]:
    north, south = create_area(name="North"), create_area(name="South")
    a = create_neighbourhood(area=north, name="Alpha")
    b = create_neighbourhood(area=south, name="Beta")
    return {"north": north, "south": south, "a": a, "b": b, "all": Neighbourhood.objects.all()}


def value(key: str, neighbourhoods: Any) -> Any:
    metric = get_metric(key)
    assert metric is not None, key
    return metric.compute(neighbourhoods, PERIOD)


def test_citizens_in_policing_hours_add_specials_volunteers_and_each_cadet_who_came(places: dict) -> None:
    a, b = places["a"], places["b"]
    special = create_person(a, rank=Rank.SPECIAL)
    SpecialDuty.objects.create(
        person=special, neighbourhood=a, date=TODAY, duty_type="patrol", hours=Decimal("4")
    )
    SpecialDuty.objects.create(
        person=special, neighbourhood=a, date=TODAY, duty_type="event", hours=Decimal("3.5")
    )
    SpecialDuty.objects.create(
        person=special,
        neighbourhood=a,
        date=TODAY - dt.timedelta(days=40),
        duty_type="event",
        hours=Decimal("9"),
    )  # before the period
    volunteer = create_person(b, rank=Rank.VOLUNTEER)
    SupportShift.objects.create(
        person=volunteer, neighbourhood=b, date=TODAY, role="front_counter", hours=Decimal("2")
    )
    unit = create_unit(a, leaders=[])
    cadets = [create_cadet(unit) for _ in range(3)]
    session = CadetSession.objects.create(
        unit=unit, date=TODAY, topic="Drill", hours=Decimal("2"), enrolled=3
    )
    session.present.set(cadets[:2])
    # by hand: 4 + 3.5 (specials) + 2 (volunteer) + 2 hours x 2 cadets
    assert value("community.citizens_in_policing_hours", places["all"]).value == 13.5
    assert value("community.citizens_in_policing_hours", Neighbourhood.objects.filter(pk=b.pk)).value == 2
    assert value("community.specials_hours", places["all"]).value == 7.5
    attendance = value("community.cadet_attendance", places["all"])
    assert (attendance.numerator, attendance.denominator) == (2, 3)


def test_groups_and_youth_sessions_count_the_neighbourhoods_reached(places: dict) -> None:
    GroupContact.objects.create(
        neighbourhood=places["a"], date=TODAY, kind="faith", group_name="X", purpose="Y"
    )
    YouthSession.objects.create(
        neighbourhood=places["b"],
        date=TODAY - dt.timedelta(days=60),
        setting="club",
        organisation="Z",
        topic="T",
        attendance=9,
    )
    assert value("community.groups_engaged", places["all"]).value == 50.0
    assert value("community.youth_engagement", places["all"]).value == 0.0  # outside the period
    YouthSession.objects.create(
        neighbourhood=places["b"], date=TODAY, setting="club", organisation="Z", topic="T", attendance=9
    )
    assert value("community.youth_engagement", places["all"]).value == 50.0


def test_advisory_groups_actions_and_custody_visits_are_counted_by_area(places: dict) -> None:
    north, south = places["north"], places["south"]
    group = create_group(north)
    AdvisoryMeeting.objects.create(group=group, date=TODAY - dt.timedelta(days=3))
    create_group(south)  # never met
    assert value("community.areas_with_advisory_group", places["all"]).value == 50.0
    create_action(group, due_on=TODAY - dt.timedelta(days=5), closed_on=TODAY - dt.timedelta(days=6))
    create_action(group, due_on=TODAY - dt.timedelta(days=5), closed_on=TODAY - dt.timedelta(days=1))  # late
    create_action(group, due_on=TODAY - dt.timedelta(days=2))  # open and overdue
    create_action(group, due_on=TODAY + dt.timedelta(days=5))  # not yet due
    on_time = value("community.advisory_actions_on_time", places["all"])
    assert (on_time.numerator, on_time.denominator) == (1, 3)

    suite_n, suite_s = create_suite(north), create_suite(south)
    monday = TODAY - dt.timedelta(days=TODAY.weekday() + 7)
    pair = (create_visitor(north), create_visitor(north))
    RotaSlot.objects.create(
        suite=suite_n, week_starting=monday, first_visitor=pair[0], second_visitor=pair[1]
    )
    RotaSlot.objects.create(
        suite=suite_s, week_starting=monday, first_visitor=pair[0], second_visitor=pair[1]
    )
    visited = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(14)))
    create_visit(suite_n, arrived_at=visited)
    create_visit(suite_n, arrived_at=visited + dt.timedelta(hours=3), issues_raised="")
    assert value("community.areas_with_custody_visits", places["all"]).value == 50.0
    kept = value("community.custody_rota_kept", places["all"])
    assert (kept.numerator, kept.denominator) == (1, 2)
    answered = value("community.custody_issues_answered", places["all"])
    assert (answered.numerator, answered.denominator) == (0, 1)


def test_ride_alongs_count_only_completed_ones_in_the_period(places: dict) -> None:
    north = places["north"]
    create_ride_along(north, status=RideAlong.Status.COMPLETED, completed_on=TODAY, neighbourhood=places["a"])
    create_ride_along(
        north,
        status=RideAlong.Status.COMPLETED,
        completed_on=TODAY - dt.timedelta(days=90),
        neighbourhood=places["a"],
    )
    create_ride_along(north, status=RideAlong.Status.BOOKED, neighbourhood=places["a"])
    assert value("community.ride_alongs", places["all"]).value == 1
    assert value("community.ride_alongs", Neighbourhood.objects.filter(pk=places["b"].pk)).value == 0


def test_the_scorecard_shows_none_of_these_promises_as_not_measured_yet(client: Client, places: dict) -> None:
    GroupContact.objects.create(
        neighbourhood=places["a"], date=TODAY, kind="faith", group_name="X", purpose="Y"
    )
    rows = list(csv.DictReader(io.StringIO(client.get("/scorecard/west-mercia-2021.csv").content.decode())))
    mine = [r for r in rows if r["metric"] in MINE]
    assert {r["metric"] for r in mine} == MINE
    assert [r for r in mine if r["status"] == "not measured yet"] == []
    hours = next(
        r for r in mine if r["metric"] == "community.citizens_in_policing_hours" and r["level"] == "force"
    )
    assert hours["value"] == "0.0" and hours["status"] == "not met"
