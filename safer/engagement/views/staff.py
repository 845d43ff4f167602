"""The engagement back office. Role and scope come from accounts.scopes only: rows outside the
account's scope are simply not found (404); a role that may not act gets 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import scopes
from safer.engagement import actions, forms, ranking
from safer.engagement.calendar import occurrences_between, quarter_of
from safer.engagement.models import (
    Concern,
    Correspondence,
    Event,
    EventStatus,
    ParishCouncil,
    Priority,
    Station,
)
from safer.engagement.pdf import parish_update_pdf
from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Person

EDITORS = tuple(scopes.TEAM_EDITORS)
RANKED_PARISHES_PER_PAGE = 20
RANKED_TOP = 3
SUPERVISORS = tuple(scopes.SUPERVISORS)


def _team(request: HttpRequest, slug: str) -> Neighbourhood:
    return get_object_or_404(scopes.neighbourhoods_in_scope(request.user), slug=slug)


def _mine(request: HttpRequest, queryset: QuerySet[Any], pk: int, path: str = "neighbourhood") -> Any:
    return get_object_or_404(scopes.in_scope(request.user, queryset, path), pk=pk)


def _people(nb: Neighbourhood) -> QuerySet[Person]:
    return Person.objects.filter(memberships__neighbourhood=nb).order_by("family_name", "given_name")


def _fail(form: Any, error: ValidationError) -> None:
    form.add_error(None, error.messages[0] if error.messages else str(error))


@scopes.require_role(*EDITORS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    now = timezone.now()
    events = scopes.in_scope(user, Event.objects.exclude(status=EventStatus.CANCELLED)).select_related(
        "neighbourhood"
    )
    open_priorities = scopes.in_scope(user, Priority.objects.filter(closed_on__isnull=True)).select_related(
        "neighbourhood"
    )
    correspondence = scopes.in_scope(user, Correspondence.objects.filter(replied_on__isnull=True))
    context = {
        "teams": scopes.neighbourhoods_in_scope(user).order_by("name")[:30],
        "coming": occurrences_between(events, now, now + dt.timedelta(days=28))[:20],
        "stale_priorities": [p for p in open_priorities if p.needs_review(today)][:20],
        "overdue": correspondence.filter(reply_due__lt=today).count(),
        "due_soon": correspondence.filter(
            reply_due__gte=today, reply_due__lte=today + dt.timedelta(days=3)
        ).count(),
        "stations": scopes.in_scope(user, Station.objects.all()).order_by("name")[:30],
    }
    return render(request, "engagement/staff/home.html", context)


# --- events ----------------------------------------------------------------------------------


@scopes.require_role(*EDITORS)
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    events = scopes.in_scope(request.user, Event.objects.select_related("neighbourhood")).order_by("-start")[
        :200
    ]
    return render(request, "engagement/staff/events.html", {"events": events})


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    nb = _team(request, slug)
    existing = get_object_or_404(Event, pk=pk, neighbourhood=nb) if pk is not None else None
    initial: dict[str, Any] = {"publish": True, "repeat": ""}
    if existing is not None:
        start = timezone.localtime(existing.start)
        initial = {
            "kind": existing.kind,
            "title": existing.title,
            "description": existing.description,
            "address": existing.address,
            "latitude": existing.latitude,
            "longitude": existing.longitude,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(existing.end).time(),
            "parish": existing.parish,
            "attendees": list(existing.attendees.all()),
            "tags": list(existing.tags or []),
            "repeat": "",
        }
    form = forms.EventForm(
        request.POST or None, initial=initial, parishes=nb.parishes.all(), people=_people(nb)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_event(
                request.user,
                nb,
                form.event_fields(),
                attendees=form.cleaned_data["attendees"],
                publish=form.cleaned_data["publish"],
                event=existing,
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request,
                "Event published." if saved.status == EventStatus.PUBLISHED else "Event saved as a draft.",
            )
            return redirect("engagement:staff-event", pk=saved.pk)
    return render(request, "engagement/staff/event_form.html", {"team": nb, "form": form, "event": existing})


@scopes.require_role(*EDITORS)
@require_safe
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Event.objects.select_related("neighbourhood", "parish"), pk)
    outcome = forms.OutcomeForm(initial={"attendance": item.attendance, "issues_raised": item.issues_raised})
    context = {
        "event": item,
        "outcome_form": outcome,
        "cancel_form": forms.CancelForm(),
        "concerns": item.concerns.all(),
    }
    return render(request, "engagement/staff/event.html", context)


@scopes.require_role(*EDITORS)
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Event.objects.all(), pk)
    actions.publish_event(request.user, item)
    messages.success(request, "Event published.")
    return redirect("engagement:staff-event", pk=item.pk)


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Event.objects.select_related("neighbourhood"), pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.cancel_event(request.user, item, form.cleaned_data["reason"])
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Event cancelled. {item.cancellation_notice}.")
            return redirect("engagement:staff-event", pk=item.pk)
    return render(request, "engagement/staff/event_cancel.html", {"event": item, "form": form})


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def event_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Event.objects.select_related("neighbourhood", "parish"), pk)
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.record_outcome(
            request.user,
            item,
            data["attendance"],
            data["issues_raised"],
            [(c, None) for c in data["concerns"]],
        )
        messages.success(request, "Attendance and issues recorded.")
        return redirect("engagement:staff-event", pk=item.pk)
    return render(request, "engagement/staff/event_outcome.html", {"event": item, "form": form})


# --- stations --------------------------------------------------------------------------------


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def station_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Station.objects.select_related("neighbourhood"), pk)
    initial = {
        "status": item.status,
        "available_until": item.available_until,
        "status_note": item.status_note,
    }
    form = forms.StationStatusForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.set_station_status(
            request.user, item, data["status"], data["available_until"], data["status_note"]
        )
        messages.success(request, "Station status updated.")
        return redirect("engagement:staff-home")
    history = item.status_changes.select_related("by")[:10]
    return render(
        request, "engagement/staff/station.html", {"station": item, "form": form, "history": history}
    )


# --- parish councils -------------------------------------------------------------------------


def _councils(request: HttpRequest) -> QuerySet[ParishCouncil]:
    return scopes.in_scope(
        request.user, ParishCouncil.objects.select_related("parish__neighbourhood"), "parish__neighbourhood"
    )


@scopes.require_role(*EDITORS)
@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "engagement/staff/councils.html", {"councils": _councils(request).order_by("name")[:300]}
    )


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_councils(request), pk=pk)
    nb = item.parish.neighbourhood
    agreement_form = forms.AgreementForm(request.POST if "agreement" in request.POST else None)
    meeting_form = forms.MeetingForm(request.POST if "meeting" in request.POST else None, people=_people(nb))
    if request.method == "POST":
        if "agreement" in request.POST and agreement_form.is_valid():
            actions.save_agreement(request.user, item, agreement_form.cleaned_data)
            messages.success(request, "Agreement saved.")
            return redirect("engagement:staff-council", pk=item.pk)
        if "meeting" in request.POST and meeting_form.is_valid():
            data = dict(meeting_form.cleaned_data)
            actions.record_meeting(
                request.user, item, {k: data[k] for k in ("date", "mode", "notes")}, data["attended_by"]
            )
            messages.success(request, "Meeting recorded.")
            return redirect("engagement:staff-council", pk=item.pk)
    start, end = quarter_of(timezone.localdate())
    context = {
        "council": item,
        "agreements": item.agreements.all(),
        "meetings": item.meetings.prefetch_related("attended_by")[:20],
        "updates": item.updates.all()[:10],
        "agreement_form": agreement_form,
        "meeting_form": meeting_form,
        "quarter_start": start,
        "quarter_end": end,
    }
    return render(request, "engagement/staff/council.html", context)


def _quarter(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("quarter") or request.POST.get("quarter") or "")
    except ValueError:
        return timezone.localdate()


@scopes.require_role(*EDITORS)
@require_safe
def council_update_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_councils(request), pk=pk)
    start, _ = quarter_of(_quarter(request))
    response = HttpResponse(parish_update_pdf(item, start), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="policing-update-{start:%Y-%m}.pdf"'
    return response


@scopes.require_role(*EDITORS)
@require_POST
def council_update_send(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_councils(request), pk=pk)
    try:
        actions.send_parish_update(request.user, item, _quarter(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "The update will be emailed to the clerk in a moment.")
    return redirect("engagement:staff-council", pk=item.pk)


# --- concerns --------------------------------------------------------------------------------


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def concern_new(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _team(request, slug)
    form = forms.ConcernForm(request.POST or None, parishes=nb.parishes.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.record_concern(
            request.user,
            nb,
            category=data["category"],
            source=data["source"],
            parish=data["parish"],
            detail=data["detail"],
        )
        messages.success(request, "Concern recorded.")
        return redirect("engagement:staff-concerns")
    return render(request, "engagement/staff/concern_form.html", {"team": nb, "form": form})


@scopes.require_role(*EDITORS)
@require_safe
def concern_list(request: HttpRequest) -> HttpResponse:
    found = scopes.in_scope(request.user, Concern.objects.select_related("neighbourhood", "parish"))[:200]
    teams = scopes.neighbourhoods_in_scope(request.user).order_by("name")[:100]
    ranked = _ranked_parishes(request)
    context = {
        "concerns": found,
        "teams": teams,
        "ranked": ranked,
        "ranked_range": ranked.paginator.get_elided_page_range(ranked.number),
    }
    return render(request, "engagement/staff/concerns.html", context)


def _ranked_parishes(request: HttpRequest) -> Any:
    """A page of the parishes in scope with concerns in the last 12 months, each with its top
    categories ranked; a force-wide account sees hundreds of parishes, hence the pages."""
    since = timezone.now() - relativedelta(months=12)
    recent = scopes.in_scope(request.user, Concern.objects.filter(recorded_at__gte=since))
    # A subquery, not a list of ids: a force has thousands of parishes. Only the page is counted.
    parishes = Parish.objects.filter(pk__in=recent.exclude(parish=None).values("parish_id"))
    page = Paginator(parishes.order_by("name", "pk"), RANKED_PARISHES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = ranking.counts_by_parish(recent.filter(parish__in=[p.pk for p in page.object_list]))
    page.rows = [  # type: ignore[attr-defined]
        {"parish": p, "total": len(counts[p.pk]), "top": ranking.rank(counts[p.pk])[:RANKED_TOP]}
        for p in page.object_list
    ]
    return page


# --- priorities ------------------------------------------------------------------------------


@scopes.require_role(*EDITORS)
@require_safe
def priority_list(request: HttpRequest) -> HttpResponse:
    found = list(scopes.in_scope(request.user, Priority.objects.select_related("neighbourhood"))[:300])
    today = timezone.localdate()
    context = {
        "priorities": [(p, p.needs_review(today)) for p in found],
        "teams": scopes.neighbourhoods_in_scope(request.user).order_by("name")[:100],
        "can_publish": scopes.has_role(request.user, SUPERVISORS),
    }
    return render(request, "engagement/staff/priorities.html", context)


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def priority_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    nb = _team(request, slug)
    existing = get_object_or_404(Priority, pk=pk, neighbourhood=nb) if pk is not None else None
    initial = (
        {
            "issue": existing.issue,
            "issue_date": existing.issue_date,
            "source": existing.source,
            "action": existing.action,
            "action_date": existing.action_date,
        }
        if existing
        else {"issue_date": timezone.localdate()}
    )
    form = forms.PriorityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_priority(request.user, nb, form.cleaned_data, existing)
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, "Priority saved.")
            return redirect("engagement:staff-priorities")
    return render(
        request, "engagement/staff/priority_form.html", {"team": nb, "form": form, "priority": existing}
    )


@scopes.require_role(*SUPERVISORS)
@require_POST
def priority_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Priority.objects.select_related("neighbourhood"), pk)
    actions.publish_priority(request.user, item)
    messages.success(request, "Priority published under \u201cyou said, we did\u201d.")
    return redirect("engagement:staff-priorities")


@scopes.require_role(*EDITORS)
@require_POST
def priority_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Priority.objects.select_related("neighbourhood"), pk)
    actions.review_priority(request.user, item, close=request.POST.get("close") == "1")
    messages.success(request, "Priority closed." if item.closed_on else "Priority marked as reviewed today.")
    return redirect("engagement:staff-priorities")


# --- correspondence --------------------------------------------------------------------------


@scopes.require_role(*EDITORS)
@require_safe
def correspondence_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    found = scopes.in_scope(request.user, Correspondence.objects.select_related("neighbourhood"))
    context = {
        "overdue": found.filter(replied_on__isnull=True, reply_due__lt=today),
        "open": found.filter(replied_on__isnull=True, reply_due__gte=today),
        "answered": found.filter(replied_on__isnull=False).order_by("-replied_on")[:50],
        "teams": scopes.neighbourhoods_in_scope(request.user).order_by("name")[:100],
        "today": today,
    }
    return render(request, "engagement/staff/correspondence.html", context)


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def correspondence_new(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _team(request, slug)
    form = forms.CorrespondenceForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.save_correspondence(
                request.user, nb, {**form.cleaned_data, "assigned_to": request.user}
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, "Correspondence logged.")
            return redirect("engagement:staff-correspondence-item", pk=item.pk)
    return render(request, "engagement/staff/correspondence_form.html", {"team": nb, "form": form})


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def correspondence_item(request: HttpRequest, pk: int) -> HttpResponse:
    item: Correspondence = _mine(
        request, Correspondence.objects.select_related("neighbourhood", "assigned_to"), pk
    )
    form = forms.ReplyForm(request.POST or None, initial={"replied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_reply(
                request.user, item, form.cleaned_data["replied_on"], form.cleaned_data["reply_summary"]
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, "Reply recorded.")
            return redirect("engagement:staff-correspondence")
    return render(request, "engagement/staff/correspondence_item.html", {"item": item, "form": form})
