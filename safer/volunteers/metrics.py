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
    """Hours given in the period in these neighbourhoods, added up: special constables' recorded
    duties, police support volunteers' recorded shifts, and cadets' time (each cadet session's length
    times the number of cadets marked present). A total, not a share; the note gives each group's hours."""
    hours = queries.citizens_hours(neighbourhoods, period.start, period.end)
    total = sum(hours.values(), Decimal("0"))
    note = ", ".join(f"{k} {v}" for k, v in hours.items())
    return Measurement(value=float(total), note=f"Hours by group: {note}.")


@metric(
    "community.groups_engaged", label="Neighbourhoods whose team met a community, faith or voluntary group"
)
def groups_engaged(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Of these neighbourhoods, the share whose team recorded at least one meeting with a community,
    faith or voluntary group dated in the period."""
    met = GroupContact.objects.filter(date__range=(period.start, period.end))
    return _share_of_neighbourhoods(neighbourhoods, met)


@metric("community.youth_engagement", label="Neighbourhoods with a youth engagement session")
def youth_engagement(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Of these neighbourhoods, the share with at least one youth engagement session recorded and
    dated in the period."""
    sessions = YouthSession.objects.filter(date__range=(period.start, period.end))
    return _share_of_neighbourhoods(neighbourhoods, sessions)


@metric("community.areas_with_advisory_group", label="Local policing areas whose advisory group met")
def areas_with_advisory_group(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Of the local policing areas holding these neighbourhoods (those in force on the period's last
    day), the share whose advisory group has a meeting recorded and dated in the period. No data
    when there is no such area."""
    met = AdvisoryMeeting.objects.filter(date__range=(period.start, period.end)).annotate(
        area_id=F("group__area")
    )
    return _share_of_areas(neighbourhoods, period, met)


@metric("community.areas_with_custody_visits", label="Local policing areas with independent custody visits")
def areas_with_custody_visits(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Of the local policing areas holding these neighbourhoods (those in force on the period's last
    day), the share with at least one independent custody visit that arrived, in the period, at a
    custody suite in that area. No data when there is no such area."""
    start, end = _window(period)
    visits = CustodyVisit.objects.filter(arrived_at__range=(start, end)).annotate(area_id=F("suite__area"))
    return _share_of_areas(neighbourhoods, period, visits)


@metric("community.ride_alongs", label="Ride-alongs completed", unit="ride-alongs")
def ride_alongs(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """The number of ride-alongs in these neighbourhoods marked completed, with a completion date in
    the period. Requested, booked or cancelled ride-alongs are not counted."""
    done = RideAlong.objects.filter(
        status=RideAlong.Status.COMPLETED,
        completed_on__range=(period.start, period.end),
        neighbourhood__in=neighbourhoods,
    )
    return Measurement(value=float(done.count()))


@metric("community.specials_hours", label="Hours given by special constables", unit="hours")
def specials_hours(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """The total hours of special constables' duties recorded in these neighbourhoods and dated in the
    period. Support volunteers and cadets are not counted here."""
    duties = SpecialDuty.objects.filter(
        neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
    )
    return Measurement(value=float(sum((d.hours for d in duties), Decimal("0"))))


@metric("community.cadet_attendance", label="Cadets' attendance at their unit's sessions")
def cadet_attendance(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Cadet sessions held in the period by the units of these neighbourhoods: the cadets marked
    present, added up over the sessions, as a share of the cadets enrolled in the unit on each
    session's day, added up the same way. No data when there were no sessions (or none had cadets
    enrolled)."""
    sessions = CadetSession.objects.filter(
        unit__neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
    )
    came, places = queries.cadet_attendance(sessions)
    if not places:
        return Measurement(value=None, note="No cadet sessions in the period.")
    return Measurement.share(came, places)


@metric("community.advisory_actions_on_time", label="Advisory group actions closed by their due date")
def advisory_actions_on_time(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Actions of the advisory groups of the local policing areas holding these neighbourhoods (those
    in force on the period's last day) whose due date fell in the period: the share closed on or
    before their due date. An action still open counts as not on time. No data when none fell due."""
    actions = AdvisoryAction.objects.filter(group__area__in=_areas(neighbourhoods, period))
    on_time, due = queries.actions_on_time(actions, period.start, period.end)
    if not due:
        return Measurement(value=None, note="No actions fell due in the period.")
    return Measurement.share(on_time, due)


@metric("community.custody_rota_kept", label="Custody visiting rota weeks with a visit made")
def custody_rota_kept(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Weeks on the custody visiting rota, starting in the period, for custody suites in the local
    policing areas holding these neighbourhoods (those in force on the period's last day): the share
    in which a custody visit to that suite arrived within that week (Monday to Sunday). No data when
    the rota had no weeks in the period."""
    slots = RotaSlot.objects.filter(suite__area__in=_areas(neighbourhoods, period))
    kept, planned = queries.rota_kept(slots, period.start, period.end)
    if not planned:
        return Measurement(value=None, note="No weeks on the rota in the period.")
    return Measurement.share(kept, planned)


@metric(
    "community.custody_issues_answered", label="Custody visits whose issues the custody inspector answered"
)
def custody_issues_answered(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Custody visits that arrived in the period at suites in the local policing areas holding these
    neighbourhoods (those in force on the period's last day) and raised at least one issue: the share
    with a response recorded. Visits that raised no issue are left out; no data when none raised one."""
    start, end = _window(period)
    visits = CustodyVisit.objects.filter(
        suite__area__in=_areas(neighbourhoods, period), arrived_at__range=(start, end)
    )
    answered, raised = queries.issues_answered(visits)
    if not raised:
        return Measurement(value=None, note="No visit in the period raised an issue.")
    return Measurement.share(answered, raised)
