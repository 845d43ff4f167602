"""Back-office pages about partners: agencies, agreements, forums and meetings; and a partner
account's own page about its agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safer.accounts.scopes import PARTNERS, PARTNERSHIP_EDITORS, PARTNERSHIP_READERS, has_role, require_role
from safer.partners import actions, sharing
from safer.partners.forms import (
    ActionForm,
    ActionStatusForm,
    AgreementReviewForm,
    AttendanceForm,
    MeetingForm,
    agency_from_choice,
)
from safer.partners.models import Agency, AgencyKind, Forum, ForumAction, ForumMeeting, SharingAgreement
from safer.partners.models.forums import MeetingAttendance
from safer.partners.models.sharing import AgreementStatus

PER_PAGE = 50


def agreement_state(agreement: SharingAgreement, today: dt.date) -> tuple[str, str]:
    """A tag's text and colour for the agreement today."""
    if agreement.status == AgreementStatus.DRAFT:
        return "Draft", "grey"
    if agreement.status == AgreementStatus.ENDED or agreement.expires_on < today:
        return "Expired: nothing shared", "red"
    if agreement.start_date > today:
        return "Not started", "grey"
    if (agreement.expires_on - today).days <= settings.PARTNERS_AGREEMENT_REMINDER_DAYS:
        return f"Review by {agreement.expires_on:%-d %b %Y}", "yellow"
    return "In force", "green"


def _context(request: HttpRequest, **values: Any) -> dict[str, Any]:
    values.setdefault("can_edit", has_role(request.user, PARTNERSHIP_EDITORS))
    return values


@require_GET
@require_role(*PARTNERSHIP_READERS)
def agencies(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    rows = Agency.objects.all()
    live_ids = set(
        SharingAgreement.objects.filter(sharing.in_force_filter(timezone.localdate())).values_list(
            "parties", flat=True
        )
    )
    if kind in AgencyKind.values:
        rows = rows.filter(kind=kind)
    page = Paginator(rows.order_by("name"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/agencies.html",
        _context(
            request,
            page=page,
            live_ids=live_ids,
            kinds=AgencyKind.choices,
            kind=kind,
            page_range=page.paginator.get_elided_page_range(page.number),
            query_prefix=f"kind={kind}&" if kind else "",
            section="agencies",
        ),
    )


@require_GET
@require_role(*PARTNERSHIP_READERS)
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Agency.objects.prefetch_related("contacts", "sites", "areas", "forums"), pk=pk)
    today = timezone.localdate()
    agreements = [(a, agreement_state(a, today)) for a in found.agreements.order_by("-review_date")]
    return render(
        request,
        "partners/agency.html",
        _context(
            request,
            agency=found,
            agreements=agreements,
            accounts=found.accounts.count(),
            shared=sorted(sharing.fields_shared_with(found)),
            section="agencies",
        ),
    )


@require_GET
@require_role(*PARTNERSHIP_READERS)
def agreements(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = SharingAgreement.objects.prefetch_related("parties").order_by("review_date", "reference")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/agreements.html",
        _context(
            request,
            page=page,
            rows=[(a, agreement_state(a, today)) for a in page],
            page_range=page.paginator.get_elided_page_range(page.number),
            section="agreements",
        ),
    )


@require_GET
@require_role(*PARTNERSHIP_READERS)
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SharingAgreement.objects.prefetch_related("parties", "reviews"), pk=pk)
    today = timezone.localdate()
    form = AgreementReviewForm(
        initial={"reviewed_on": today, "next_review_date": today + dt.timedelta(days=365)}
    )
    return _agreement_page(request, found, form)


def _agreement_page(request: HttpRequest, found: SharingAgreement, form: AgreementReviewForm) -> HttpResponse:
    return render(
        request,
        "partners/agreement.html",
        _context(
            request,
            agreement=found,
            state=agreement_state(found, timezone.localdate()),
            form=form,
            section="agreements",
        ),
        status=400 if form.errors else 200,
    )


@require_POST
@require_role(*PARTNERSHIP_EDITORS)
def review_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(SharingAgreement, pk=pk)
    form = AgreementReviewForm(request.POST)
    if not form.is_valid():
        return _agreement_page(request, found, form)
    d = form.cleaned_data
    actions.review_agreement(request.user, found, d["reviewed_on"], d["next_review_date"], d["notes"])
    messages.success(
        request,
        f"Review recorded. {found.reference} is next due for review on {d['next_review_date']:%-d %B %Y}.",
    )
    return redirect("partners:agreement", pk=found.pk)


@require_GET
@require_role(*PARTNERSHIP_READERS)
def forums(request: HttpRequest) -> HttpResponse:
    rows = Forum.objects.select_related("area").annotate(meeting_count=Count("meetings")).order_by("name")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/forums.html",
        _context(
            request, page=page, page_range=page.paginator.get_elided_page_range(page.number), section="forums"
        ),
    )


