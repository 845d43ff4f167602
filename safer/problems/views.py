"""Back-office pages on prevention: near-repeat responses to burglaries and the visits made. Reads of
incident data are written to the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.accounts.scopes import CRIME_READERS, PREVENTION_PLANNERS, has_role, in_scope, require_role
from safer.crime import audit as crime_audit
from safer.crime.models import Incident
from safer.problems import actions
from safer.problems.forms import VisitForm
from safer.problems.models import PreventionAction


@require_http_methods(["GET", "POST"])
@require_role(*CRIME_READERS)
def prevention(request: HttpRequest) -> HttpResponse:
    incidents = in_scope(request.user, Incident.objects.all())
    if request.method == "POST":
        if not has_role(request.user, PREVENTION_PLANNERS):
            messages.error(request, "Your role cannot plan visits.")
            return redirect("problems:prevention")
        incident = get_object_or_404(
            incidents.filter(category__startswith="burglary"), pk=request.POST.get("incident")
        )
        action = actions.plan_near_repeat_response(request.user, incident)
        messages.success(request, f"Near-repeat response planned for {incident.reference}.")
        return redirect("problems:prevention-detail", pk=action.pk)
    since = timezone.now() - dt.timedelta(days=28)
    recent = list(
        incidents.filter(category__startswith="burglary", occurred_at__gte=since).order_by("-occurred_at")[
            :50
        ]
    )
    planned = set(PreventionAction.objects.filter(trigger__in=recent).values_list("trigger_id", flat=True))
    responses = list(PreventionAction.objects.filter(trigger__in=incidents).select_related("trigger")[:50])
    # Audit action names are unchanged since the move out of crime, so one search finds every entry.
    crime_audit.read_incidents(
        request.user,
        "crime.prevention.read",
        [i.pk for i in recent] + [a.trigger_id for a in responses],
        responses=[a.pk for a in responses],
    )
    return render(
        request,
        "problems/prevention.html",
        {
            "recent": recent,
            "planned": planned,
            "responses": responses,
            "section": "prevention",
            "can_plan": has_role(request.user, PREVENTION_PLANNERS),
        },
    )


@require_http_methods(["GET", "POST"])
@require_role(*CRIME_READERS)
def prevention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        PreventionAction.objects.filter(
            trigger__in=in_scope(request.user, Incident.objects.all())
        ).select_related("trigger"),
        pk=pk,
    )
    targets = [s["name"] for s in action.streets] + list(action.postcodes) or [
        "The burgled home's neighbours"
    ]
    form = VisitForm(targets=targets, initial={"visited_on": timezone.localdate()})
    if request.method == "POST":
        form = VisitForm(request.POST, targets=targets)
        if not has_role(request.user, PREVENTION_PLANNERS):
            messages.error(request, "Your role cannot record visits.")
        elif form.is_valid():
            d = form.cleaned_data
            actions.record_visit(
                request.user, action, d["target"], d["households"], d["delivered"], d["visited_on"]
            )
            messages.success(request, "Visit recorded.")
            return redirect("problems:prevention-detail", pk=action.pk)
    later = actions.later_incidents(action)
    crime_audit.read_one(
        request.user,
        "crime.prevention_action.read",
        action.trigger,
        prevention_action=action.pk,
        later_incidents=[i.pk for i in later],
    )
    visits = list(action.visits.all())
    context: dict[str, Any] = {
        "action": action,
        "visits": visits,
        "households": sum(v.households for v in visits),
        "later": later,
        "form": form,
        "section": "prevention",
    }
    if action.alert_message_id:
        context["alert_url"] = f"/alerts/staff/messages/{action.alert_message_id}/"
    return render(request, "problems/prevention_detail.html", context)
