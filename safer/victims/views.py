"""Back-office pages about victims: repeat victims (and the repeat offenders beside them) with the
contacts made. Every read is written to the audit log."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.accounts.scopes import VICTIM_READERS, in_scope, require_role
from safer.crime import audit as crime_audit
from safer.crime.analysis.repeats import summarise
from safer.crime.models import Incident
from safer.crime.queries import RepeatIncident, repeat_incidents
from safer.victims import actions
from safer.victims.forms import VictimContactForm
from safer.victims.queries import PENDING, RepeatVictim, repeat_victims

PER_PAGE = 50


def _page(request: HttpRequest, rows: list[RepeatVictim] | list[RepeatIncident], param: str) -> Page:  # type: ignore[type-arg]
    return Paginator(rows, PER_PAGE).get_page(request.GET.get(param))


@require_http_methods(["GET", "POST"])
@require_role(*VICTIM_READERS)
def repeats(request: HttpRequest) -> HttpResponse:
    """Repeat victims and offenders of the last year: totals over all of them (contacts on time,
    late, overdue and not yet due), the tables 50 a page, and the contact form offering the
    uncontacted victims of the page shown (so every victim reference on the page is one the audit
    entry names)."""
    incidents = in_scope(request.user, Incident.objects.all())
    now = timezone.now()
    start, end = now - dt.timedelta(days=365), now
    victims = repeat_victims(incidents, start, end)
    offenders = repeat_incidents(incidents, start, end, "offender")
    victim_page = _page(request, victims, "page")
    offender_page = _page(request, offenders, "offenders_page")
    uncontacted = [r for r in victim_page if not r.contacted]
    choices = [(r.incident.pk, f"{r.incident.reference}, {r.incident.victim_ref}") for r in uncontacted]
    days = {r.incident.pk: timezone.localdate(r.incident.occurred_at) for r in uncontacted}
    form = VictimContactForm(
        incidents=choices, incident_days=days, initial={"contacted_on": timezone.localdate()}
    )
    if request.method == "POST":
        form = VictimContactForm(request.POST, incidents=choices, incident_days=days)
        if form.is_valid():
            d = form.cleaned_data
            incident = get_object_or_404(incidents, pk=d["incident"])
            actions.record_victim_contact(
                request.user, incident, d["method"], d["contacted_on"], d["referred"]
            )
            messages.success(request, f"Contact recorded for {incident.reference}.")
            query = request.GET.urlencode()
            return redirect(reverse("victims:repeats") + (f"?{query}" if query else ""))
    # The action name is unchanged since the move out of crime, so one search finds every entry.
    crime_audit.read_incidents(
        request.user,
        "crime.repeat_victims.read",
        [r.incident.pk for r in victim_page] + [r.incident.pk for r in offender_page],
        victim_incidents=len(victims),
        offender_incidents=len(offenders),
        page=victim_page.number,
        offenders_page=offender_page.number,
    )
    status = Counter(r.status for r in victims)
    people = [r.incident.victim_ref for r in victims]
    summary = summarise(people, np.array([r.prior for r in victims], dtype=np.int64))
    return render(
        request,
        "victims/repeat_victims.html",
        {
            "victims": victim_page,
            "victim_count": len(victims),
            "status": status,
            "due_count": len(victims) - status[PENDING],
            "working_days": settings.VICTIMS_REPEAT_CONTACT_WORKING_DAYS,
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
