"""Escalation of messages past their reply deadline: which are overdue, and marking one escalated
exactly once. The periodic task and the command call these; the sergeants are told by a task."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from safer.contact.models import ContactMessage, Status

log = logging.getLogger(__name__)


def overdue(now: dt.datetime | None = None) -> list[int]:
    """Open messages past their deadline that have not been escalated yet."""
    now = now or timezone.now()
    return list(
        ContactMessage.objects.filter(status=Status.OPEN, escalated_at__isnull=True, due_at__lt=now)
        .order_by("due_at")
        .values_list("pk", flat=True)
    )


def escalate(message_id: int, now: dt.datetime | None = None) -> bool:
    """Mark an overdue, unanswered message escalated (once, however many workers try) and tell the
    team's sergeant. False if it was answered in time, is not due yet or was escalated already."""
    from safer.contact import tasks

    now = now or timezone.now()
    with transaction.atomic():
        changed = ContactMessage.objects.filter(
            pk=message_id, status=Status.OPEN, escalated_at__isnull=True, due_at__lt=now
        ).update(escalated_at=now)
        if changed:
            transaction.on_commit(lambda: tasks.notify_sergeants(message_id))
    if changed:
        log.info("contact.escalated message=%s", message_id)
    return bool(changed)
