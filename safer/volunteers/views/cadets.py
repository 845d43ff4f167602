"""Volunteer Police Cadets and Mini Police. Cadets are children: a unit's page, its cadets and its
sessions open only for that unit's leaders and the safeguarding lead (access.cadet_units); anyone
else gets 404 and never sees a cadet's name in a list. Every read of a unit's cadets is audited."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts import audit
from safer.accounts.scopes import CADET_RECORDS, CADET_UNIT_MANAGERS, has_role, require_role
from safer.lib import phones
from safer.volunteers import access, actions, queries
from safer.volunteers.forms import CadetForm, CadetSessionForm, CadetUnitForm
from safer.volunteers.models import Cadet
from safer.volunteers.views.common import add_page, form_page, hours, paginate, table


@require_safe
@require_role(*(CADET_RECORDS | CADET_UNIT_MANAGERS))
def units(request: HttpRequest) -> HttpResponse:
    readable = set(access.cadet_units(request.user).values_list("pk", flat=True))
    rows = (
        access.listed_units(request.user)
        .select_related("neighbourhood")
        .prefetch_related("leaders")
        .annotate(size=Count("cadets"))
        .order_by("name", "pk")
    )
    return render(
        request,
        "volunteers/cadet_units.html",
        {
            "readable": readable,
            "can_add": has_role(request.user, CADET_UNIT_MANAGERS),
            **paginate(request, rows),
        },
    )


unit_add = add_page(
    roles=CADET_UNIT_MANAGERS,
    form_class=CadetUnitForm,
    title="Set up a cadet unit",
    back="volunteers:cadets",
    done=lambda u: f"{u.name} set up.",
)


@require_safe
@require_role(*CADET_RECORDS)
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(access.cadet_units(request.user).select_related("neighbourhood"), pk=pk)
    cadets = unit.cadets.all()
    sessions = unit.sessions.annotate(came=Count("present")).order_by("-date", "-pk")
    came, places = queries.cadet_attendance(unit.sessions.all())
    today = timezone.localdate()
    context = {
        "unit": unit,
        "leaders": unit.leaders.all(),
        "cadets": table(
            request,
            cadets,
            [
                ("Name", str),
                ("Age", lambda c: c.age_on(today)),
                ("Joined", lambda c: f"{c.joined_on:%-d %b %Y}"),
                (
                    "Health and permission form",
                    lambda c: f"{c.health_form_on:%-d %b %Y}" if c.health_form_on else "Not received",
                ),
                ("Parent or carer", lambda c: f"{c.carer_name}, {phones.national(c.carer_phone)}"),
            ],
            caption="Cadets",
            empty="No cadets have joined this unit yet.",
        ),
        "sessions": table(
            request,
            sessions,
            [
                ("Date", lambda s: f"{s.date:%-d %b %Y}"),
                ("Kind", lambda s: s.get_kind_display()),
                ("Topic", lambda s: s.topic),
                ("Hours", lambda s: hours(s.hours)),
                ("Came", lambda s: f"{s.came} of {s.enrolled}"),
            ],
            caption="Sessions",
            empty="No sessions have been recorded for this unit yet.",
            param="sessions_page",
        ),
        "attendance": round(100 * came / places) if places else None,
    }
    audit.record(request.user, "volunteers.cadets.read", unit, {"cadets": [None, cadets.count()]})
    return render(request, "volunteers/cadet_unit.html", context)


@require_http_methods(["GET", "POST"])
@require_role(*CADET_RECORDS)
def cadet_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(access.cadet_units(request.user), pk=pk)
    form = CadetForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        cadet: Cadet = form.save(commit=False)
        cadet.unit = unit
        actions.enrol_cadet(request.user, cadet)
        messages.success(request, f"{cadet} has joined {unit.name}.")
        return redirect("volunteers:cadet-unit", unit.pk)
    back = reverse("volunteers:cadet-unit", args=[unit.pk])
    return form_page(request, form, title="Add a cadet", back=back, caption=unit.name)


@require_http_methods(["GET", "POST"])
@require_role(*CADET_RECORDS)
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(access.cadet_units(request.user), pk=pk)
    form = CadetSessionForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.unit = unit
        actions.record_cadet_session(request.user, session, form.cleaned_data["present"])
        messages.success(request, f"Session on {session.date:%-d %B} recorded.")
        return redirect("volunteers:cadet-unit", unit.pk)
    back = reverse("volunteers:cadet-unit", args=[unit.pk])
    return form_page(request, form, title="Record a session", back=back, caption=unit.name)
