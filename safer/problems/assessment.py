"""Actions for the assessment stage: count before and after from the crime tables and record the
assessment, save the write-up within its word limits, and approve the public summary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.lib.page_cache import pages_changed
from safer.places.models import Neighbourhood
from safer.problems import evaluation
from safer.problems.models import Assessment, Plan, Stage, WriteUp
from safer.problems.plans import PlanError

User = AbstractBaseUser | AnonymousUser
SUMMARY_WORDS = 400
SECTIONS_WORDS = 4000
SECTIONS = ["scanning", "analysis", "response", "assessment"]


def words(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


@dataclass(frozen=True)
class Periods:
    before_first: str
    before_last: str
    after_first: str
    after_last: str


def assess(
    user: User,
    plan: Plan,
    periods: Periods,
    buffer_m: int,
    control: QuerySet[Neighbourhood],
    impact: str,
    notes: str = "",
) -> Assessment:
    """Count the target, buffer and control areas in the crime tables, compute WDQ and WDD, and put
    the plan up for closure by an inspector."""
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if plan.stage not in (Stage.RESPONSE, Stage.ASSESSMENT):
        raise PlanError("A plan is assessed once its analysis is signed off and the response is under way.")
    p = periods
    if not (p.before_first <= p.before_last < p.after_first <= p.after_last):
        raise PlanError("The before months must come first and end before the after months start.")
    if not control.exists():
        raise PlanError("Choose at least one control neighbourhood.")
    months = evaluation.months_between(p.before_first, p.after_last)
    area = evaluation.Area(plan.easting, plan.northing, plan.radius_m, buffer_m)
    monthly = evaluation.monthly_counts(area, control.values_list("pk", flat=True), months, plan.category)
    counts = evaluation.before_after(
        monthly,
        evaluation.months_between(p.before_first, p.before_last),
        evaluation.months_between(p.after_first, p.after_last),
    )
    result = evaluation.wdd_for(counts)
    with transaction.atomic():
        Assessment.objects.filter(plan=plan).delete()
        assessment = Assessment.objects.create(
            plan=plan,
            before_first=p.before_first,
            before_last=p.before_last,
            after_first=p.after_first,
            after_last=p.after_last,
            buffer_m=buffer_m,
            category=plan.category,
            target_before=counts.target_before,
            target_after=counts.target_after,
            buffer_before=counts.buffer_before,
            buffer_after=counts.buffer_after,
            control_before=counts.control_before,
            control_after=counts.control_after,
            monthly=monthly,
            wdq=evaluation.wdq(counts),
            wdd=result.total,
            wdd_se=result.total_se,
            impact=impact,
            notes=notes,
            by=user if user.is_authenticated else None,  # type: ignore[misc]
        )
        assessment.control.set(control)
        plan.stage = Stage.ASSESSMENT
        plan.submitted_at = timezone.now()
        plan.save(update_fields=["stage", "submitted_at"])
        audit.record(
            user,
            "problems.plan.assessed",
            plan,
            {"target": [counts.target_before, counts.target_after], "wdq": [None, assessment.wdq]},
        )
    return assessment


def write_up_errors(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if words(values.get("summary", "")) > SUMMARY_WORDS:
        errors["summary"] = f"The summary must be {SUMMARY_WORDS} words or fewer."
    total = sum(words(values.get(s, "")) for s in SECTIONS)
    if total > SECTIONS_WORDS:
        errors["scanning"] = (
            f"The four sections must be {SECTIONS_WORDS:,} words or fewer together ({total:,} now)."
        )
    return errors


def save_write_up(user: User, plan: Plan, values: dict[str, Any]) -> WriteUp:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    errors = write_up_errors(values)
    if errors:
        raise PlanError(" ".join(errors.values()))
    fields = ["summary", *SECTIONS, "references", "public_title", "public_summary"]
    with transaction.atomic():
        write_up, _ = WriteUp.objects.get_or_create(plan=plan)
        before = WriteUp.objects.get(pk=write_up.pk)
        for name in fields:
            if name in values:
                setattr(write_up, name, values[name])
        if write_up.public_approved_at and audit.field_changes(
            before, write_up, ["public_title", "public_summary"]
        ):
            # A changed public text needs approving again, and leaves the public page until it is.
            write_up.public_approved_at = None
            write_up.public_approved_by = None
            pages_changed()
        write_up.save()
        audit.record(user, "problems.write_up.saved", write_up, audit.field_changes(before, write_up, fields))
    return write_up


def approve_public_summary(user: User, plan: Plan) -> WriteUp:
    """An inspector approves the public summary of a closed plan: it then shows on the
    neighbourhood page under "What we did about …"."""
    scopes.check_in_scope(user, scopes.PLAN_CLOSERS, plan)
    if plan.stage != Stage.CLOSED:
        raise PlanError("Only a closed plan's summary can be published.")
    write_up = WriteUp.objects.filter(plan=plan).first()
    if write_up is None or not write_up.public_title.strip() or not write_up.public_summary.strip():
        raise PlanError("Write the public title and summary first.")
    with transaction.atomic():
        write_up.public_approved_at = timezone.now()
        write_up.public_approved_by = user  # type: ignore[assignment]
        write_up.save(update_fields=["public_approved_at", "public_approved_by"])
        audit.record(user, "problems.public_summary.approved", write_up, {"approved": [None, "yes"]})
        pages_changed()
    return write_up
