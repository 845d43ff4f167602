"""Actions on problem-solving plans: start one (from an officer or from an analysis result), edit it,
put a stage up for sign-off, sign off, review, log time and manage responses. Each checks role and
scope (accounts.scopes), runs in one transaction and writes an audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.crime.models import Crime, Incident
from safer.lib import linkables
from safer.places.models import Neighbourhood, Parish
from safer.problems.models import Plan, PlanLink, Response, Review, SignOff, Stage, TimeEntry
from safer.problems.models.plans import REVIEW_EVERY_DAYS, SERGEANT_STAGES

User = AbstractBaseUser | AnonymousUser
MAX_LINKED_CRIMES = 2000
EDITABLE = [
    "title",
    "objective",
    "scanning",
    "analysis",
    "response_goals",
    "victim",
    "offender",
    "location",
    "guardian",
    "handler",
    "place_manager",
    "problem_type",
    "parish",
    "response_started",
    "response_ended",
]


class PlanError(Exception):
    """A step the plan's state does not allow; the message is shown to the user."""


def _doer(user: User) -> Any:
    return user if user.is_authenticated else None


@dataclass
class NewPlan:
    title: str
    objective: str
    neighbourhood: Neighbourhood
    easting: float
    northing: float
    radius_m: int
    first_month: str
    last_month: str
    category: str = ""
    parish: Parish | None = None
    source: str = "officer"
    source_detail: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # (kind, ref, label, url)


def crimes_in_area(
    easting: float, northing: float, radius_m: float, first_month: str, last_month: str, category: str = ""
) -> list[int]:
    """Ids of street-level crimes whose snap point is within the circle in those months."""
    qs = Crime.objects.filter(
        month__gte=first_month,
        month__lte=last_month,
        location__easting__gte=easting - radius_m,
        location__easting__lte=easting + radius_m,
        location__northing__gte=northing - radius_m,
        location__northing__lte=northing + radius_m,
    )
    if category:
        qs = qs.filter(category=category)
    rows = list(qs.values_list("id", "location__easting", "location__northing")[: MAX_LINKED_CRIMES * 2])
    if not rows:
        return []
    xy = np.array([(r[1], r[2]) for r in rows], dtype=float)
    inside = np.hypot(xy[:, 0] - easting, xy[:, 1] - northing) <= radius_m
    return [r[0] for r, keep in zip(rows, inside, strict=True) if keep][:MAX_LINKED_CRIMES]


def _incidents_in_area(plan: Plan) -> list[int]:
    first = dt.date(int(plan.first_month[:4]), int(plan.first_month[5:7]), 1)
    y, m = int(plan.last_month[:4]), int(plan.last_month[5:7])
    after_last = dt.date(y + (m == 12), m % 12 + 1, 1)
    r = plan.radius_m
    rows = Incident.objects.filter(
        occurred_at__date__gte=first,
        occurred_at__date__lt=after_last,
        easting__gte=plan.easting - r,
        easting__lte=plan.easting + r,
        northing__gte=plan.northing - r,
        northing__lte=plan.northing + r,
    ).values_list("id", "easting", "northing")[:MAX_LINKED_CRIMES]
    return [pk for pk, e, n in rows if np.hypot(e - plan.easting, n - plan.northing) <= r]


def start_plan(user: User, new: NewPlan) -> Plan:
    """A plan at the scanning stage with its crimes, incidents, area and dates from the source."""
    scopes.check(user, scopes.PLAN_EDITORS, new.neighbourhood)
    if new.last_month < new.first_month:
        raise PlanError("The last month must not be before the first.")
    crimes = crimes_in_area(
        new.easting, new.northing, new.radius_m, new.first_month, new.last_month, new.category
    )
    with transaction.atomic():
        plan = Plan.objects.create(
            title=new.title,
            objective=new.objective,
            neighbourhood=new.neighbourhood,
            parish=new.parish,
            source=new.source,
            source_detail=new.source_detail,
            easting=new.easting,
            northing=new.northing,
            radius_m=new.radius_m,
            category=new.category,
            first_month=new.first_month,
            last_month=new.last_month,
            review_due=timezone.localdate() + dt.timedelta(days=REVIEW_EVERY_DAYS),
            owner=_doer(user),
            created_by=_doer(user),
        )
        plan.crimes.set(crimes)
        plan.incidents.set(_incidents_in_area(plan))
        for kind, ref, label, url in new.links:
            PlanLink.objects.create(plan=plan, kind=kind, ref=ref, label=label[:300], url=url[:500])
        audit.record(
            user,
            "problems.plan.started",
            plan,
            {"source": [None, new.source], "crimes": [None, len(crimes)]},
        )
    return plan


