"""Volunteers' part of "today" (safer/lib/today.py): for supervisors, advisory-group actions overdue
and ride-along applications waiting for their next step; for the custody inspector, visits whose
issues are waiting for a response. Items name references, groups and suites, never an applicant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.lib.today import Item, Section, section, shorten
from safer.volunteers.access import SCOPE_PATHS
from safer.volunteers.models import AdvisoryAction, CustodyVisit, RideAlong

# Applications that wait on the force: to check, to hear back from vetting, to book.
RIDE_ALONG_WAITING = [RideAlong.Status.RECEIVED, RideAlong.Status.VETTING, RideAlong.Status.APPROVED]


def _scoped(user: Any, rows: QuerySet[Any], model: type[Model]) -> QuerySet[Any]:
    return scopes.in_scope(user, rows, SCOPE_PATHS[model._meta.model_name or ""])


def _actions(user: Any, today: dt.date) -> Section:
    overdue = _scoped(
        user, AdvisoryAction.objects.filter(closed_on__isnull=True, due_on__lt=today), AdvisoryAction
    ).select_related("group")
    return section(
        "advisory-actions",
        "Advisory group actions overdue",
        overdue.order_by("due_on", "pk"),
        lambda a: Item(
            title=f"{a.group.name}: {shorten(a.description, 120)}",
            url=reverse("volunteers:advisory-group", args=[a.group_id]),
            action="Close or chase",
            when=a.due_on,
            when_label="Was due",
            overdue=True,
        ),
        more_url=reverse("volunteers:advisory"),
        empty="No advisory group action is overdue.",
    )


def _ride_alongs(user: Any) -> Section:
    waiting = _scoped(user, RideAlong.objects.filter(status__in=RIDE_ALONG_WAITING), RideAlong)
    return section(
        "ride-alongs",
        "Ride-along applications waiting",
        waiting.select_related("area").order_by("applied_at", "pk"),
        lambda r: Item(
            title=f"{r.reference}, {r.area.name}",
            url=reverse("volunteers:ride-along-detail", args=[r.pk]),
            action="Move on",
            text=r.get_status_display(),
            when=r.applied_at,
            when_label="Applied",
        ),
        more_url=reverse("volunteers:ride-alongs"),
        empty="No ride-along application is waiting.",
    )


def _custody(user: Any) -> Section:
    waiting = _scoped(user, CustodyVisit.objects.exclude(issues_raised="").filter(response=""), CustodyVisit)
    return section(
        "custody-issues",
        "Custody visit issues waiting for your response",
        waiting.select_related("suite").order_by("arrived_at", "pk"),
        lambda v: Item(
            title=f"{v.suite.name}, visit of {timezone.localtime(v.arrived_at):%-d %B}",
            url=reverse("volunteers:custody-visit", args=[v.pk]),
            action="Respond",
            when=v.arrived_at,
            when_label="Visited",
        ),
        more_url=reverse("volunteers:custody"),
        empty="No custody visit issues are waiting for a response.",
    )


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    found: list[Section] = []
    if scopes.has_role(user, scopes.ADVISORY_GROUP_MANAGERS):
        found.append(_actions(user, timezone.localdate(now)))
    if scopes.has_role(user, scopes.CUSTODY_VISITING):
        found.append(_custody(user))
    if scopes.has_role(user, scopes.RIDE_ALONG_MANAGERS):
        found.append(_ride_alongs(user))
    return found
