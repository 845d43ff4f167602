"""The Problem Solving Hub's pages: the area queue, analysis requests and answers, and the time
logged per parish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import (
    ANALYSIS_ANSWERERS,
    PLAN_EDITORS,
    PLAN_READERS,
    PLAN_SIGNERS,
    has_role,
    in_scope,
    neighbourhoods_in_scope,
    require_role,
)
from safer.places.models import Parish, PolicingArea
from safer.problems import hub
from safer.problems.models import AnalysisRequest, TimeEntry
from safer.problems.plan_forms import AnswerForm, RequestForm
from safer.problems.plans import PlanError
from safer.problems.views_plans import plan_in_scope


@require_safe
@require_role(*PLAN_READERS)
def hub_queue(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    areas = list(PolicingArea.objects.current().filter(neighbourhoods__in=scope).distinct().order_by("name"))
    chosen = next((a for a in areas if a.slug == request.GET.get("area")), None)
    neighbourhoods = scope.filter(areas=chosen) if chosen else scope
    q = hub.queue(request.user, neighbourhoods)
    return render(
        request,
        "problems/hub.html",
        {
            "q": q,
            "areas": areas,
            "chosen": chosen,
            "can_triage": has_role(request.user, PLAN_SIGNERS | ANALYSIS_ANSWERERS),
            "section": "hub",
        },
    )


@require_POST
@require_role(*(PLAN_SIGNERS | ANALYSIS_ANSWERERS))
def hub_triage(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    try:
        hub.triage(request.user, plan)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{plan.reference} triaged.")
    return redirect("problems:hub")


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_READERS)
def requests(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    form = RequestForm(neighbourhoods=scope, initial={"neighbourhood": scope.first()})
    if request.method == "POST":
        if not has_role(request.user, PLAN_EDITORS):
            raise PermissionDenied("Your role cannot ask for analysis.")
        form = RequestForm(request.POST, neighbourhoods=scope)
        plan = None
        if request.POST.get("plan"):
            plan = (
                plan_in_scope(request, int(request.POST["plan"])) if request.POST["plan"].isdigit() else None
            )
        if form.is_valid():
            try:
                hub.request_analysis(
                    request.user, form.cleaned_data["neighbourhood"], form.cleaned_data["question"], plan
                )
            except PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Request sent to the hub's analysts.")
                return redirect("problems:requests")
    qs = in_scope(request.user, AnalysisRequest.objects.select_related("plan", "neighbourhood", "asked_by"))
    mine = request.GET.get("show") == "mine"
    if mine:
        me = request.user.pk
        qs = qs.filter(answered_by_id=me) | qs.filter(asked_by_id=me)
    answered = list(qs.filter(answered_at__isnull=False).order_by("-answered_at")[:200])
    page = Paginator(qs.order_by("answered_at", "-asked_at"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "problems/requests.html",
        {
            "form": form,
            "page": page,
            "mine": mine,
            "turnaround": hub.turnaround_days(answered),
            "answered": len(answered),
            "can_ask": has_role(request.user, PLAN_EDITORS),
            "section": "requests",
        },
    )


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_READERS)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(
        in_scope(request.user, AnalysisRequest.objects.select_related("plan", "asked_by", "answered_by")),
        pk=pk,
    )
    form = AnswerForm()
    can_answer = req.answered_at is None and has_role(request.user, ANALYSIS_ANSWERERS)
    if request.method == "POST":
        if not has_role(request.user, ANALYSIS_ANSWERERS):
            raise PermissionDenied("Only analysts answer requests.")
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                hub.answer(request.user, req, form.cleaned_data["answer"], form.cleaned_data["analysis_url"])
            except PlanError as error:
                form.add_error("analysis_url" if "address" in str(error) else None, str(error))
            else:
                messages.success(request, "Answer sent.")
                return redirect("problems:request", pk=req.pk)
    return render(
        request,
        "problems/request.html",
        {"req": req, "form": form, "can_answer": can_answer, "section": "requests"},
    )


@require_safe
@require_role(*PLAN_READERS)
def time_by_parish(request: HttpRequest) -> HttpResponse:
    """Problem-solving time per parish over the last 12 months, with parishes that had none."""
    since = timezone.localdate() - dt.timedelta(days=365)
    scope = neighbourhoods_in_scope(request.user)
    logged: dict[int | None, dict[str, Any]] = {
        row["parish"]: dict(row)
        for row in TimeEntry.objects.filter(on__gte=since, plan__neighbourhood__in=scope)
        .values("parish")
        .annotate(minutes=Sum("minutes"), plans=Count("plan", distinct=True))
    }
    rows = [
        {
            "parish": p,
            "hours": round((logged.get(p.pk, {}).get("minutes") or 0) / 60, 1),
            "plans": logged.get(p.pk, {}).get("plans") or 0,
        }
        for p in Parish.objects.filter(neighbourhood__in=scope)
        .select_related("neighbourhood")
        .order_by("neighbourhood__name", "name")
    ]
    unassigned = logged.get(None, {}).get("minutes") or 0
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    covered = sum(1 for r in rows if r["hours"])
    return render(
        request,
        "problems/time.html",
        {
            "page": page,
            "covered": covered,
            "parishes": len(rows),
            "unassigned_hours": round(unassigned / 60, 1),
            "since": since,
            "section": "time",
        },
    )