@require_GET
@require_role(*PARTNERSHIP_READERS)
def forum(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Forum.objects.select_related("area").prefetch_related("members"), pk=pk)
    return _forum_page(request, found, MeetingForm(initial={"held_on": timezone.localdate()}))


def _forum_page(request: HttpRequest, found: Forum, form: MeetingForm) -> HttpResponse:
    meetings = found.meetings.prefetch_related(
        Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("agency"))
    )
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/forum.html",
        _context(
            request,
            forum=found,
            page=page,
            page_range=page.paginator.get_elided_page_range(page.number),
            form=form,
            section="forums",
        ),
        status=400 if form.errors else 200,
    )


@require_POST
@require_role(*PARTNERSHIP_EDITORS)
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Forum, pk=pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            meeting = actions.add_meeting(request.user, found, d["held_on"], d["venue"], d["notes"])
        except actions.ActionRefused as refused:
            form.add_error("held_on", str(refused))
        else:
            messages.success(request, "Meeting added. Record who attended and the actions agreed.")
            return redirect("partners:meeting", pk=meeting.pk)
    return _forum_page(request, found, form)


def _meeting_agencies(meeting: ForumMeeting) -> Any:
    return Agency.objects.filter(
        Q(forums=meeting.forum) | Q(pk__in=meeting.attendance.values("agency"))
    ).distinct()


@require_GET
@require_role(*PARTNERSHIP_READERS)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ForumMeeting.objects.select_related("forum"), pk=pk)
    return _meeting_page(request, found)


def _meeting_page(
    request: HttpRequest,
    found: ForumMeeting,
    attendance_form: AttendanceForm | None = None,
    action_form: ActionForm | None = None,
) -> HttpResponse:
    agencies = _meeting_agencies(found)
    attendance_form = attendance_form or AttendanceForm(agencies=agencies, initial={"status": "present"})
    action_form = action_form or ActionForm(agencies=agencies)
    failed = bool(attendance_form.errors or action_form.errors)
    return render(
        request,
        "partners/meeting.html",
        _context(
            request,
            meeting=found,
            attendance=found.attendance.select_related("agency"),
            actions=found.actions.select_related("owner_agency"),
            attendance_form=attendance_form,
            action_form=action_form,
            statuses=ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            section="forums",
        ),
        status=400 if failed else 200,
    )


@require_POST
@require_role(*PARTNERSHIP_EDITORS)
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ForumMeeting, pk=pk)
    agencies = _meeting_agencies(found)
    form = AttendanceForm(request.POST, agencies=agencies)
    if form.is_valid():
        d = form.cleaned_data
        try:
            chosen = agency_from_choice(d["agency"], agencies)
        except ValueError as error:
            form.add_error("agency", str(error))
        else:
            actions.record_attendance(request.user, found, chosen, d["representative"], d["status"])
            messages.success(request, "Attendance recorded.")
            return redirect("partners:meeting", pk=found.pk)
    return _meeting_page(request, found, attendance_form=form)


@require_POST
@require_role(*PARTNERSHIP_EDITORS)
def meeting_action(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ForumMeeting, pk=pk)
    agencies = _meeting_agencies(found)
    form = ActionForm(request.POST, agencies=agencies)
    if form.is_valid():
        d = form.cleaned_data
        try:
            owner = agency_from_choice(d["owner_agency"], agencies)
        except ValueError as error:
            form.add_error("owner_agency", str(error))
        else:
            actions.add_action(request.user, found, d["description"], owner, d["owner_name"], d["due_on"])
            messages.success(request, "Action added.")
            return redirect("partners:meeting", pk=found.pk)
    return _meeting_page(request, found, action_form=form)


@require_POST
@require_role(*PARTNERSHIP_EDITORS)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(ForumAction.objects.select_related("meeting"), pk=pk)
    form = ActionStatusForm({"action": found.pk, "status": request.POST.get("status", "")})
    if not form.is_valid():
        messages.error(request, "Choose a status from the list.")
    else:
        actions.set_action_status(request.user, found, form.cleaned_data["status"])
        messages.success(request, "Action updated.")
    return redirect(reverse("partners:meeting", args=[found.meeting_id]) + "#actions")


@require_GET
@require_role(*PARTNERS)
def my_agency(request: HttpRequest) -> HttpResponse:
    """A partner account's own page: its agency, and what it may see today and until when."""
    found = sharing.agency_of(request.user)
    live = list(sharing.agreements_in_date(found)) if found else []
    lapsed = (
        found.agreements.filter(status=AgreementStatus.SIGNED)
        .exclude(pk__in=[a.pk for a in live])
        .order_by("-review_date")[:5]
        if found
        else []
    )
    return render(
        request,
        "partners/my_agency.html",
        {
            "agency": found,
            "live": live,
            "lapsed": lapsed,
            "items": [sharing.DATA_ITEMS[i] for i in sorted(sharing.fields_shared_with(found))],
        },
    )
