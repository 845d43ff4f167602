"""Problems' part of "today" (safer/lib/today.py), from the hub's queries (safer/problems/hub.py):
an officer's responses due and their plans' reviews due; a sergeant's plans waiting for sign-off and
overdue reviews; an inspector's plans waiting for closure approval; an analyst's analysis requests
waiting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.lib.today import Item, Section, section, shorten
from safer.problems import hub
from safer.problems.models import AnalysisRequest, Plan, Response, Stage
from safer.problems.models.plans import SERGEANT_STAGES

# An officer sees responses and reviews due within this many days (and any overdue).
SOON_DAYS = 7


def _plan(plan: Plan, action: str, when: dt.date | dt.datetime | None, label: str, overdue: bool) -> Item:
    return Item(
        title=f"{plan.reference} {plan.title}, {plan.neighbourhood.name}",
        url=reverse("problems:plan", args=[plan.pk]),
        action=action,
        text=plan.get_stage_display(),
        when=when,
        when_label=label,
        overdue=overdue,
    )


def _officer(user: Any, today: dt.date) -> list[Section]:
    soon = today + dt.timedelta(days=SOON_DAYS)
    mine = hub.open_plans(user)
    responses = (
        Response.objects.filter(
            plan__in=mine,
            status__in=[Response.Status.PLANNED, Response.Status.UNDER_WAY],
            due__lte=soon,
        )
        .filter(Q(owner_user=user) | Q(plan__owner=user))
        .select_related("plan")
        .order_by("due", "pk")
    )
    reviews = mine.filter(owner=user, review_due__lte=soon).order_by("review_due", "pk")
    return [
        section(
            "problems-responses",
            "Problem-solving responses due",
            responses,
            lambda r: Item(
                title=f"{r.plan.reference}: {r.get_kind_display()}",
                url=reverse("problems:response", args=[r.pk]),
                action="Update",
                text=shorten(r.description, 160),
                when=r.due,
                when_label="Due",
                overdue=r.due < today,
            ),
            more_url=reverse("problems:plans"),
            empty="No problem-solving responses are due this week.",
        ),
        section(
            "problems-my-reviews",
            "Your plans due a review",
            reviews,
            lambda p: _plan(p, "Open", p.review_due, "Review due", p.review_due < today),
            more_url=reverse("problems:plans"),
            empty="None of your plans is due a review this week.",
        ),
    ]


def _sergeant(user: Any, today: dt.date) -> list[Section]:
    plans = hub.open_plans(user)
    return [
        section(
            "problems-sign-offs",
            "Plans waiting for your sign-off",
            hub.awaiting_sign_off(plans, SERGEANT_STAGES),
            lambda p: _plan(p, "Sign off", p.submitted_at, "Put up", False),
            more_url=reverse("problems:hub"),
            empty="No plan is waiting for sign-off.",
        ),
        section(
            "problems-reviews",
            "Plan reviews overdue in your teams",
            hub.reviews_overdue(plans, today),
            lambda p: _plan(p, "Review", p.review_due, "Review was due", True),
            more_url=reverse("problems:hub"),
            empty="No plan review is overdue.",
        ),
    ]


def _inspector(user: Any) -> Section:
    return section(
        "problems-closures",
        "Plans waiting for closure approval",
        hub.awaiting_sign_off(hub.open_plans(user), [Stage.ASSESSMENT]),
        lambda p: _plan(p, "Approve", p.submitted_at, "Put up", False),
        more_url=reverse("problems:hub"),
        empty="No plan is waiting for closure approval.",
    )


def _analyst(user: Any) -> Section:
    def item(r: AnalysisRequest) -> Item:
        where = r.plan.reference if r.plan is not None else r.neighbourhood.name
        return Item(
            title=f"Analysis request for {where}",
            url=reverse("problems:request", args=[r.pk]),
            action="Answer",
            text=shorten(r.question, 160),
            when=r.asked_at,
            when_label="Asked",
        )

    return section(
        "problems-requests",
        "Analysis requests waiting",
        hub.open_requests(user),
        item,
        more_url=reverse("problems:requests"),
        empty="No analysis request is waiting.",
    )


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    today = timezone.localdate(now)
    found: list[Section] = []
    if scopes.has_role(user, scopes.ON_PATROL):
        found += _officer(user, today)
    if scopes.has_role(user, scopes.PLAN_STAGE_SIGNERS):
        found += _sergeant(user, today)
    if scopes.has_role(user, scopes.PLAN_CLOSERS):
        found.append(_inspector(user))
    if scopes.has_role(user, scopes.ANALYSIS_ANSWERERS):
        found.append(_analyst(user))
    return found
