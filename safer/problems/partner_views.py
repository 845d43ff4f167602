"""Pages for partner-agency workers (the `partner` role, linked to an agency in partners): the plans
shared with their agency, each showing only the data items an agreement in force lists, and their
own responses to update. Every read is written to the audit log (partners.sharing)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts.scopes import PARTNERS, require_role
from safer.partners.sharing import record_partner_read
from safer.problems import sharing
from safer.problems.models import Response
from safer.problems.plan_forms import ResponseUpdateForm
from safer.problems.plans import PlanError


@require_safe
@require_role(*PARTNERS)
def shared_plans(request: HttpRequest) -> HttpResponse:
    agency, fields, plans = sharing.visible_to(request.user)
    rows = []
    for plan in plans.order_by("-created_at")[:100]:
        assert agency is not None  # no agency: no plans
        listed = sharing.values(plan, fields, agency)
        shown = {k: v for k, v in listed.items() if k in ("title", "area", "dates")}
        record_partner_read(request.user, plan, shown)
        rows.append({"plan": plan, "values": shown})
    return render(
        request,
        "problems/partner/plans.html",
        {"agency": agency, "rows": rows, "sharing": bool(fields)},
    )


@require_safe
@require_role(*PARTNERS)
def shared_plan(request: HttpRequest, pk: int) -> HttpResponse:
    agency, fields, plans = sharing.visible_to(request.user)
    plan = get_object_or_404(plans, pk=pk)
    assert agency is not None
    values = sharing.values(plan, fields, agency)
    record_partner_read(request.user, plan, values)
    return render(request, "problems/partner/plan.html", {"agency": agency, "plan": plan, "v": values})


@require_http_methods(["GET", "POST"])
@require_role(*PARTNERS)
def own_response(request: HttpRequest, pk: int) -> HttpResponse:
    agency, fields, plans = sharing.visible_to(request.user)
    if agency is None or "responses" not in fields:
        raise Http404
    response = get_object_or_404(
        Response.objects.select_related("plan"), pk=pk, owner_agency=agency, plan__in=plans
    )
    form = ResponseUpdateForm(initial={"status": response.status, "update": response.update})
    if request.method == "POST":
        form = ResponseUpdateForm(request.POST)
        if form.is_valid():
            try:
                sharing.partner_update(
                    request.user, response, form.cleaned_data["status"], form.cleaned_data["update"]
                )
            except PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your update is saved and the plan's owner can see it.")
                return redirect("problems:partner-plan", pk=response.plan_id)
    record_partner_read(request.user, response, ["responses"])
    return render(
        request, "problems/partner/response.html", {"agency": agency, "response": response, "form": form}
    )
