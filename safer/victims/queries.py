"""Reads about victims: crime's repeat incidents with when each victim was to be contacted and
whether they were, and the Victims' Code clocks due for an officer (`due_for`, which the "today"
page calls)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from safer.accounts.scopes import VICTIM_OFFICERS, VICTIM_SUPERVISORS, has_role, in_scope
from safer.crime.models import Incident
from safer.crime.queries import RepeatIncident, repeat_incidents
from safer.victims.models import RepeatVictimContact
from safer.victims.records import Entitlement, NeedsAssessment, Victim
from safer.victims.rules import repeat_contact_due

User = AbstractBaseUser | AnonymousUser

# A repeat victim's contact: made by the due date, made after it, not made and the due date passed,
# not made and still due (today or later: left out of the measure).
ON_TIME, LATE, OVERDUE, PENDING = "on_time", "late", "overdue", "pending"


@dataclass(frozen=True)
class RepeatVictim:
    incident: Incident
    prior: int  # earlier incidents of the same victim in the 12 months before
    due_on: dt.date  # the last day of the agreed time (rules.repeat_contact_due)
    first_contact_on: dt.date | None  # the first contact dated on or after the incident's day
    status: str  # ON_TIME, LATE, OVERDUE or PENDING, as of the day the list was made

    @property
    def contacted(self) -> bool:
        return self.first_contact_on is not None


def _agreements(repeats: list[RepeatIncident]) -> dict[int, tuple[int, bool]]:
    """Per repeat incident whose victim has a victim record (not erased): the record's agreed update
    frequency in days and whether its current needs assessment puts the victim under Enhanced
    Rights. The record linked to the incident itself is preferred, then one linked to another
    incident with the same pseudonymous victim reference; the newest if several. Aggregate reads
    only: nothing from the record is shown, so nothing is consulted in the s62 sense."""
    pks = [r.incident.pk for r in repeats]
    refs = {r.incident.victim_ref for r in repeats if r.incident.victim_ref}
    links = (
        Victim.incidents.through.objects.filter(
            Q(incident_id__in=pks) | Q(incident__victim_ref__in=refs), victim__erased_at__isnull=True
        )
        .order_by("victim__created_at", "victim_id")
        .values_list("victim_id", "incident_id", "incident__victim_ref", "victim__update_every_days")
    )
    by_incident: dict[int, tuple[int, int]] = {}
    by_ref: dict[str, tuple[int, int]] = {}
    for victim_id, incident_id, ref, every in links:  # oldest first: the newest record wins
        by_incident[incident_id] = (victim_id, every)
        if ref:
            by_ref[ref] = (victim_id, every)
    latest: dict[int, list[str]] = {}
    victims = {v for v, _ in [*by_incident.values(), *by_ref.values()]}
    for victim_id, categories in (
        NeedsAssessment.objects.filter(victim_id__in=victims)
        .order_by("assessed_at", "pk")
        .values_list("victim_id", "categories")
    ):
        latest[victim_id] = categories
    found: dict[int, tuple[int, bool]] = {}
    for r in repeats:
        record = by_incident.get(r.incident.pk) or by_ref.get(r.incident.victim_ref)
        if record is not None:
            found[r.incident.pk] = (record[1], bool(latest.get(record[0])))
    return found


def repeat_victims(
    incidents: QuerySet[Incident], start: dt.datetime, end: dt.datetime, today: dt.date | None = None
) -> list[RepeatVictim]:
    """Incidents in [start, end] (from `incidents`) whose victim had another in the 12 months before,
    newest first, each with the day its victim was due to be contacted by, the first contact dated
    on or after the incident's day (an earlier-dated one cannot follow it), and the status as of
    `today` (default: today): on time, late, overdue (not contacted, due day passed), pending (not
    contacted, due today or later)."""
    today = today or timezone.localdate()
    repeats = repeat_incidents(incidents, start, end, "victim")
    days = {r.incident.pk: timezone.localdate(r.incident.occurred_at) for r in repeats}
    first: dict[int, dt.date] = {}
    for pk, on in RepeatVictimContact.objects.filter(incident__in=list(days)).values_list(
        "incident_id", "contacted_on"
    ):
        if on >= days[pk] and (pk not in first or on < first[pk]):
            first[pk] = on
    agreements = _agreements(repeats)
    out = []
    for r in repeats:
        every, enhanced = agreements.get(r.incident.pk, (None, False))
        due = repeat_contact_due(days[r.incident.pk], every, enhanced)
        contact = first.get(r.incident.pk)
        if contact is not None:
            status = ON_TIME if contact <= due else LATE
        else:
            status = OVERDUE if due < today else PENDING
        out.append(RepeatVictim(r.incident, r.prior, due, contact, status))
    return out


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
