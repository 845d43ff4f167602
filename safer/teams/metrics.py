"""The charter measures the teams app owns (registered in the charter's metric registry).

Memberships and verification dates have no history (only the team as it stands and each person's
last verification are kept), so these measures can say nothing about a period that ended before
today: they answer "no data" for it rather than pass today's team off as last month's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from safer.lib.durations import SecondsBetween
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood
from safer.teams.models import Course, DutyKind, DutySpell, Membership, Person, Rank, TrainingRecord

NO_HISTORY = "Only the current team is recorded, so a period that ended before today cannot be measured."


def _in_team(roles: list[str]) -> Exists:
    return Exists(Membership.objects.filter(neighbourhood=OuterRef("pk"), role__in=roles))


def _total_and(neighbourhoods: QuerySet[Neighbourhood], condition: Q) -> tuple[int, int]:
    """How many of the neighbourhoods there are, and how many meet the condition: one query."""
    counts = neighbourhoods.order_by().aggregate(
        total=Count("pk", distinct=True), meeting=Count("pk", filter=condition, distinct=True)
    )
    return counts["total"], counts["meeting"]


@metric(
    "teams.named_team",
    label="Neighbourhoods with a named inspector, a named sergeant and at least one PC or PCSO",
    method=(
        "Neighbourhoods whose team today has a named inspector, a named sergeant and at least one "
        "PC or PCSO, out of all (only today's team is kept)."
    ),
)
def named_team(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    if period.end < timezone.localdate():
        return Measurement(value=None, note=NO_HISTORY)
    complete = Q(_in_team([Rank.INSPECTOR]), _in_team([Rank.SERGEANT]), _in_team([Rank.PC, Rank.PCSO]))
    total, named = _total_and(neighbourhoods, complete)
    return Measurement.share(named, total)


@metric(
    "teams.details_verified",
    label="Teams whose members' contact details were all verified in the last 90 days",
    method=(
        "Teams with members whose contact details were all checked within the set number of days, "
        "out of the teams with members (only today's team is kept)."
    ),
)
def details_verified(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    today = timezone.localdate()
    if period.end < today:
        return Measurement(value=None, note=NO_HISTORY)
    cutoff = today - dt.timedelta(days=settings.DETAILS_STALE_AFTER_DAYS)
    members = Membership.objects.filter(neighbourhood=OuterRef("pk"))
    stale = members.filter(
        Q(person__details_verified_on__isnull=True) | Q(person__details_verified_on__lt=cutoff)
    )
    # A neighbourhood with nobody in its team has no details to verify: teams.named_team counts it.
    total, verified = _total_and(neighbourhoods.filter(Exists(members)), Q(~Exists(stale)))
    return Measurement.share(verified, total, note="" if total else "No team has any members yet.")


@metric(
    "teams.contactable_officer",
    label="Neighbourhoods with a named police officer who can be contacted online (email or mobile)",
    method=(
        "Neighbourhoods whose team today has an inspector, sergeant or PC with a work email or "
        "mobile, out of all (only today's team is kept)."
    ),
)
def contactable_officer(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    if period.end < timezone.localdate():
        return Measurement(value=None, note=NO_HISTORY)
    officers = Membership.objects.filter(
        neighbourhood=OuterRef("pk"), role__in=[Rank.INSPECTOR, Rank.SERGEANT, Rank.PC]
    ).filter(~Q(person__work_email="") | ~Q(person__work_mobile=""))
    total, contactable = _total_and(neighbourhoods, Q(Exists(officers)))
    return Measurement.share(contactable, total)


# --- training, from the learning system's records ---------------------------------------------

TEAM_ROLES = [Rank.INSPECTOR, Rank.SERGEANT, Rank.PC, Rank.PCSO]


def _team_members(neighbourhoods: QuerySet[Neighbourhood]) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__neighbourhood__in=neighbourhoods, memberships__role__in=TEAM_ROLES
    ).distinct()


def _trained(neighbourhoods: QuerySet[Neighbourhood], period: Period, course: str) -> Measurement:
    if period.end < timezone.localdate():
        return Measurement(value=None, note=NO_HISTORY)
    if not TrainingRecord.objects.exists():
        return Measurement(value=None, note="No training records have been imported yet.")
    on = period.end
    current = TrainingRecord.objects.filter(
        person=OuterRef("pk"), course=course, completed_on__lte=on
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
    members = _team_members(neighbourhoods)
    total = members.count()
    trained = members.filter(Exists(current)).count()
    first = TrainingRecord.objects.aggregate(first=Min("imported_at"))["first"]
    return Measurement.share(
        trained,
        total,
        note="" if total else "No inspectors, sergeants, PCs or PCSOs in these teams.",
        data_since=timezone.localdate(first) if first else None,
    )


TRAINING_METHOD = (
    "Of the inspectors, sergeants, PCs and PCSOs in the teams today, the share with a record of the "
    "course (imported from the force's learning system) completed on or before the day and not expired."
)


@metric(
    "teams.npp_training_completed",
    label="Team members who have completed the Neighbourhood Policing Programme",
    method=TRAINING_METHOD,
)
def npp_training_completed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _trained(neighbourhoods, period, Course.NPP)


@metric(
    "teams.prevention_training_completed",
    label="Team members with current crime-prevention advice training",
    method=TRAINING_METHOD,
)
def prevention_training_completed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _trained(neighbourhoods, period, Course.PREVENTION)


@metric(
    "teams.trauma_informed_trained",
    label="Team members trained in trauma-informed practice",
    method=TRAINING_METHOD,
)
def trauma_informed_trained(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _trained(neighbourhoods, period, Course.TRAUMA_INFORMED)


@metric(
    "teams.vulnerability_training_completed",
    label="Team members whose harm and vulnerability training is complete and current",
    method=TRAINING_METHOD,
)
def vulnerability_training_completed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _trained(neighbourhoods, period, Course.VULNERABILITY)


# --- duty time, from the duty records ----------------------------------------------------------


def duty_hours(
    neighbourhoods: QuerySet[Neighbourhood], period: Period
) -> tuple[dict[str, float], dt.date | None]:
    """Hours of recorded duty by kind for the teams' members, each stretch cut to the period; and the
    day the duty records begin (the first stretch anyone recorded)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    # Summed in the database: a force's three months are tens of thousands of stretches.
    overlap = SecondsBetween(
        Least(F("ended_at"), Value(end, output_field=DateTimeField())),
        Greatest(F("started_at"), Value(start, output_field=DateTimeField())),
    )
    totals = (
        DutySpell.objects.filter(
            person__in=_team_members(neighbourhoods), started_at__lt=end, ended_at__gt=start
        )
        .values("kind")
        .annotate(total=Sum(overlap))
        .order_by()
    )
    hours = dict.fromkeys(DutyKind.values, 0.0)
    for row in totals:
        hours[row["kind"]] += row["total"] / 3600 if row["total"] else 0.0
    first = DutySpell.objects.aggregate(first=Min("started_at"))["first"]
    return hours, (timezone.localdate(first) if first else None)


