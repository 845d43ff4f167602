"""Back-office pages for problem-solving plans: the list, starting one (from an analysis result or
by hand), one plan with its sign-offs, reviews, responses and time, and the POSTs that change it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import audit
from safer.accounts.scopes import (
    PLAN_CLOSERS,
    PLAN_EDITORS,
    PLAN_READERS,
    PLAN_SIGNERS,
    has_role,
    in_scope,
    neighbourhoods_in_scope,
    require_role,
)
from safer.lib import linkables
from safer.lib.params import whole_number
from safer.partners.models import Agency
from safer.partners.sharing import in_force_filter
from safer.problems import legal, plans, sharing, sources
from safer.problems.models import Plan, PlanLink, Response, Stage
from safer.problems.plan_forms import (
    PlanForm,
    ResponseForm,
    ResponseUpdateForm,
    ReviewForm,
    ShareForm,
    SignOffForm,
    StartPlanForm,
    TimeForm,
)
from safer.problems.plans import PlanError


def plan_in_scope(request: HttpRequest, pk: int) -> Plan:
    return get_object_or_404(
        in_scope(request.user, Plan.objects.select_related("neighbourhood", "parish", "owner")), pk=pk
    )


@require_safe
@require_role(*PLAN_READERS)
def plan_list(request: HttpRequest) -> HttpResponse:
    qs = in_scope(request.user, Plan.objects.select_related("neighbourhood"))
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    elif stage != "all":
        qs = qs.exclude(stage=Stage.CLOSED)
    page = Paginator(qs.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "problems/plan_list.html",
        {
            "page": page,
            "stage": stage,
            "stages": Stage.choices,
            "section": "plans",
            "can_start": has_role(request.user, PLAN_EDITORS),
        },
    )


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_EDITORS)
def plan_start(request: HttpRequest) -> HttpResponse:
    scope = neighbourhoods_in_scope(request.user)
    start = sources.from_query(request.user, request.GET)
    form = StartPlanForm(initial=start.initial, neighbourhoods=scope)
    if request.method == "POST":
        form = StartPlanForm(request.POST, neighbourhoods=scope)
        if form.is_valid():
            d = form.cleaned_data
            new = plans.NewPlan(
                title=d["title"],
                objective=d["objective"],
                neighbourhood=d["neighbourhood"],
                parish=d["parish"],
                easting=d["easting"],
                northing=d["northing"],
                radius_m=d["radius_m"],
                category=d["category"],
                first_month=d["first_month"],
                last_month=d["last_month"],
                source=start.source,
                source_detail=start.detail,
                links=start.links,
            )
            try:
                plan = plans.start_plan(request.user, new)
            except PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Plan {plan.reference} started with {plan.crimes.count()} crimes.")
                return redirect(plan)
    return render(
        request,
        "problems/plan_start.html",
        {"form": form, "start": start, "section": "plans", "query": request.GET.urlencode()},
    )


@require_safe
@require_role(*PLAN_READERS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    responses = list(plan.responses.select_related("owner_user"))
    for r in responses:
        r.clocks = legal.clocks(r.legal_tool, r.served_at, r.extended_to_48h)  # type: ignore[attr-defined]
    time = plan.time_entries.select_related("parish", "by")
    crimes = plan.crimes.count()
    audit.record(request.user, "problems.plan.read", plan, {"crimes": [None, crimes]})
    user = request.user
    can_edit = plan.is_open and has_role(user, PLAN_EDITORS)
    links = list(plan.links.all())
    priority_links = [link for link in links if link.kind == PlanLink.Kind.PRIORITY]
    linked = {link.ref for link in priority_links}
    context: dict[str, Any] = {
        "plan": plan,
        "responses": responses,
        "links": [link for link in links if link.kind != PlanLink.Kind.PRIORITY],
        "priority_links": priority_links,
        # Only the priorities the user may link: open, in the plan's neighbourhood and their scope.
        "priority_choices": [
            p
            for p in (linkables.find("priority", user, [plan.neighbourhood_id]) if can_edit else [])
            if p.ref not in linked
        ],
        "sign_offs": list(plan.sign_offs.select_related("by")),
        "reviews": list(plan.reviews.select_related("by")),
        "time": list(time[:20]),
        "minutes": time.aggregate(t=Sum("minutes"))["t"] or 0,
        "crimes": crimes,
        "incidents": plan.incidents.count(),
        "assessment": getattr(plan, "assessment", None),
        "write_up": getattr(plan, "write_up", None),
        "can_edit": can_edit,
        "can_sign": plan.awaiting == "sergeant" and has_role(user, PLAN_SIGNERS),
        "can_close": plan.awaiting == "inspector" and has_role(user, PLAN_CLOSERS),
        "can_review": plan.is_open and has_role(user, PLAN_SIGNERS),
        "can_publish": plan.stage == Stage.CLOSED and has_role(user, PLAN_CLOSERS),
        "sign_form": SignOffForm(),
        "review_form": ReviewForm(),
        "time_form": TimeForm(neighbourhood=plan.neighbourhood, initial={"on": timezone.localdate()}),
        "response_form": ResponseForm(plan=plan),
        "shares": list(plan.shares.select_related("agency")),
        "share_form": ShareForm(agencies=shareable_agencies()),
        "section": "plans",
    }
    return render(request, "problems/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_EDITORS)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    form = PlanForm(initial=instance_values(plan))
    if request.method == "POST":
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plans.edit_plan(request.user, plan, form.cleaned_data)
            except PlanError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Plan saved.")
            return redirect(plan)
    return render(request, "problems/plan_edit.html", {"plan": plan, "form": form, "section": "plans"})


def instance_values(plan: Plan) -> dict[str, Any]:
    return {name: getattr(plan, name) for name in PlanForm.base_fields}


def _done(request: HttpRequest, plan: Plan, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(plan)


@require_POST
@require_role(*PLAN_EDITORS)
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    return _done(request, plan, lambda: plans.submit(request.user, plan), "Sent to a sergeant for sign-off.")


@require_POST
@require_role(*PLAN_EDITORS)
def plan_link_priority(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    ref = request.POST.get("priority", "")[:20]
    return _done(
        request, plan, lambda: plans.link_priority(request.user, plan, ref), "Priority linked to the plan."
    )


@require_POST
@require_role(*PLAN_EDITORS)
def plan_unlink_priority(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    link_id = whole_number(request.POST.get("link", ""))
    return _done(
        request,
        plan,
        lambda: plans.unlink_priority(request.user, plan, link_id),
        "Priority no longer linked to the plan.",
    )


@require_POST
@require_role(*PLAN_SIGNERS)
def plan_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or return.")
        return redirect(plan)
    approve = form.cleaned_data["decision"] == "approve"
    stage = plan.get_stage_display()
    done = f"{stage} approved." if approve else f"{stage} returned for more work."
    if plan.stage == Stage.ASSESSMENT and approve:
        done = "Plan closed."
    note = form.cleaned_data["note"]
    return _done(request, plan, lambda: plans.sign_off(request.user, plan, approve, note), done)


@require_POST
@require_role(*PLAN_SIGNERS)
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _done(request, plan, lambda: plans.review(request.user, plan, note), "Review recorded.")


@require_POST
@require_role(*PLAN_EDITORS)
def plan_time(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    form = TimeForm(request.POST, neighbourhood=plan.neighbourhood)
    if not form.is_valid():
        messages.error(request, "Enter the minutes (1 to 1,440) and the date.")
        return redirect(plan)
    d = form.cleaned_data
    return _done(
        request,
        plan,
        lambda: plans.log_time(request.user, plan, d["minutes"], d["on"], d["parish"], d["note"]),
        "Time logged.",
    )


@require_POST
@require_role(*PLAN_EDITORS)
def plan_add_response(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    form = ResponseForm(request.POST, plan=plan)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, f"The response was not added: {first}")
        return redirect(plan)
    values = dict(form.cleaned_data.items())
    if values["owner_kind"] == "officer":
        values["owner_user"] = request.user
    return _done(request, plan, lambda: plans.add_response(request.user, plan, values), "Response added.")


@require_http_methods(["GET", "POST"])
@require_role(*PLAN_EDITORS)
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(
        in_scope(request.user, Response.objects.select_related("plan"), "plan__neighbourhood"), pk=pk
    )
    form = ResponseUpdateForm(initial={"status": response.status, "update": response.update})
    if request.method == "POST":
        form = ResponseUpdateForm(request.POST)
        if form.is_valid():
            plans.update_response(
                request.user, response, form.cleaned_data["status"], form.cleaned_data["update"]
            )
            messages.success(request, "Response updated.")
            return redirect(response.plan)
    clocks = legal.clocks(response.legal_tool, response.served_at, response.extended_to_48h)
    return render(
        request,
        "problems/response.html",
        {"response": response, "form": form, "clocks": clocks, "section": "plans"},
    )


def shareable_agencies() -> Any:
    """Active agencies with an information-sharing agreement in force today."""
    today = timezone.localdate()
    return Agency.objects.filter(active=True, agreements__in=_in_force(today)).distinct().order_by("name")


def _in_force(today: Any) -> Any:
    from safer.partners.models import SharingAgreement

    return SharingAgreement.objects.filter(in_force_filter(today))


@require_POST
@require_role(*PLAN_EDITORS)
def plan_share(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_in_scope(request, pk)
    if request.POST.get("stop"):
        agency = (
            get_object_or_404(Agency, pk=request.POST["stop"]) if request.POST["stop"].isdigit() else None
        )
        if agency is None:
            messages.error(request, "Choose an agency.")
            return redirect(plan)
        return _done(
            request,
            plan,
            lambda: sharing.unshare(request.user, plan, agency),
            f"No longer shared with {agency}.",
        )
    form = ShareForm(request.POST, agencies=Agency.objects.filter(active=True))
    if not form.is_valid():
        messages.error(request, "Choose an agency to share the plan with.")
        return redirect(plan)
    agency = form.cleaned_data["agency"]
    return _done(request, plan, lambda: sharing.share(request.user, plan, agency), f"Shared with {agency}.")
