"""Alerts' part of "today" (safer/lib/today.py): messages waiting for this supervisor's approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from safer.accounts import scopes
from safer.alerts import actions
from safer.alerts.models import Message, MessageStatus
from safer.lib.today import LIMIT, Item, Section, shorten


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if not scopes.has_role(user, scopes.SUPERVISORS):
        return []
    reaching = scopes.in_scope(user, Message.objects.all(), "neighbourhoods").values("pk")
    waiting = (
        Message.objects.filter(pk__in=reaching, status=MessageStatus.AWAITING_APPROVAL)
        .exclude(author=user)
        .order_by("created_at", "pk")
    )
    approvable = [m for m in waiting[:100] if actions.can_approve(user, m)]
    items = [
        Item(
            title=m.title,
            url=reverse("alerts:staff-message", args=[m.pk]),
            action="Approve or reject",
            text=shorten(m.body, 200),
            when=m.scheduled_for or m.created_at,
            when_label="To send" if m.scheduled_for else "Written",
        )
        for m in approvable[:LIMIT]
    ]
    return [
        Section(
            key="alert-approvals",
            heading="Alerts waiting for your approval",
            items=items,
            total=len(approvable),
            more_url=reverse("alerts:staff-list"),
            empty="No alerts are waiting for your approval.",
        )
    ]
