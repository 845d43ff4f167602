"""Independent Custody Visiting, the PCC's scheme: suites and their weekly rota of visiting pairs,
the pair's report of each unannounced visit, and the custody inspector's response to its issues."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts.scopes import CUSTODY_VISITING, require_role
from safer.volunteers import actions, queries
from safer.volunteers.forms import (
    CustodySuiteForm,
    CustodyVisitForm,
    CustodyVisitorForm,
    ResponseForm,
    RotaSlotForm,
)
from safer.volunteers.models import CustodySuite, CustodyVisit, CustodyVisitor, RotaSlot
from safer.volunteers.views.common import add_page, scoped, table

ROLES = CUSTODY_VISITING


def _when(value: dt.datetime | None) -> str:
    return f"{timezone.localtime(value):%-d %b %Y %H:%M}" if value else ""


def _took(delta: dt.timedelta | None) -> str:
    if delta is None:
        return "Awaited"
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} hours" if hours < 72 else f"{hours / 24:.0f} days"


@require_safe
@require_role(*ROLES)
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = today - dt.timedelta(days=90)
    slots = scoped(request.user, RotaSlot)
    visits = scoped(request.user, CustodyVisit)
    kept, planned = queries.rota_kept(slots, start, today)
    answered, raised = queries.issues_answered(visits)
    context = {
        "suites": scoped(request.user, CustodySuite).select_related("area"),
        "visitors": scoped(request.user, CustodyVisitor).filter(active=True).count(),
        "kept": kept,
        "planned": planned,
        "answered": answered,
        "raised": raised,
        "rota": table(
            request,
            slots.select_related("suite", "first_visitor", "second_visitor"),
            [
                ("Week of", lambda s: f"{s.week_starting:%-d %b %Y}"),
                ("Suite", lambda s: s.suite.name),
                ("Pair", lambda s: f"{s.first_visitor.name} and {s.second_visitor.name}"),
            ],
            caption="Rota",
            empty="No weeks are on the rota yet.",
            param="rota_page",
        ),
        "visits": table(
            request,
            visits.select_related("suite"),
            [
                ("Visit", lambda v: _when(v.arrived_at)),
                ("Suite", lambda v: v.suite.name),
                ("Seen", lambda v: f"{v.detainees_seen} of {v.detainees_offered} offered"),
                ("Issues", lambda v: "Yes" if v.issues_raised else "None"),
                ("Response", lambda v: _took(v.response_time) if v.issues_raised else ""),
            ],
            caption="Visit reports",
            empty="No visits have been reported yet.",
            link=lambda v: reverse("volunteers:custody-visit", args=[v.pk]),
        ),
    }
    return render(request, "volunteers/custody.html", context)


suite_add = add_page(
    roles=ROLES,
    form_class=CustodySuiteForm,
    title="Add a custody suite",
    back="volunteers:custody",
    done=lambda s: f"{s.name} added.",
)
visitor_add = add_page(
    roles=ROLES,
    form_class=CustodyVisitorForm,
    title="Add a custody visitor",
    back="volunteers:custody",
    done=lambda v: f"{v.name} added.",
)
rota_add = add_page(
    roles=ROLES,
    form_class=RotaSlotForm,
    title="Put a pair on the rota",
    back="volunteers:custody",
    done=lambda s: f"{s.suite.name}, week of {s.week_starting:%-d %B}, is on the rota.",
)
visit_add = add_page(
    roles=ROLES,
    form_class=CustodyVisitForm,
    title="Record a visit report",
    back="volunteers:custody",
    done=lambda v: f"Report of the visit to {v.suite.name} recorded.",
    next_url=lambda v: reverse("volunteers:custody-visit", args=[v.pk]),
)


@require_http_methods(["GET", "POST"])
@require_role(*ROLES)
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    """One visit's report; a POST is the custody inspector's response to the issues it raised."""
    report = get_object_or_404(scoped(request.user, CustodyVisit).select_related("suite"), pk=pk)
    form = ResponseForm(request.POST or None, initial={"response": report.response})
    if request.method == "POST":
        if not report.issues_raised:
            messages.info(request, "This visit raised no issues to respond to.")
            return redirect("volunteers:custody-visit", report.pk)
        if form.is_valid():
            actions.respond_to_visit(request.user, report, form.cleaned_data["response"])
            messages.success(request, "Response recorded.")
            return redirect("volunteers:custody-visit", report.pk)
    context = {
        "visit": report,
        "form": form,
        "arrived": _when(report.arrived_at),
        "left": _when(report.left_at),
        "responded": _when(report.responded_at),
        "took": _took(report.response_time),
    }
    status = 400 if form.errors else 200
    return render(request, "volunteers/custody_visit.html", context, status=status)
