"""Back-office pages for victim records: the list, the due lists, recording a victim, the record
with its forms, the leaflet PDF. Each page that shows a record reads it through
`access.readable_or_404`, which writes the consultation to the s62 log; each form posts to an
action that checks access again and logs the change or disclosure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import (
    VICTIM_ANALYSTS,
    VICTIM_OFFICERS,
    VICTIM_RECORD_READERS,
    VICTIM_SUPERVISORS,
    VICTIM_SUPPORT,
    has_role,
    in_scope,
    require_role,
)
from safer.crime.models import Incident
from safer.victims import actions, forms
from safer.victims.access import current_purpose, log_listed, readable, readable_or_404, writable
from safer.victims.leaflet_pdf import leaflet_pdf
from safer.victims.queries import due_for
from safer.victims.records import Leaflet, Referral, Victim
from safer.victims.sharing import latest_consent, officer_details, referral_problems, services

PER_PAGE = 50


@require_safe
@require_role(*VICTIM_RECORD_READERS)
def records(request: HttpRequest) -> HttpResponse:
    """Records this account may read, by reference only (opening one is the logged read)."""
    rows = readable(request.user).prefetch_related("incidents").select_related("officer_in_charge")
    page = Paginator(rows.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    log_listed(request.user, list(page), "listed: reference, crime reference and flags")
    return render(
        request,
        "victims/records.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "needs_purpose": has_role(request.user, VICTIM_ANALYSTS)
            and current_purpose(request.user) is None,
            "can_record": has_role(request.user, VICTIM_OFFICERS),
            "section": "records",
        },
    )


@require_safe
@require_role(*VICTIM_OFFICERS)
def due(request: HttpRequest) -> HttpResponse:
    """Overdue and due-today entitlements: an officer's own records; a sergeant's or inspector's team."""
    return render(
        request,
        "victims/due.html",
        {
            "lists": due_for(request.user),
            "team": has_role(request.user, VICTIM_SUPERVISORS),
            "section": "due",
        },
    )


@require_safe
@require_role(*VICTIM_OFFICERS)
def find_incident(request: HttpRequest) -> HttpResponse:
    """Start a record from the crime reference (an incident in the officer's scope)."""
    reference = request.GET.get("reference", "").strip()
    error = ""
    if reference:
        incident = in_scope(request.user, Incident.objects.filter(reference__iexact=reference)).first()
        if incident is not None:
            return redirect("victims:new", incident=incident.pk)
        error = "No incident with that crime reference in your area"
    elif "reference" in request.GET:
        error = "Enter the crime reference"
    return render(request, "victims/find.html", {"reference": reference, "error": error, "section": "new"})


@require_http_methods(["GET", "POST"])
@require_role(*VICTIM_OFFICERS)
def new(request: HttpRequest, incident: int) -> HttpResponse:
    found = get_object_or_404(in_scope(request.user, Incident.objects.all()), pk=incident)
    form = forms.VictimForm(incidents=[found], initial={"kind": Victim.Kind.PERSON, "update_every_days": 28})
    if request.method == "POST":
        form = forms.VictimForm(request.POST, incidents=[found])
        if form.is_valid():
            d = form.cleaned_data
            try:
                victim = actions.create_victim(request.user, [found], d, consent=d["consent"])
            except ValidationError as e:
                form.add_error("consent", e.messages[0])
            else:
                messages.success(
                    request, f"Victim recorded as {victim.reference}. You are the officer in charge."
                )
                return redirect("victims:detail", pk=victim.pk)
    # A count only (no names): enough to stop the same person being recorded twice.
    existing = Victim.objects.filter(incidents=found, erased_at__isnull=True).count()
    return render(
        request, "victims/new.html", {"form": form, "incident": found, "existing": existing, "section": "new"}
    )


FORM_FIELDS = [f for f in forms.ContactForm.base_fields if f not in ("consent", "more")]