def edit_plan(user: User, plan: Plan, values: dict[str, Any]) -> Plan:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not plan.is_open:
        raise PlanError("A closed plan cannot be changed.")
    before = Plan.objects.get(pk=plan.pk)
    for name in EDITABLE:
        if name in values:
            setattr(plan, name, values[name])
    with transaction.atomic():
        plan.save()
        audit.record(user, "problems.plan.edited", plan, audit.field_changes(before, plan, EDITABLE))
    return plan


def link_priority(user: User, plan: Plan, ref: str) -> PlanLink:
    """Link one of the plan's neighbourhood's open priorities. The priority is found through the
    registry (engagement owns it), which returns only priorities in the user's scope."""
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not plan.is_open:
        raise PlanError("A closed plan cannot be changed.")
    found = linkables.find_one("priority", user, ref, [plan.neighbourhood_id])
    if found is None:
        raise PlanError("Choose an open priority of this plan's neighbourhood.")
    if plan.links.filter(kind=PlanLink.Kind.PRIORITY, ref=found.ref).exists():
        raise PlanError("That priority is already linked to this plan.")
    with transaction.atomic():
        link = PlanLink.objects.create(
            plan=plan,
            kind=PlanLink.Kind.PRIORITY,
            ref=found.ref,
            label=found.label[:300],
            url=found.url[:500],
        )
        audit.record(user, "problems.plan.linked", plan, {"priority": [None, found.ref]})
    return link


def unlink_priority(user: User, plan: Plan, link_id: int | None) -> None:
    """Remove a priority link (whether or not the priority is still open)."""
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not plan.is_open:
        raise PlanError("A closed plan cannot be changed.")
    link = plan.links.filter(kind=PlanLink.Kind.PRIORITY, pk=link_id).first() if link_id else None
    if link is None:
        raise PlanError("That priority is not linked to this plan.")
    with transaction.atomic():
        link.delete()
        audit.record(user, "problems.plan.unlinked", plan, {"priority": [link.ref, None]})


def submit(user: User, plan: Plan) -> Plan:
    """Put the current stage up for sign-off (scanning and analysis go to a sergeant)."""
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if plan.stage not in SERGEANT_STAGES:
        raise PlanError("Only the scanning and analysis stages are signed off by a sergeant.")
    text = plan.scanning if plan.stage == Stage.SCANNING else plan.analysis
    if not text.strip():
        raise PlanError(f"Write the {plan.get_stage_display().lower()} before asking for sign-off.")
    if plan.stage == Stage.SCANNING and plan.crimes.count() + plan.incidents.count() < 2:
        raise PlanError("A problem is two or more similar incidents: link at least two before sign-off.")
    with transaction.atomic():
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["submitted_at"])
        audit.record(user, "problems.plan.submitted", plan, {"stage": [None, plan.stage]})
    return plan


