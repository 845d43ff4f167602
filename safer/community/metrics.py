"""Scorecard measures for watch schemes and Community Speed Watch (the volunteers app registers
advisory groups, custody visits, citizens-in-policing hours, ride-alongs and youth engagement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from safer.alerts.models import GroupMember
from safer.community.models import GroupStatus, Letter, SchemeStatus, SpeedWatchGroup, WatchScheme
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Parish


def schemes_running_on(day: dt.date) -> QuerySet[WatchScheme]:
    """Schemes started by `day` and not closed before it."""
    running = WatchScheme.objects.filter(started_on__lte=day)
    return running.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day)).exclude(
        status=SchemeStatus.CLOSED, closed_on__isnull=True
    )


@metric(
    "community.parishes_with_watch_scheme",
    label="Parishes and wards with at least one active watch scheme or Community Speed Watch group",
)
def parishes_with_watch_scheme(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Of the parishes and wards in these neighbourhoods, the share with at least one watch scheme
    running on the period's last day (started by then and not closed), or with a Community Speed Watch
    group whose status is active now (a group's status today, not on that day)."""
    parishes = Parish.objects.filter(neighbourhood__in=neighbourhoods)
    total = parishes.count()
    scheme = schemes_running_on(period.end).filter(parish=OuterRef("pk"))
    csw = SpeedWatchGroup.objects.filter(parish=OuterRef("pk"), status=GroupStatus.ACTIVE)
    covered = parishes.filter(Exists(scheme) | Exists(csw)).count()
    return Measurement.share(covered, total, note="" if total else "No parishes or wards are recorded.")


@metric("community.new_watch_schemes", label="New watch schemes started", unit="schemes")
def new_watch_schemes(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """The number of watch schemes in these neighbourhoods with a start date in the period, whatever
    their status now (a scheme since closed still counts)."""
    count = WatchScheme.objects.filter(
        neighbourhood__in=neighbourhoods, started_on__gte=period.start, started_on__lte=period.end
    ).count()
    return Measurement(value=float(count), numerator=float(count))


@metric(
    "community.scheme_members_per_1000", label="Watch scheme members per 1,000 residents", unit="per 1,000"
)
def scheme_members_per_1000(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Distinct members of running schemes per 1,000 residents (the neighbourhoods' population;
    households are not recorded for every neighbourhood)."""
    people = neighbourhoods.aggregate(n=Sum("population"))["n"] or 0
    groups = schemes_running_on(period.end).filter(neighbourhood__in=neighbourhoods).values("group_id")
    members = GroupMember.objects.filter(group_id__in=groups).values("subscriber_id").distinct().count()
    if not people:
        return Measurement(value=None, numerator=members, note="The neighbourhoods' population is not known.")
    return Measurement(value=1000.0 * members / people, numerator=members, denominator=people)


def _letters(neighbourhoods: QuerySet[Any], period: Period) -> QuerySet[Letter]:
    return Letter.objects.filter(
        reading__session__site__group__neighbourhood__in=neighbourhoods,
        reading__session__date__gte=period.start,
        reading__session__date__lte=period.end,
    )


@metric(
    "community.csw_repeat_offence_rate",
    label="Speed Watch letters to vehicles seen speeding before",
    higher_is_better=False,
)
def csw_repeat_offence_rate(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Community Speed Watch letters arising from sessions held in the period by groups in these
    neighbourhoods: the share that are a second or third letter (to a vehicle seen speeding at least
    once before), out of all letters, including those for which no keeper was found."""
    letters = _letters(neighbourhoods, period)
    return Measurement.share(letters.filter(level__gte=2).count(), letters.count())


@metric(
    "community.csw_letters_on_time", label="Speed Watch letters printed within the limit after the session"
)
def csw_letters_on_time(neighbourhoods: QuerySet[Any], period: Period) -> Measurement:
    """Letters to keepers found, printed within COMMUNITY_CSW_LETTER_DAYS of their session."""
    letters = (
        _letters(neighbourhoods, period)
        .exclude(status="no-keeper")
        .select_related("batch", "reading__session")
    )
    limit = dt.timedelta(days=settings.COMMUNITY_CSW_LETTER_DAYS)
    total = on_time = 0
    for letter in letters:
        total += 1
        if letter.batch and letter.batch.created_at.date() - letter.reading.session.date <= limit:
            on_time += 1
    return Measurement.share(on_time, total)