@require_http_methods(["GET", "POST"])
@require_role(*VICTIM_OFFICERS)
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the contact agreement (the victim may change it at any time) and link incidents."""
    victim = _writable_or_404(request, pk)
    if request.method == "GET":
        readable_or_404(request.user, victim.pk, "contact agreement opened to change")
    scope = in_scope(request.user, Incident.objects.all())
    initial = {f: getattr(victim, f) for f in FORM_FIELDS}
    form = forms.ContactForm(
        initial=initial, incidents=list(victim.incidents.all()), incidents_in_scope=scope
    )
    if request.method == "POST":
        form = forms.ContactForm(
            request.POST, initial=initial, incidents=list(victim.incidents.all()), incidents_in_scope=scope
        )
        if form.is_valid():
            d = form.cleaned_data
            changed = actions.change_contact(request.user, victim, d, d["more"])
            messages.success(
                request, "Contact agreement saved." if changed or d["more"] else "Nothing changed."
            )
            return redirect("victims:detail", pk=victim.pk)
    return render(request, "victims/contact.html", {"form": form, "victim": victim, "section": "records"})


def _context(request: HttpRequest, victim: Victim, **bound: Form) -> dict[str, Any]:
    can_write = writable(request.user).filter(pk=victim.pk).exists()
    now = timezone.now()
    defaults: dict[str, Form] = {
        "assessment_form": forms.AssessmentForm(),
        "consent_form": forms.ConsentForm(),
        "referral_form": forms.ReferralForm(initial={"kind": Referral.Kind.VICTIM_SERVICE}),
        "decision_form": forms.DecisionForm(initial={"decided_at": now.replace(second=0, microsecond=0)}),
        "update_form": forms.UpdateForm(initial={"given_at": now.replace(second=0, microsecond=0)}),
        "leaflet_form": forms.LeafletForm(
            initial={
                "variant": Leaflet.Variant.STANDARD,
                "channel": Leaflet.Channel.EMAIL if victim.email else Leaflet.Channel.PRINT,
            }
        ),
        "retention_form": forms.RetentionForm(),
    }
    defaults.update(bound)
    return {
        "victim": victim,
        "incidents": victim.incidents.all(),
        "assessments": victim.assessments.select_related("assessed_by"),
        "consents": victim.consents.select_related("recorded_by"),
        "consent": latest_consent(victim),
        "clocks": [(e, e.status(now)) for e in victim.entitlements.all()],
        "referrals": victim.referrals.all(),
        "leaflets": victim.leaflets.all(),
        "reviews": victim.reviews.select_related("reviewer"),
        "officer": officer_details(victim),
        "referral_problems": referral_problems(victim, Referral.Kind.VICTIM_SERVICE),
        "services": services(),
        "can_write": can_write,
        "can_review": can_write and has_role(request.user, VICTIM_SUPERVISORS),
        "can_record_outcome": can_write or has_role(request.user, VICTIM_SUPPORT),
        "outcome_form": forms.OutcomeForm(),
        "section": "records",
        **defaults,
    }


@require_safe
@require_role(*VICTIM_RECORD_READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    victim = readable_or_404(request.user, pk, "victim record opened")
    return render(request, "victims/detail.html", _context(request, victim))


def _writable_or_404(request: HttpRequest, pk: int) -> Victim:
    victim = writable(request.user).filter(pk=pk).first()
    if victim is None:
        raise Http404("No victim record you may change.")
    return victim


def _again(
    request: HttpRequest, victim: Victim, name: str, form: Form, error: ValidationError | None = None
) -> HttpResponse:
    """The record again with the failed form and its errors (nothing was changed)."""
    if error is not None:
        for message in error.messages:
            form.add_error(None, message)
    victim = readable_or_404(request.user, victim.pk, "victim record shown again with a form error")
    return render(request, "victims/detail.html", _context(request, victim, **{name: form}), status=400)


def _post(
    request: HttpRequest, pk: int, form_class: type[Form], name: str, act: Any, done: str
) -> HttpResponse:
    victim = _writable_or_404(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _again(request, victim, name, form)
    try:
        act(victim, form.cleaned_data)
    except ValidationError as e:
        return _again(request, victim, name, form, e)
    messages.success(request, done)
    return redirect("victims:detail", pk=victim.pk)


@require_POST
@require_role(*VICTIM_OFFICERS)
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.AssessmentForm,
        "assessment_form",
        lambda v, d: actions.assess(request.user, v, d["categories"], d["needs"], d["interpreter"]),
        "Needs assessment recorded.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.ConsentForm,
        "consent_form",
        lambda v, d: actions.record_consent(request.user, v, d["choice"]),
        "The victim's choice about referral is recorded.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.ReferralForm,
        "referral_form",
        lambda v, d: actions.refer(request.user, v, d["kind"]),
        "Referral sent by secure email.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.DecisionForm,
        "decision_form",
        lambda v, d: actions.record_decision(request.user, v, d["decision"], d["decided_at"]),
        "Key decision recorded: the victim's update is now on the clock.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def update(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.UpdateForm,
        "update_form",
        lambda v, d: actions.record_update(request.user, v, d["given_at"]),
        "Update recorded; the next one is due at the agreed frequency.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def meet(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.MeetForm,
        "meet_form",
        lambda v, d: actions.meet(request.user, v, d["kind"]),
        "Entitlement marked as met.",
    )


@require_POST
@require_role(*VICTIM_OFFICERS)
def leaflet(request: HttpRequest, pk: int) -> HttpResponse:
    victim = _writable_or_404(request, pk)
    form = forms.LeafletForm(request.POST)
    if not form.is_valid():
        return _again(request, victim, "leaflet_form", form)
    try:
        issued = actions.issue_leaflet(
            request.user, victim, form.cleaned_data["variant"], form.cleaned_data["channel"]
        )
    except ValidationError as e:
        return _again(request, victim, "leaflet_form", form, e)
    if issued.channel == Leaflet.Channel.EMAIL:
        messages.success(request, "Leaflet emailed to the victim.")
    else:
        messages.success(request, "Leaflet issued: open the PDF below to print it.")
    return redirect("victims:detail", pk=victim.pk)


@require_POST
@require_role(*VICTIM_SUPERVISORS)
def retention(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.RetentionForm,
        "retention_form",
        lambda v, d: actions.record_retention_review(
            request.user, v, d["decision"], d["reason"], d["next_review_on"]
        ),
        "Retention review recorded.",
    )


@require_POST
@require_role(*(VICTIM_OFFICERS | VICTIM_SUPPORT))
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=pk)
    victim = readable(request.user).filter(pk=referral.victim_id).first()
    if victim is None:
        raise Http404("No referral you may change.")
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        return _again(request, victim, "outcome_form", form)
    try:
        actions.record_referral_outcome(request.user, referral, form.cleaned_data["outcome"])
    except ValidationError as e:
        return _again(request, victim, "outcome_form", form, e)
    messages.success(request, "Referral outcome recorded.")
    return redirect("victims:detail", pk=victim.pk)


@require_safe
@require_role(*VICTIM_RECORD_READERS)
def leaflet_file(request: HttpRequest, pk: int) -> HttpResponse:
    issued = get_object_or_404(Leaflet, pk=pk)
    readable_or_404(request.user, issued.victim_id, f"leaflet {issued.pk} PDF opened")
    response = HttpResponse(leaflet_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="leaflet-{issued.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
