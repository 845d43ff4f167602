"""Scorecard measures owned by the volunteers app (registered from VolunteersConfig.ready()).

The charter names them `community.*` (theme e, relationships); the watch-scheme and Speed Watch
measures of the same namespace belong to the community app. The last five are not promises in a
shipped charter but are what forces publish about these schemes (wave2-domain.md §3.9), so a
charter can name them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet

from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import PolicingArea
from safer.volunteers import queries
from safer.volunteers.models import (
    AdvisoryAction,
    AdvisoryMeeting,
    CadetSession,
    CustodyVisit,
    GroupContact,
    RideAlong,
    RotaSlot,
    SpecialDuty,
    YouthSession,
)


def _areas(neighbourhoods: QuerySet[Any], period: Period) -> QuerySet[PolicingArea]:
    """The local policing areas in force at the period's end that hold these neighbourhoods."""
    return PolicingArea.objects.current(period.end).filter(neighbourhoods__in=neighbourhoods).distinct()


def _share_of_neighbourhoods(neighbourhoods: QuerySet[Any], done: QuerySet[Any]) -> Measurement:
    """The share of these neighbourhoods with at least one of `done` (rows with a neighbourhood),
    in one query: the scorecard asks this of every neighbourhood."""
    hits = list(
        neighbourhoods.annotate(hit=Exists(done.filter(neighbourhood=OuterRef("pk")))).values_list(
            "hit", flat=True
        )
    )
    if not hits:
        return Measurement(value=None, note="No neighbourhoods.")
    return Measurement.share(sum(hits), len(hits))


def _share_of_areas(neighbourhoods: QuerySet[Any], period: Period, done: QuerySet[Any]) -> Measurement:
    """The share of the areas holding these neighbourhoods with at least one of `done` (rows with
    an `area_id` annotation), in one query."""
    areas = _areas(neighbourhoods, period).annotate(hit=Exists(done.filter(area_id=OuterRef("pk"))))
    hits = list(areas.values_list("hit", flat=True))
    if not hits:
        return Measurement(value=None, note="No local policing areas.")
    return Measurement.share(sum(hits), len(hits))


def _window(period: Period) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(period.start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(period.end, dt.time.max, tzinfo=tz),
    )


@metric(
    "community.citizens_in_policing_hours",
    label="Hours given by special constables, police support volunteers and cadets",
    unit="hours",
)
def citizens_in_policing_hours(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    hours = queries.citizens_hours(neighbourhoods, period.start, period.end)
    total = sum(hours.values(), Decimal("0"))
    note = ", ".join(f"{k} {v}" for k, v in hours.items())
    return Measurement(value=float(total), note=f"Hours by group: {note}.")


@metric(
    "community.groups_engaged", label="Neighbourhoods whose team met a community, faith or voluntary group"
)
def groups_engaged(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    met = GroupContact.objects.filter(date__range=(period.start, period.end))
    return _share_of_neighbourhoods(neighbourhoods, met)


@metric("community.youth_engagement", label="Neighbourhoods with a youth engagement session")
def youth_engagement(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    sessions = YouthSession.objects.filter(date__range=(period.start, period.end))
    return _share_of_neighbourhoods(neighbourhoods, sessions)


@metric("community.areas_with_advisory_group", label="Local policing areas whose advisory group met")
def areas_with_advisory_group(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    met = AdvisoryMeeting.objects.filter(date__range=(period.start, period.end)).annotate(
        area_id=F("group__area")
    )
    return _share_of_areas(neighbourhoods, period, met)


@metric("community.areas_with_custody_visits", label="Local policing areas with independent custody visits")
def areas_with_custody_visits(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    start, end = _window(period)
    visits = CustodyVisit.objects.filter(arrived_at__range=(start, end)).annotate(area_id=F("suite__area"))
    return _share_of_areas(neighbourhoods, period, visits)


@metric("community.ride_alongs", label="Ride-alongs completed", unit="ride-alongs")
def ride_alongs(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    done = RideAlong.objects.filter(
        status=RideAlong.Status.COMPLETED,
        completed_on__range=(period.start, period.end),
        neighbourhood__in=neighbourhoods,
    )
    return Measurement(value=float(done.count()))


@metric("community.specials_hours", label="Hours given by special constables", unit="hours")
def specials_hours(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    duties = SpecialDuty.objects.filter(
        neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
    )
    return Measurement(value=float(sum((d.hours for d in duties), Decimal("0"))))


@metric("community.cadet_attendance", label="Cadets' attendance at their unit's sessions")
def cadet_attendance(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    sessions = CadetSession.objects.filter(
        unit__neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
    )
    came, places = queries.cadet_attendance(sessions)
    if not places:
        return Measurement(value=None, note="No cadet sessions in the period.")
    return Measurement.share(came, places)


@metric("community.advisory_actions_on_time", label="Advisory group actions closed by their due date")
def advisory_actions_on_time(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    actions = AdvisoryAction.objects.filter(group__area__in=_areas(neighbourhoods, period))
    on_time, due = queries.actions_on_time(actions, period.start, period.end)
    if not due:
        return Measurement(value=None, note="No actions fell due in the period.")
    return Measurement.share(on_time, due)


@metric("community.custody_rota_kept", label="Custody visiting rota weeks with a visit made")
def custody_rota_kept(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    slots = RotaSlot.objects.filter(suite__area__in=_areas(neighbourhoods, period))
    kept, planned = queries.rota_kept(slots, period.start, period.end)
    if not planned:
        return Measurement(value=None, note="No weeks on the rota in the period.")
    return Measurement.share(kept, planned)


@metric(
    "community.custody_issues_answered", label="Custody visits whose issues the custody inspector answered"
)
def custody_issues_answered(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    start, end = _window(period)
    visits = CustodyVisit.objects.filter(
        suite__area__in=_areas(neighbourhoods, period), arrived_at__range=(start, end)
    )
    answered, raised = queries.issues_answered(visits)
    if not raised:
        return Measurement(value=None, note="No visit in the period raised an issue.")
    return Measurement.share(answered, raised)
