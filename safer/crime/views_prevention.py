"""Back-office pages on incident data: repeat victims and offenders, near-repeat prevention responses,
and the import log. Reads of victim data are written to the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts.scopes import (
    IMPORT_READERS,
    PREVENTION_PLANNERS,
    VICTIM_READERS,
    has_role,
    in_scope,
    require_role,
)
from safer.crime import actions
from safer.crime import audit as crime_audit
from safer.crime.analysis.repeats import summarise
from safer.crime.forms import ContactForm, VisitForm
from safer.crime.models import ImportBatch, Incident, PreventionAction
from safer.crime.queries import RepeatIncident, repeat_incidents
from safer.crime.views import READERS

PLANNERS = PREVENTION_PLANNERS
PER_PAGE = 50


def _year(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - dt.timedelta(days=365), now


def _page(request: HttpRequest, rows: list[RepeatIncident], param: str) -> Page[RepeatIncident]:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get(param))


@require_http_methods(["GET", "POST"])
@require_role(*VICTIM_READERS)
def repeats(request: HttpRequest) -> HttpResponse:
    """Repeat victims and offenders of the last year: totals over all of them, the tables 50 a page,
    and the contact form offering the uncontacted victims of the page shown (so every victim
    reference on the page is one the audit entry names)."""
    incidents = in_scope(request.user, Incident.objects.all())
    start, end = _year(timezone.now())
    victims = repeat_incidents(incidents, start, end, "victim")
    offenders = repeat_incidents(incidents, start, end, "offender")
    victim_page = _page(request, victims, "page")
    offender_page = _page(request, offenders, "offenders_page")
    choices = [
        (r.incident.pk, f"{r.incident.reference}, {r.incident.victim_ref}")
        for r in victim_page
        if not r.contacted
    ]
    form = ContactForm(incidents=choices, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST":
        form = ContactForm(request.POST, incidents=choices)
        if form.is_valid():
            d = form.cleaned_data
            incident = get_object_or_404(incidents, pk=d["incident"])
            actions.record_victim_contact(
                request.user, incident, d["method"], d["contacted_on"], d["referred"]
            )
            messages.success(request, f"Contact recorded for {incident.reference}.")
            query = request.GET.urlencode()
            return redirect(reverse("crime:repeats") + (f"?{query}" if query else ""))
    crime_audit.read_incidents(
        request.user,
        "crime.repeat_victims.read",
        [r.incident.pk for r in victim_page] + [r.incident.pk for r in offender_page],
        victim_incidents=len(victims),
        offender_incidents=len(offenders),
        page=victim_page.number,
        offenders_page=offender_page.number,
    )
    people = [r.incident.victim_ref for r in victims]
    summary = summarise(people, np.array([r.prior for r in victims], dtype=np.int64))
    return render(
        request,
        "crime/repeats.html",
        {
            "victims": victim_page,
            "victim_count": len(victims),
            "contacted": sum(1 for r in victims if r.contacted),
            "victim_pages": victim_page.paginator.get_elided_page_range(victim_page.number),
            "offenders": offender_page,
            "offender_count": len(offenders),
            "offender_pages": offender_page.paginator.get_elided_page_range(offender_page.number),
            # each table's links keep the other table's page
            "keep_for_victims": f"offenders_page={offender_page.number}&",
            "keep_for_offenders": f"page={victim_page.number}&",
            "form": form,
            "summary": summary,
            "start": start,
            "end": end,
            "section": "repeats",
            "choices": choices,
        },
    )


@require_http_methods(["GET", "POST"])
@require_role(*READERS)
def prevention(request: HttpRequest) -> HttpResponse:
    incidents = in_scope(request.user, Incident.objects.all())
    if request.method == "POST":
        if not has_role(request.user, PLANNERS):
            messages.error(request, "Your role cannot plan visits.")
            return redirect("crime:prevention")
        incident = get_object_or_404(
            incidents.filter(category__startswith="burglary"), pk=request.POST.get("incident")
        )
        action = actions.plan_near_repeat_response(request.user, incident)
        messages.success(request, f"Near-repeat response planned for {incident.reference}.")
        return redirect("crime:prevention-detail", pk=action.pk)
    since = timezone.now() - dt.timedelta(days=28)
    recent = list(
        incidents.filter(category__startswith="burglary", occurred_at__gte=since).order_by("-occurred_at")[
            :50
        ]
    )
    planned = set(PreventionAction.objects.filter(trigger__in=recent).values_list("trigger_id", flat=True))
    responses = list(PreventionAction.objects.filter(trigger__in=incidents).select_related("trigger")[:50])
    crime_audit.read_incidents(
        request.user,
        "crime.prevention.read",
        [i.pk for i in recent] + [a.trigger_id for a in responses],
        responses=[a.pk for a in responses],
    )
    return render(
        request,
        "crime/prevention.html",
        {
            "recent": recent,
            "planned": planned,
            "responses": responses,
            "section": "prevention",
            "can_plan": has_role(request.user, PLANNERS),
        },  # type: ignore[union-attr]
    )


@require_http_methods(["GET", "POST"])
@require_role(*READERS)
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
        if not has_role(request.user, PLANNERS):
            messages.error(request, "Your role cannot record visits.")
        elif form.is_valid():
            d = form.cleaned_data
            actions.record_visit(
                request.user, action, d["target"], d["households"], d["delivered"], d["visited_on"]
            )
            messages.success(request, "Visit recorded.")
            return redirect("crime:prevention-detail", pk=action.pk)
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
    return render(request, "crime/prevention_detail.html", context)


@require_role(*IMPORT_READERS)
@require_safe
def imports(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.all()[:200]
    return render(request, "crime/imports.html", {"batches": batches, "section": "imports"})
