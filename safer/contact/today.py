"""Contact's part of "today" (safer/lib/today.py): messages to answer, and overdue replies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse

from safer.accounts import scopes
from safer.contact.models import ContactMessage, Status
from safer.lib.today import Item, Section, section, shorten


def _item(message: ContactMessage, now: dt.datetime) -> Item:
    return Item(
        title=f"{message.reference}, to {message.neighbourhood.name}",
        url=reverse("contact:message", args=[message.pk]),
        action="Reply",
        text=shorten(message.body),
        when=message.due_at,
        when_label="Reply due",
        overdue=message.is_overdue(now),
    )


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if not scopes.has_role(user, scopes.CONTACT_READERS):
        return []
    open_messages = scopes.in_scope(
        user, ContactMessage.objects.filter(status=Status.OPEN), "neighbourhood"
    ).select_related("neighbourhood")
    inbox = reverse("contact:inbox")
    found: list[Section] = []
    if scopes.has_role(user, scopes.ON_PATROL):
        due = open_messages.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True)).order_by("due_at", "pk")
        found.append(
            section(
                "contact-due",
                "Messages to answer",
                due,
                lambda m: _item(m, now),
                more_url=inbox,
                empty="No messages from residents are waiting for you.",
            )
        )
    else:
        overdue = open_messages.filter(due_at__lt=now).order_by("due_at", "pk")
        found.append(
            section(
                "contact-overdue",
                "Replies overdue in your teams",
                overdue,
                lambda m: _item(m, now),
                more_url=f"{inbox}?show=overdue",
                empty="No replies to residents are overdue.",
            )
        )
    return found