@metric(
    "teams.abstraction_rate",
    label="Recorded neighbourhood team duty hours abstracted to other duties",
    higher_is_better=False,
    method=(
        "Hours team members recorded as abstracted to other duties, as a share of all the duty hours "
        "they recorded (in the community, in the station, or abstracted), from the duty status each "
        "person sets; each stretch is cut to the period."
    ),
)
def abstraction_rate(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    hours, since = duty_hours(neighbourhoods, period)
    total = sum(hours.values())
    abstracted = hours[DutyKind.ABSTRACTED]
    m = Measurement.share(round(abstracted, 1), round(total, 1), data_since=since)
    return m if total else Measurement(value=None, note="No duty recorded in the period.")


@metric(
    "teams.time_in_community",
    label="Recorded neighbourhood team duty hours spent in the community",
    method=(
        "Hours team members recorded as on duty in the community (patrol and engagement), as a share "
        "of all the duty hours they recorded, abstractions included; each stretch is cut to the period."
    ),
)
def time_in_community(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    hours, since = duty_hours(neighbourhoods, period)
    total = sum(hours.values())
    m = Measurement.share(round(hours[DutyKind.COMMUNITY], 1), round(total, 1), data_since=since)
    return m if total else Measurement(value=None, note="No duty recorded in the period.")
