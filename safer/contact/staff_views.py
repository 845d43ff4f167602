"""The team's inbox in the back office: list, read, assign, reply.

Who sees what comes only from safer.accounts.scopes: PCSOs and PCs their team's messages,
sergeants and inspectors their scope's, the contact centre read-only across its scope (force-wide
for a force-scoped account). Replying and assigning need a team role and the message's
neighbourhood in scope. Nothing here logs a message body or an address.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safer.accounts import audit
from safer.accounts.scopes import CONTACT_READERS, TEAM_EDITORS, can_act_on, has_role, in_scope, require_role
from safer.contact import actions
from safer.contact.forms import AssignForm, ReplyForm
from safer.contact.models import ContactMessage, Status
from safer.teams.models import Membership

READERS = tuple(CONTACT_READERS)
PER_PAGE = 50

FILTERS: dict[str, tuple[str, dict[str, Any]]] = {
    "open": ("Waiting for a reply", {"status": Status.OPEN}),
    "overdue": ("Overdue", {"status": Status.OPEN, "due_at__lt": None}),
    "escalated": ("Escalated", {"escalated_at__isnull": False}),
    "mine": ("Assigned to me", {"status": Status.OPEN, "assigned_to": None}),
    "answered": ("Answered", {"status": Status.ANSWERED}),
    "all": ("All", {}),
}


def _visible(request: HttpRequest) -> QuerySet[ContactMessage]:
    """Messages the team has received (confirmed) in this account's scope."""
    received = ContactMessage.objects.filter(confirmed_at__isnull=False).exclude(status=Status.WITHDRAWN)
    return in_scope(request.user, received, "neighbourhood")


def _filtered(request: HttpRequest, qs: QuerySet[ContactMessage], show: str) -> QuerySet[ContactMessage]:
    _, lookups = FILTERS[show]
    lookups = dict(lookups)
    if "due_at__lt" in lookups:
        lookups["due_at__lt"] = timezone.now()
    if "assigned_to" in lookups:
        lookups["assigned_to"] = request.user
    return qs.filter(**lookups)


@require_role(*READERS)
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in FILTERS:
        show = "open"
    visible = _visible(request)
    now = timezone.now()
    counts = {
        "open": visible.filter(status=Status.OPEN).count(),
        "overdue": visible.filter(status=Status.OPEN, due_at__lt=now).count(),
        "escalated": visible.filter(escalated_at__isnull=False).count(),
    }
    rows = _filtered(request, visible, show).select_related("neighbourhood", "assigned_to")
    rows = rows.order_by("-confirmed_at", "-id") if show in ("answered", "all", "escalated") else rows
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contact/staff/inbox.html",
        {
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query_prefix": f"show={show}&",
            "show": show,
            "filters": [(key, label) for key, (label, _) in FILTERS.items()],
            "counts": counts,
            "now": now,
        },
    )


def _assignable(message: ContactMessage, me: AbstractBaseUser) -> list[AbstractBaseUser]:
    """The team's members with staff accounts able to act on this neighbourhood, and me."""
    users: list[AbstractBaseUser] = [me] if can_act_on(me, message.neighbourhood) else []
    members = Membership.objects.filter(neighbourhood=message.neighbourhood, person__user__isnull=False)
    for m in members.select_related("person__user__staff").order_by("person__family_name"):
        user = m.person.user
        if user is not None and user.pk != me.pk and can_act_on(user, message.neighbourhood):
            users.append(user)
    return users


def _get(request: HttpRequest, pk: int) -> ContactMessage:
    qs = _visible(request).select_related("neighbourhood__force", "assigned_to")
    return get_object_or_404(qs, pk=pk)


def _detail(
    request: HttpRequest, message: ContactMessage, reply_form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    may_act = can_act_on(request.user, message.neighbourhood)
    me = request.user
    assert isinstance(me, AbstractBaseUser)
    context = {
        "message": message,
        "replies": message.replies.select_related("author"),
        "may_act": may_act,
        "assign_form": AssignForm(
            initial={"assignee": message.assigned_to_id or ""}, people=_assignable(message, me)
        )
        if may_act
        else None,
        "reply_form": reply_form or (ReplyForm(channel=message.channel) if may_act else None),
        "overdue": message.is_overdue(),
    }
    # The page shows the resident's words and contact details: every showing is audited.
    audit.record(request.user, "contact.message.read", message)
    return render(request, "contact/staff/message.html", context, status=status)


@require_role(*READERS)
@require_safe
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(request, pk))


def _for_action(request: HttpRequest, pk: int) -> ContactMessage:
    if not has_role(request.user, TEAM_EDITORS):
        raise PermissionDenied("Your role can read messages but not answer them.")
    message = _get(request, pk)
    if not can_act_on(request.user, message.neighbourhood):
        raise PermissionDenied("This team is not yours to answer for.")
    return message


@require_POST
@require_role(*READERS)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    message = _for_action(request, pk)
    me = request.user
    assert isinstance(me, AbstractBaseUser)
    form = AssignForm(request.POST, people=_assignable(message, me))
    if form.is_valid():
        actions.assign(request.user, message, form.chosen())
        flash.success(request, f"{message.reference} is now assigned to {form.chosen() or 'no one'}.")
    else:
        flash.error(request, "Choose someone from the list.")
    return redirect("contact:message", message.pk)


@require_POST
@require_role(*READERS)
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    message = _for_action(request, pk)
    form = ReplyForm(request.POST, channel=message.channel)
    if not message.address:
        form.add_error(None, "This message's contact details have been erased, so it cannot be answered.")
        return _detail(request, message, form, status=400)
    if not form.is_valid():
        return _detail(request, message, form, status=400)
    actions.reply(
        request.user,
        message,
        form.cleaned_data["body"],
        explains_delay=form.cleaned_data["explains_delay"],
        offers_recourse=form.cleaned_data["offers_recourse"],
    )
    flash.success(request, f"Your reply to {message.reference} is on its way to the resident.")
    return redirect("contact:message", message.pk)
