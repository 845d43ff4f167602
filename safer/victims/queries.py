"""Reads about victims: crime's repeat incidents with whether each victim was contacted, and the
Victims' Code clocks due for an officer (`due_for`, which the "today" page calls)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from safer.accounts.scopes import VICTIM_OFFICERS, VICTIM_SUPERVISORS, has_role, in_scope
from safer.crime.models import Incident
from safer.crime.queries import repeat_incidents
from safer.victims.models import RepeatVictimContact
from safer.victims.records import Entitlement

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class RepeatVictim:
    incident: Incident
    prior: int  # earlier incidents of the same victim in the 12 months before
    contacted: bool


def repeat_victims(incidents: QuerySet[Incident], start: dt.datetime, end: dt.datetime) -> list[RepeatVictim]:
    """Incidents in [start, end] (from `incidents`) whose victim had another in the 12 months before,
    newest first, each marked with whether a contact was recorded for it."""
    repeats = repeat_incidents(incidents, start, end, "victim")
    contacted = set(
        RepeatVictimContact.objects.filter(incident__in=[r.incident.pk for r in repeats]).values_list(
            "incident_id", flat=True
        )
    )
    return [RepeatVictim(r.incident, r.prior, r.incident.pk in contacted) for r in repeats]


@dataclass(frozen=True)
class DueLists:
    """Open Victims' Code entitlements: past due, and due by the end of today."""

    overdue: list[Entitlement]
    due_today: list[Entitlement]

    def __len__(self) -> int:
        return len(self.overdue) + len(self.due_today)


def open_entitlements_for(user: User) -> QuerySet[Entitlement]:
    """Open entitlements the account answers for: an officer's own records as officer in charge; a
    sergeant's or inspector's, every record in their scope (their officers'). Nobody else's."""
    rows = Entitlement.objects.filter(met_at__isnull=True, not_applicable="", victim__erased_at__isnull=True)
    if has_role(user, VICTIM_SUPERVISORS):
        return in_scope(user, rows, "victim__neighbourhood")
    if has_role(user, VICTIM_OFFICERS):
        return in_scope(user, rows.filter(victim__officer_in_charge=user), "victim__neighbourhood")  # type: ignore[misc]
    return rows.none()


def due_for(user: User, now: dt.datetime | None = None) -> DueLists:
    """What the "today" page shows an officer: overdue and due-today entitlements (victim and crime
    references only, no personal data: opening the record is what reads it, and is logged)."""
    now = now or timezone.now()
    end_of_today = dt.datetime.combine(
        timezone.localdate(now), dt.time.max, tzinfo=timezone.get_current_timezone()
    )
    rows = list(
        open_entitlements_for(user)
        .filter(due_at__lte=end_of_today)
        .select_related("victim", "victim__officer_in_charge")
        .order_by("due_at", "pk")
    )
    return DueLists(
        overdue=[e for e in rows if e.due_at < now],
        due_today=[e for e in rows if e.due_at >= now],
    )
