"""Correspondence from residents, MPs and councillors, tracked against the reply date agreed, with
the reminders owed before it. Every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.engagement.actions.common import User, check_team
from safer.engagement.models import (
    Correspondence,
)
from safer.places.models import Neighbourhood

CORRESPONDENCE_FIELDS = [
    "writer_kind",
    "writer_name",
    "writer_from",
    "channel",
    "received_on",
    "subject",
    "reply_due",
    "assigned_to",
    "replied_on",
    "reply_summary",
]


def save_correspondence(
    user: User, neighbourhood: Neighbourhood, fields: Mapping[str, Any], item: Correspondence | None = None
) -> Correspondence:
    check_team(user, neighbourhood)
    with transaction.atomic():
        before = Correspondence.objects.get(pk=item.pk) if item is not None else None
        item = item or Correspondence(neighbourhood=neighbourhood)
        for name, value in fields.items():
            setattr(item, name, value)
        if before is not None:
            # The reminder task owns reminded_at: keep what it stored (this copy may predate it),
            # unless a new date was agreed or a new officer assigned, who are then owed a reminder.
            same = (before.reply_due, before.assigned_to_id) == (item.reply_due, item.assigned_to_id)
            item.reminded_at = before.reminded_at if same else None
        if item.reply_due < item.received_on:
            raise ValidationError("The reply date must be on or after the date it was received.")
        item.full_clean()
        item.save()
        changes = audit.field_changes(before, item, CORRESPONDENCE_FIELDS)
        audit.record(
            user, "correspondence.logged" if before is None else "correspondence.changed", item, changes
        )
    return item


def record_reply(user: User, item: Correspondence, replied_on: dt.date, summary: str) -> Correspondence:
    if replied_on < item.received_on:
        raise ValidationError("The reply cannot be before the letter or email arrived.")
    if replied_on > timezone.localdate():
        raise ValidationError("The reply date cannot be in the future.")
    return save_correspondence(
        user, item.neighbourhood, {"replied_on": replied_on, "reply_summary": summary.strip()}, item
    )
