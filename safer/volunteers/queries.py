"""Reads shared by the pages and the scorecard measures: hours given, attendance, actions closed on
time, custody visits against the rota. Each takes the neighbourhoods (or rows) already in scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from safer.teams.models import Person, Rank
from safer.volunteers.models import (
    AdvisoryAction,
    CadetSession,
    CustodyVisit,
    RotaSlot,
    SpecialDuty,
    SupportShift,
)

ZERO = Decimal("0")


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


@dataclass(frozen=True)
class SpecialMonth:
    person: Person
    hours: Decimal
    by_type: dict[str, Decimal]

    @property
    def below_minimum(self) -> bool:
        return self.hours < settings.SPECIALS_MONTHLY_MINIMUM_HOURS


def specials_month(neighbourhoods: QuerySet[Any], day: dt.date) -> list[SpecialMonth]:
    """Every special constable in these teams with their hours in `day`'s month, by duty type;
    those with none at all are listed too (they are the ones most below the minimum)."""
    start, end = month_bounds(day)
    people = Person.objects.filter(
        rank=Rank.SPECIAL, memberships__neighbourhood__in=neighbourhoods
    ).distinct()
    rows = (
        SpecialDuty.objects.filter(person__in=people, date__range=(start, end))
        .values("person", "duty_type")
        .annotate(total=Sum("hours"))
    )
    by_person: dict[int, dict[str, Decimal]] = {}
    for row in rows:
        by_person.setdefault(row["person"], {})[row["duty_type"]] = row["total"]
    labels = dict(SpecialDuty.DutyType.choices)
    result = [
        SpecialMonth(
            person=p,
            hours=sum(by_person.get(p.pk, {}).values(), ZERO),
            by_type={labels[k]: v for k, v in sorted(by_person.get(p.pk, {}).items())},
        )
        for p in people
    ]
    return sorted(result, key=lambda r: (r.hours, r.person.family_name))


def citizens_hours(neighbourhoods: QuerySet[Any], start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Hours given in the period: specials, support volunteers, and cadets (each session's hours for
    every cadet who came)."""
    specials = SpecialDuty.objects.filter(neighbourhood__in=neighbourhoods, date__range=(start, end))
    support = SupportShift.objects.filter(neighbourhood__in=neighbourhoods, date__range=(start, end))
    sessions = CadetSession.objects.filter(unit__neighbourhood__in=neighbourhoods, date__range=(start, end))
    cadet_hours = sum((s.hours * s.came for s in sessions.annotate(came=Count("present"))), ZERO)
    return {
        "specials": specials.aggregate(h=Sum("hours"))["h"] or ZERO,
        "support": support.aggregate(h=Sum("hours"))["h"] or ZERO,
        "cadets": cadet_hours,
    }


def cadet_attendance(sessions: QuerySet[CadetSession]) -> tuple[int, int]:
    """(attendances, places): cadets who came, and cadets enrolled, summed over the sessions."""
    totals = sessions.annotate(came=Count("present")).values_list("came", "enrolled")
    came = sum(c for c, _ in totals)
    places = sum(e for _, e in totals)
    return came, places


def actions_on_time(actions: QuerySet[AdvisoryAction], start: dt.date, end: dt.date) -> tuple[int, int]:
    """(closed on or before their due date, due) for the actions due in the period."""
    due = actions.filter(due_on__range=(start, end))
    on_time = sum(1 for a in due if a.closed_on_time)
    return on_time, due.count()


def rota_kept(slots: QuerySet[RotaSlot], start: dt.date, end: dt.date) -> tuple[int, int]:
    """(rota weeks with a visit to that suite in that week, rota weeks) for weeks starting in the period."""
    planned = slots.filter(week_starting__range=(start, end)).select_related("suite")
    kept = 0
    for slot in planned:
        week_end = slot.week_starting + dt.timedelta(days=6)
        if CustodyVisit.objects.filter(
            suite=slot.suite, arrived_at__date__range=(slot.week_starting, week_end)
        ).exists():
            kept += 1
    return kept, planned.count()


def issues_answered(visits: QuerySet[CustodyVisit]) -> tuple[int, int]:
    """(visits whose issues have a response, visits that raised issues)."""
    raised = visits.exclude(issues_raised="")
    return raised.filter(~Q(response="")).count(), raised.count()
