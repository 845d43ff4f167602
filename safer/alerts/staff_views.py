"""Staff pages: write a message, check its reach, send or submit it, approve, watch it go out, and
read the demo outbox (administrators, links masked). Scope comes only from safer.accounts.scopes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import (
    ADMINISTRATORS,
    SUPERVISORS,
    TEAM_EDITORS,
    has_role,
    in_scope,
    neighbourhoods_in_scope,
    require_role,
)
from safer.alerts import actions, drawmap, fanout
from safer.alerts.forms import ComposeForm, RejectForm
from safer.alerts.links import mask_links
from safer.alerts.models import Channel, Delivery, Message, MessageStatus, OutboxMessage
from safer.alerts.render import sms_fragments, sms_text, spoken_text
from safer.alerts.views import progress_counts

EDITORS = tuple(TEAM_EDITORS)


def _visible(request: HttpRequest) -> Any:
    """Messages this account may see: those reaching its neighbourhoods, and its own."""
    reaching = in_scope(request.user, Message.objects.all(), "neighbourhoods").values("pk")
    return Message.objects.filter(Q(pk__in=reaching) | Q(author=request.user))  # type: ignore[misc]


def _message(request: HttpRequest, pk: int) -> Message:
    return get_object_or_404(_visible(request).select_related("force", "author", "approved_by"), pk=pk)


@require_role(*EDITORS)
@require_safe
def message_list(request: HttpRequest) -> HttpResponse:
    visible = _visible(request).select_related("author").order_by("-created_at", "-id")
    waiting = [
        m
        for m in visible.filter(status=MessageStatus.AWAITING_APPROVAL)
        if actions.can_approve(request.user, m)
    ]
    page = Paginator(visible, 25).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "waiting": waiting,
        "sees_outbox": has_role(request.user, ADMINISTRATORS),
    }
    return render(request, "alerts/staff/list.html", context)


@require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def compose(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    message = _message(request, pk) if pk is not None else None
    if message is not None and message.status != MessageStatus.DRAFT:
        return redirect("alerts:staff-message", message.pk)
    scope = neighbourhoods_in_scope(request.user)
    if request.method == "POST":
        form = ComposeForm(request.POST, scope=scope)
        if form.is_valid():
            try:
                message = actions.save_draft(request.user, form.draft(), message)
            except actions.ScopeError as exc:
                form.add_error("target", str(exc))
            else:
                return redirect("alerts:staff-message", message.pk)
    else:
        initial = ComposeForm.initial_for(message) if message else {"urgency": "normal"}
        form = ComposeForm(initial=initial, scope=scope)
    context = {"form": form, "message": message, "drawmap": drawmap.scope_map(scope)}
    return render(request, "alerts/staff/compose.html", context)


@require_role(*EDITORS)
@require_safe
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    sms = sms_text(message)
    fragments, encoding = sms_fragments(sms)
    counts = _reach_now(message)
    context = {
        "message": message,
        "reach": {Channel(c).label: n for c, n in counts.items()},
        "reach_total": sum(counts.values()),
        "awaits_approval": message.needs_approval
        and message.approved_by_id is None
        and message.status in (MessageStatus.DRAFT, MessageStatus.AWAITING_APPROVAL),
        "who_can_approve": actions.who_can_approve(message),
        "sms": sms,
        "sms_fragments": fragments,
        "sms_encoding": encoding,
        "spoken": spoken_text(message) if message.is_urgent else "",
        "progress": progress_counts(message.pk),
        "can_approve": message.status == MessageStatus.AWAITING_APPROVAL
        and actions.can_approve(request.user, message),
        "is_author": message.author_id == request.user.pk,
        "reject_form": RejectForm(),
        "neighbourhoods": message.neighbourhoods.order_by("name")[:50],
        "neighbourhood_count": message.neighbourhoods.count(),
        "target_map": drawmap.target_map(message),
    }
    return render(request, "alerts/staff/message.html", context)


def _reach_now(message: Message) -> dict[int, int]:
    """Before it goes, who the message would reach now (people confirm after the preview was
    counted); once it has gone, the deliveries it made on each channel."""
    if message.status in (MessageStatus.DRAFT, MessageStatus.AWAITING_APPROVAL, MessageStatus.SCHEDULED):
        return fanout.reach(message)
    made = Delivery.objects.filter(message=message).values("channel").annotate(n=Count("id"))
    counted = {int(row["channel"]): int(row["n"]) for row in made}
    return counted or {int(k): v for k, v in message.reach.items()}


@require_role(*EDITORS)
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    try:
        message = actions.submit(request.user, message)
    except actions.ScopeError as exc:
        flash.error(request, str(exc))
    else:
        if message.status == MessageStatus.AWAITING_APPROVAL:
            flash.success(request, f"Sent for approval by {actions.who_can_approve(message)}.")
        elif message.scheduled_for:
            flash.success(request, "Your message is scheduled.")
        else:
            flash.success(request, "Your message is being sent.")
    return redirect("alerts:staff-message", pk)


@require_role(*SUPERVISORS)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    try:
        actions.approve(request.user, message)
    except actions.ScopeError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, "Approved. The message is being sent.")
    return redirect("alerts:staff-message", pk)


@require_role(*SUPERVISORS)
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        flash.error(request, "Say why the message is not approved.")
        return redirect("alerts:staff-message", pk)
    try:
        actions.reject(request.user, message, form.cleaned_data["reason"])
    except actions.ScopeError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, "The author has been told it was not approved.")
    return redirect("alerts:staff-message", pk)


@require_role(*EDITORS)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message(request, pk)
    try:
        actions.cancel(request.user, message)
    except actions.ScopeError as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, "Cancelled. Nothing was sent.")
    return redirect("alerts:staff-list")


@require_role(*EDITORS)
@require_safe
def progress(request: HttpRequest, pk: int) -> JsonResponse:
    message = _message(request, pk)
    return JsonResponse({"status": message.get_status_display(), **progress_counts(message.pk)})


@require_role(*ADMINISTRATORS)
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    """The demo's outbox: every email, text and call the outbox channel 'sent', for every app and
    every scope, so administrators only. Signed links are shown masked: reading the outbox must not
    let anyone manage a resident's registration or withdraw their message. Team staff see what
    their area was sent, as messages and counts without addresses, on the message pages."""
    page = Paginator(OutboxMessage.objects.all(), 25).get_page(request.GET.get("page"))
    items = [
        {
            "channel": item.get_channel_display(),
            "to_address": item.to_address,
            "created_at": item.created_at,
            "subject": mask_links(item.subject),
            "body": mask_links(item.body),
        }
        for item in page
    ]
    return render(request, "alerts/staff/outbox.html", {"page_obj": page, "items": items})
