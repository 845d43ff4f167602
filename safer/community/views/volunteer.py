"""The Speed Watch volunteer's pages, made for a phone outdoors: their sessions, booking, and the
recording form. The form works without JavaScript (one vehicle a post); with it,
`static/community/record.js` keeps each vehicle on the phone until it has been sent, so nothing is
lost when the signal drops, and sends again until the server has every one (each carries the id
made on the phone, so a resend is never stored twice)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import CSW_VOLUNTEERS, require_role
from safer.community.actions import speedwatch as actions
from safer.community.forms import BookForm, FinishForm, ReadingForm
from safer.community.models import GroupStatus, SessionStatus, Site, SiteStatus, SpeedWatchVolunteer

MAX_SYNC = 500


def _my_sites(request: HttpRequest) -> list[Site]:
    groups = SpeedWatchVolunteer.objects.filter(user_id=request.user.pk).values("group_id")  # type: ignore[misc]
    return list(
        Site.objects.filter(
            group_id__in=groups, status=SiteStatus.APPROVED, group__status=GroupStatus.ACTIVE
        ).select_related("group")
    )


@require_safe
@require_role(*CSW_VOLUNTEERS)
def my_sessions(request: HttpRequest) -> HttpResponse:
    sessions = (
        actions.volunteer_sessions(request.user)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("volunteers")
    )
    today = timezone.localdate()
    upcoming = [s for s in sessions if s.date >= today and s.status == SessionStatus.BOOKED]
    past = [s for s in sessions if s not in upcoming][:20]
    return render(
        request,
        "community/csw/my_sessions.html",
        {
            "upcoming": upcoming,
            "past": past,
            "sites": _my_sites(request),
            "form": BookForm(),
            "me": request.user,
            "min_session": actions.MIN_SESSION,
        },
    )


@require_POST
@require_role(*CSW_VOLUNTEERS)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.filter(pk__in=[s.pk for s in _my_sites(request)]), pk=pk)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the session's date, start and end times")
        return redirect("community:csw-my")
    d = form.cleaned_data
    try:
        actions.book_session(request.user, site, d["date"], d["start"], d["end"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, f"Session booked at {site.name}. It goes ahead with {actions.MIN_SESSION} volunteers."
        )
    return redirect("community:csw-my")


@require_POST
@require_role(*CSW_VOLUNTEERS)
def join(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(actions.volunteer_sessions(request.user), pk=pk)
    try:
        actions.join_session(request.user, item)
        messages.success(request, "You are booked on the session.")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("community:csw-my")


def _booked_session(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    item = get_object_or_404(actions.volunteer_sessions(request.user), pk=pk)
    if not item.volunteers.filter(pk=request.user.pk).exists():  # type: ignore[misc]
        raise PermissionDenied("Only volunteers booked on this session can record it")
    return item


@require_http_methods(["GET", "POST"])
@require_role(*CSW_VOLUNTEERS)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    item = _booked_session(request, pk)
    blocked = actions.can_record(item)
    initial = {"time": timezone.localtime().time().replace(second=0, microsecond=0)}
    form = ReadingForm(request.POST or None, initial=initial)
    if request.method == "POST" and not blocked and form.is_valid():
        d = form.cleaned_data
        item_data = {k: str(d[k]) for k in ("registration", "make", "model", "colour", "speed", "direction")}
        item_data.update(client_id=str(d["client_id"]), time=d["time"].strftime("%H:%M"))
        _stored, errors = actions.record_readings(request.user, item, [item_data])
        if errors:
            for problem in next(iter(errors.values())):
                form.add_error(None, problem[0].upper() + problem[1:])
        else:
            messages.success(request, f"{item_data['registration'].upper()} at {d['speed']} mph recorded.")
            return redirect("community:csw-record", pk=item.pk)
    recent = item.readings.order_by("-received_at")[:10]
    return render(
        request,
        "community/csw/record.html",
        {
            "session": item,
            "form": form,
            "blocked": blocked,
            "recent": recent,
            "count": item.readings.count(),
            "finish": FinishForm(),
        },
    )


@require_POST
@require_role(*CSW_VOLUNTEERS)
def sync(request: HttpRequest, pk: int) -> JsonResponse:
    """The phone's queue, sent as JSON {"readings": [...]} (or a form field `readings` holding
    the list): answers the ids the server now holds
    (new or sent before) and the errors by id; the phone forgets what was stored."""
    item = _booked_session(request, pk)
    try:
        if request.content_type == "application/json":
            items = json.loads(request.body or b"{}")["readings"]
        else:  # the same list as a form field, for clients that cannot send JSON
            items = json.loads(request.POST["readings"])
        if (
            not isinstance(items, list)
            or len(items) > MAX_SYNC
            or not all(isinstance(i, dict) for i in items)
        ):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {"error": f"Send {{'readings': [...]}} with at most {MAX_SYNC} readings"}, status=400
        )
    try:
        stored, errors = actions.record_readings(
            request.user, item, [{k: str(v) for k, v in i.items()} for i in items]
        )
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=409)
    return JsonResponse({"stored": stored, "errors": errors, "count": item.readings.count()})


@require_POST
@require_role(*CSW_VOLUNTEERS)
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _booked_session(request, pk)
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            actions.finish_session(
                request.user, item, form.cleaned_data["vehicles_counted"], form.cleaned_data["device"]
            )
            messages.success(request, "The session is finished. Thank you.")
            return redirect("community:csw-my")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Enter a whole number of vehicles")
    return redirect("community:csw-record", pk=item.pk)