def sign_off(user: User, plan: Plan, approve: bool, note: str = "") -> SignOff:
    """A sergeant approves (or returns) scanning and analysis; an inspector approves closure, which
    needs an assessment."""
    if plan.stage in SERGEANT_STAGES:
        scopes.check_in_scope(user, scopes.PLAN_SIGNERS, plan)
        nxt = SERGEANT_STAGES[Stage(plan.stage)]
    elif plan.stage == Stage.ASSESSMENT:
        scopes.check_in_scope(user, scopes.PLAN_CLOSERS, plan)
        if not hasattr(plan, "assessment"):
            raise PlanError("A plan cannot close without an assessment.")
        nxt = Stage.CLOSED
    else:
        raise PlanError(f"The {plan.get_stage_display().lower()} stage has no sign-off.")
    if plan.submitted_at is None:
        raise PlanError("This stage has not been put up for sign-off.")
    if not approve and not note.strip():
        raise PlanError("Say what needs more work when returning a stage.")
    with transaction.atomic():
        stage = plan.stage
        record = SignOff.objects.create(
            plan=plan,
            stage=stage,
            decision=SignOff.Decision.APPROVED if approve else SignOff.Decision.RETURNED,
            note=note,
            by=_doer(user),
        )
        plan.submitted_at = None
        if approve:
            plan.stage = nxt
            if nxt == Stage.CLOSED:
                plan.closed_at = timezone.now()
        plan.save(update_fields=["submitted_at", "stage", "closed_at"])
        audit.record(user, "problems.plan.signed_off", plan, {"stage": [stage, plan.stage]})
    return record


def review(user: User, plan: Plan, note: str) -> Review:
    scopes.check_in_scope(user, scopes.PLAN_SIGNERS, plan)
    if not plan.is_open:
        raise PlanError("Closed plans are not reviewed.")
    if not note.strip():
        raise PlanError("Write what the review found.")
    today = timezone.localdate()
    with transaction.atomic():
        record = Review.objects.create(
            plan=plan,
            reviewed_on=today,
            was_due=plan.review_due,
            note=note,
            next_due=today + dt.timedelta(days=REVIEW_EVERY_DAYS),
            by=_doer(user),
        )
        plan.review_due = record.next_due
        plan.save(update_fields=["review_due"])
        audit.record(
            user, "problems.plan.reviewed", plan, {"review_due": [str(record.was_due), str(record.next_due)]}
        )
    return record


def log_time(
    user: User, plan: Plan, minutes: int, on: dt.date, parish: Parish | None = None, note: str = ""
) -> TimeEntry:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not 1 <= minutes <= 24 * 60:
        raise PlanError("Enter between 1 and 1,440 minutes.")
    if on > timezone.localdate():
        raise PlanError("Time cannot be logged for a day in the future.")
    if parish is not None and parish.neighbourhood_id != plan.neighbourhood_id:
        raise PlanError("Choose a parish in the plan's neighbourhood.")
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            plan=plan, parish=parish or plan.parish, on=on, minutes=minutes, note=note, by=_doer(user)
        )
        audit.record(user, "problems.time.logged", entry, {"minutes": [None, minutes]})
    return entry


def add_response(user: User, plan: Plan, values: dict[str, Any]) -> Response:
    """A response with its owner and due date; a Community Protection Notice must follow a warning."""
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not plan.is_open:
        raise PlanError("A closed plan cannot take new responses.")
    warning = values.get("warning")
    if values.get("legal_tool") == "cpn" and (
        warning is None or warning.plan_id != plan.pk or warning.legal_tool != "cpw"
    ):
        raise PlanError(
            "A Community Protection Notice must follow a Community Protection Warning on this plan."
        )
    with transaction.atomic():
        response = Response.objects.create(plan=plan, **values)
        audit.record(user, "problems.response.added", response, {"owner": [None, response.owner_kind]})
    return response


def update_response(
    user: User, response: Response, status: str, update: str, served_at: Any = None
) -> Response:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, response, "plan__neighbourhood")
    return _save_update(user, response, status, update, served_at)


def _save_update(user: User, response: Response, status: str, update: str, served_at: Any = None) -> Response:
    if status not in Response.Status.values:
        raise PlanError("Choose a status.")
    before = Response.objects.get(pk=response.pk)
    response.status = status
    response.update = update
    if served_at is not None:
        response.served_at = served_at
    with transaction.atomic():
        response.save()
        audit.record(
            user,
            "problems.response.updated",
            response,
            audit.field_changes(before, response, ["status", "update", "served_at"]),
        )
    return response
