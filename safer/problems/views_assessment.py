"""Assessment pages: count before and after from the crime tables (with WDQ, WDD and the monthly
chart), the write-up with its word limits, its plain-text export, and publishing the public summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import audit
from safer.accounts.scopes import (
    PLAN_CLOSERS,
    PLAN_EDITORS,
    PLAN_READERS,
    neighbourhoods_in_scope,
    require_role,
)
from safer.crime.analysis.counts import available_months
from safer.problems import assessment as actions
from safer.problems import evaluation
from safer.problems.charts import chart
from safer.problems.models import Plan, WriteUp
from safer.problems.plan_forms import AssessForm, WriteUpForm
from safer.problems.plans import PlanError
from safer.problems.views_plans import plan_in_scope


def _suggested_periods(plan: Plan) -> dict[str, str]:
    """Before: the plan's own months; after: the months since the response started (or since the
    plan's last month), as many as the data allows."""
    months = available_months()
    start = plan.response_started.strftime("%Y-%m") if plan.response_started else ""
    after = [m for m in months if m > (start or plan.last_month)] if months else []
    if start:
        after = [m for m in months if m >= start]
    before = evaluation.months_between(plan.first_month, plan.last_month)
    if not after:
        return {"before_first": before[0], "before_last": before[-1]}
    before = [m for m in before if m < after[0]] or before
    return {
        "before_first": before[0],
        "before_last": before[-1],
        "after_first": after[0],
        "after_last": after[-1],
    }


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_EDITORS)
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    scope = neighbourhoods_in_scope(request.user)
    existing = getattr(plan, "assessment", None)
    initial: dict[str, Any] = {**_suggested_periods(plan), "buffer_m": plan.radius_m}
    initial["control"] = list(scope.exclude(pk=plan.neighbourhood_id).values_list("pk", flat=True)[:3])
    form = AssessForm(initial=initial, neighbourhoods=scope)
    if request.method == "POST":
        form = AssessForm(request.POST, neighbourhoods=scope)
        if form.is_valid():
            d = form.cleaned_data
            periods = actions.Periods(d["before_first"], d["before_last"], d["after_first"], d["after_last"])
            try:
                actions.assess(
                    request.user, plan, periods, d["buffer_m"], d["control"], d["impact"], d["notes"]
                )
            except PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, "Assessment recorded; the plan now waits for an inspector to close it."
                )
                return redirect("problems:assess", pk=plan.pk)
    context = {"plan": plan, "form": form, "assessment": existing, "section": "plans"}
    if existing is not None:
        context["chart"] = chart(existing, plan)
        context["months"] = [(m, *existing.monthly[m]) for m in sorted(existing.monthly)]
        context["wdd"] = evaluation.wdd_for(
            evaluation.Counts(
                existing.target_before,
                existing.target_after,
                existing.buffer_before,
                existing.buffer_after,
                existing.control_before,
                existing.control_after,
            )
        )
    return render(request, "problems/assess.html", context)


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_EDITORS)
def write_up(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    current = WriteUp.objects.filter(plan=plan).first()
    initial = (
        {name: getattr(current, name) for name in WriteUpForm.base_fields}
        if current
        else {
            "scanning": plan.scanning,
            "analysis": plan.analysis,
            "response": plan.response_goals,
            "assessment": getattr(getattr(plan, "assessment", None), "notes", ""),
        }
    )
    form = WriteUpForm(initial=initial)
    if request.method == "POST":
        form = WriteUpForm(request.POST)
        if form.is_valid():
            for name, error in actions.write_up_errors(form.cleaned_data).items():
                form.add_error(name, error)
        if form.is_valid():
            actions.save_write_up(request.user, plan, form.cleaned_data)
            messages.success(request, "Write-up saved.")
            return redirect("problems:write-up", pk=plan.pk)
    values = form.data if form.is_bound else initial
    counts = {name: actions.words(values.get(name, "") or "") for name in ["summary", *actions.SECTIONS]}
    return render(
        request,
        "problems/write_up.html",
        {
            "plan": plan,
            "form": form,
            "counts": counts,
            "sections_total": sum(counts[s] for s in actions.SECTIONS),
            "limits": (actions.SUMMARY_WORDS, actions.SECTIONS_WORDS),
            "current": current,
            "section": "plans",
        },
    )


@require_safe
@require_role(*PLAN_READERS)
def export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    current = WriteUp.objects.filter(plan=plan).first()
    if current is None:
        messages.error(request, "Write the write-up before exporting it.")
        return redirect(plan)
    audit.record(request.user, "problems.write_up.exported", current)
    text = render_to_string(
        "problems/write_up.txt", {"plan": plan, "w": current, "a": getattr(plan, "assessment", None)}
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.reference}-write-up.txt"'
    return response


@require_POST
@require_role(*PLAN_CLOSERS)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    try:
        actions.approve_public_summary(request.user, plan)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Public summary approved: it is on the neighbourhood page.")
    return redirect(plan)
