"""The charter measures the teams app owns (registered in the charter's metric registry).

Memberships and verification dates have no history (only the team as it stands and each person's
last verification are kept), so these measures can say nothing about a period that ended before
today: they answer "no data" for it rather than pass today's team off as last month's.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, Rank

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
)
def contactable_officer(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    if period.end < timezone.localdate():
        return Measurement(value=None, note=NO_HISTORY)
    officers = Membership.objects.filter(
        neighbourhood=OuterRef("pk"), role__in=[Rank.INSPECTOR, Rank.SERGEANT, Rank.PC]
    ).filter(~Q(person__work_email="") | ~Q(person__work_mobile=""))
    total, contactable = _total_and(neighbourhoods, Q(Exists(officers)))
    return Measurement.share(contactable, total)
