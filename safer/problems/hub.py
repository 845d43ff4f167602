"""The Problem Solving Hub: each area's queue (new plans to triage, stages waiting for sign-off,
overdue reviews, analysis requests) and the analysts' requests with their turnaround."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.places.models import Neighbourhood
from safer.problems.models import AnalysisRequest, Plan
from safer.problems.models.plans import OPEN_STAGES
from safer.problems.plans import PlanError

User = AbstractBaseUser | AnonymousUser


@dataclass
class Queue:
    to_triage: list[Plan]
    sign_offs: list[Plan]
    overdue_reviews: list[Plan]
    requests: list[AnalysisRequest]
    missed_reviews: int  # reviews done late or not yet done, over the open plans


def open_plans(user: User, neighbourhoods: QuerySet[Neighbourhood] | None = None) -> QuerySet[Plan]:
    """Open plans in the account's scope (and in `neighbourhoods`, when given)."""
    plans = Plan.objects.filter(stage__in=OPEN_STAGES)
    if neighbourhoods is not None:
        plans = plans.filter(neighbourhood__in=neighbourhoods)
    return scopes.in_scope(user, plans).select_related("neighbourhood")


def awaiting_sign_off(plans: QuerySet[Plan], stages: Iterable[str] | None = None) -> QuerySet[Plan]:
    """Plans whose current stage is up for sign-off (only `stages`, when given), oldest first."""
    waiting = plans.filter(submitted_at__isnull=False)
    if stages is not None:
        waiting = waiting.filter(stage__in=list(stages))
    return waiting.order_by("submitted_at")


def reviews_overdue(plans: QuerySet[Plan], today: dt.date) -> QuerySet[Plan]:
    return plans.filter(review_due__lt=today).order_by("review_due")


def open_requests(
    user: User, neighbourhoods: QuerySet[Neighbourhood] | None = None
) -> QuerySet[AnalysisRequest]:
    """Analysis requests not yet answered, in the account's scope, oldest first."""
    requests = AnalysisRequest.objects.filter(answered_at__isnull=True)
    if neighbourhoods is not None:
        requests = requests.filter(neighbourhood__in=neighbourhoods)
    return scopes.in_scope(user, requests).select_related("plan", "neighbourhood").order_by("asked_at")


def queue(user: User, neighbourhoods: QuerySet[Neighbourhood]) -> Queue:
    open_plans_ = open_plans(user, neighbourhoods)
    today = timezone.localdate()
    overdue = list(reviews_overdue(open_plans_, today))
    late = sum(1 for p in open_plans_.prefetch_related("reviews") for r in p.reviews.all() if not r.on_time)
    return Queue(
        to_triage=list(open_plans_.filter(triaged_at__isnull=True).order_by("created_at")),
        sign_offs=list(awaiting_sign_off(open_plans_)),
        overdue_reviews=overdue,
        requests=list(open_requests(user, neighbourhoods)),
        missed_reviews=late + len(overdue),
    )


def triage(user: User, plan: Plan, owner: Any | None = None) -> Plan:
    """The hub accepts a new plan (and may give it an owner in the team)."""
    scopes.check_in_scope(user, scopes.PLAN_SIGNERS | scopes.ANALYSIS_ANSWERERS, plan)
    if plan.triaged_at is not None:
        raise PlanError("This plan has already been triaged.")
    with transaction.atomic():
        plan.triaged_at = timezone.now()
        plan.triaged_by = user if user.is_authenticated else None  # type: ignore[assignment]
        if owner is not None:
            plan.owner = owner
        plan.save(update_fields=["triaged_at", "triaged_by", "owner"])
        audit.record(user, "problems.plan.triaged", plan, {"owner": [None, str(plan.owner_id)]})
    return plan


def request_analysis(
    user: User, neighbourhood: Neighbourhood, question: str, plan: Plan | None = None
) -> AnalysisRequest:
    scopes.check(user, scopes.PLAN_EDITORS, neighbourhood)
    if not question.strip():
        raise PlanError("Write the question for the analysts.")
    if plan is not None and plan.neighbourhood_id != neighbourhood.pk:
        raise PlanError("The plan is in another neighbourhood.")
    with transaction.atomic():
        req = AnalysisRequest.objects.create(
            neighbourhood=neighbourhood,
            plan=plan,
            question=question,
            asked_by=user if user.is_authenticated else None,  # type: ignore[misc]
        )
        audit.record(
            user, "problems.analysis_request.made", req, {"plan": [None, str(plan.pk if plan else "")]}
        )
    return req


def answer(user: User, req: AnalysisRequest, text: str, analysis_url: str) -> AnalysisRequest:
    """An analyst answers with a linked analysis (a page under /crime/ or a plan)."""
    scopes.check_in_scope(user, scopes.ANALYSIS_ANSWERERS, req)
    if req.answered_at is not None:
        raise PlanError("This request has already been answered.")
    if not text.strip():
        raise PlanError("Write the answer.")
    if not analysis_url.startswith(("/crime/", "/problems/")):
        raise PlanError("Link the analysis: an address on this site starting /crime/ or /problems/.")
    with transaction.atomic():
        req.answer = text
        req.analysis_url = analysis_url
        req.answered_by = user  # type: ignore[assignment]
        req.answered_at = timezone.now()
        req.save()
        if req.plan is not None:
            req.plan.links.create(kind="analysis", ref=str(req.pk), label=text[:300], url=analysis_url)
        audit.record(user, "problems.analysis_request.answered", req, {"answered": [None, "yes"]})
    return req


def turnaround_days(requests: list[AnalysisRequest]) -> float | None:
    """Median days from asking to answer over the answered requests."""
    days = [r.turnaround.total_seconds() / 86400 for r in requests if r.turnaround is not None]
    return statistics.median(days) if days else None
