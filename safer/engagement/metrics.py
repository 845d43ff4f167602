"""The charter measures the engagement app owns, computed from its own records.

Each is given the neighbourhoods of the place being judged (one, an area's, the force's, or any other
set) and a period, and counts in a handful of queries however many neighbourhoods there are.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from safer.engagement.calendar import occurrences_between
from safer.engagement.models import (
    Concern,
    Correspondence,
    CouncilAgreement,
    CouncilMeeting,
    Event,
    EventKind,
    EventStatus,
    Occurrence,
    ParishCouncil,
    Priority,
    advertise_days,
)
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood, Parish, PolicingArea


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _vehicle_visits(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> list[Occurrence]:
    """Engagement-vehicle visits that went ahead (published, not cancelled) in the period."""
    events = Event.objects.filter(
        neighbourhood__in=neighbourhoods, kind=EventKind.VEHICLE, status=EventStatus.PUBLISHED
    )
    return occurrences_between(events, *_bounds(period), include_cancelled=False)


def _areas_covered(neighbourhoods: QuerySet[Neighbourhood], on: dt.date) -> int:
    """The current local policing areas the neighbourhoods lie in: the charter promises visits per
    area, so the force's figure is the average over its areas."""
    return PolicingArea.objects.current(on).filter(neighbourhoods__in=neighbourhoods).distinct().count()


@metric(
    "engagement.vehicle_visits_per_week",
    label="Engagement-vehicle visits a week (per local policing area, or in the neighbourhood)",
    unit="visits a week",
)
def vehicle_visits_per_week(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Visits ÷ (weeks × current areas covered). An area's figure is its own and the force's the
    average over its areas; a neighbourhood (one area) gets its own visits a week. A set in no
    current area (a neighbourhood whose area has ended) counts as one place, so it still measures."""
    if not neighbourhoods.exists():
        return Measurement(value=None, note="No neighbourhoods to measure.")
    visits = len(_vehicle_visits(neighbourhoods, period))
    areas = max(1, _areas_covered(neighbourhoods, period.end))
    weeks = period.days / 7
    return Measurement(
        value=round(visits / (weeks * areas), 2),
        numerator=visits,
        denominator=round(weeks * areas, 2),
        note=f"{visits} visits over {weeks:g} weeks in {areas} area{'s' if areas != 1 else ''}.",
    )


@metric(
    "engagement.advertised_ahead",
    label="Engagement-vehicle visits published at least the set number of days before they started",
)
def advertised_ahead(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of the visits in the period to any of the neighbourhoods (one, an area's or the force's), the
    share published far enough ahead; no data where there were no visits."""
    visits = _vehicle_visits(neighbourhoods, period)
    days = advertise_days()
    ahead = sum(1 for v in visits if v.notice_days is not None and v.notice_days >= days)
    return Measurement.share(ahead, len(visits), note=f"Advertised at least {days} days ahead.")


@metric(
    "engagement.parish_agreements_attended",
    label="Parish and town councils with an agreement and a meeting attended in the quarter",
    method=(
        "Parish and town councils with an agreement in force during the period and a meeting "
        "attended by the team in it, out of all the councils."
    ),
)
def parish_agreements_attended(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    councils = ParishCouncil.objects.filter(parish__neighbourhood__in=neighbourhoods)
    agreed = CouncilAgreement.objects.filter(council=OuterRef("pk"), agreed_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.start)
    )
    attended = CouncilMeeting.objects.filter(
        council=OuterRef("pk"), date__range=(period.start, period.end), attended_by__isnull=False
    )
    total = councils.count()
    both = councils.filter(Exists(agreed), Exists(attended)).count()
    return Measurement.share(both, total, note="" if total else "No parish or town councils are recorded.")


@metric(
    "engagement.correspondence_on_time",
    label="Correspondence answered by the date agreed with the writer",
)
def correspondence_on_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Items whose agreed date fell in the period: answered by then, out of those answered or late.
    One still open whose date has not passed yet is not counted either way."""
    today = timezone.localdate()
    due = Correspondence.objects.filter(
        neighbourhood__in=neighbourhoods, reply_due__range=(period.start, period.end)
    ).filter(Q(replied_on__isnull=False) | Q(reply_due__lt=today))
    total = due.count()
    on_time = due.filter(replied_on__isnull=False, replied_on__lte=F("reply_due")).count()
    return Measurement.share(on_time, total)


@metric(
    "engagement.parishes_with_concerns",
    label="Parishes and wards with concerns recorded in the last 12 months",
    method=("Parishes and wards with at least one concern recorded in the period, out of all."),
)
def parishes_with_concerns(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    after, before = _bounds(period)
    parishes = Parish.objects.filter(neighbourhood__in=neighbourhoods)
    recorded = Concern.objects.filter(parish=OuterRef("pk"), recorded_at__gte=after, recorded_at__lt=before)
    total = parishes.count()
    return Measurement.share(parishes.filter(Exists(recorded)).count(), total)


@metric(
    "engagement.priorities_updated",
    label="Neighbourhoods whose published priorities were set or reviewed in the last three months",
    method=("Neighbourhoods with a published priority set, acted on or reviewed in the period, out of all."),
)
def priorities_updated(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    window = (period.start, period.end)
    fresh = Priority.objects.filter(neighbourhood=OuterRef("pk"), is_published=True).filter(
        Q(issue_date__range=window) | Q(action_date__range=window) | Q(reviewed_on__range=window)
    )
    total = neighbourhoods.count()
    return Measurement.share(neighbourhoods.filter(Exists(fresh)).count(), total)


# The charter measures counted from the records added for it (issue 14).
from safer.engagement import metrics_records, metrics_surveys  # noqa: E402, F401
