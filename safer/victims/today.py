"""Victims' part of "today" (safer/lib/today.py): the Victims' Code entitlements overdue and due by
the end of today (an officer's own records; a sergeant's or inspector's team). Items name the
record reference and the right only: no personal data, and listing them is not a read of a record
(`due_for` is a plain query; opening the record is the logged read)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from safer.accounts import scopes
from safer.lib.today import LIMIT, Item, Section
from safer.victims.queries import due_for
from safer.victims.records import Entitlement


def _item(entitlement: Entitlement, overdue: bool) -> Item:
    return Item(
        title=f"{entitlement.victim.reference}: {entitlement.get_kind_display()}",
        url=reverse("victims:detail", args=[entitlement.victim_id]),
        action="Open record",
        when=entitlement.due_at,
        when_label="Was due" if overdue else "Due",
        overdue=overdue,
    )


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if not scopes.has_role(user, scopes.VICTIM_OFFICERS):
        return []
    lists = due_for(user, now)
    rows = [(e, True) for e in lists.overdue] + [(e, False) for e in lists.due_today]
    team = scopes.has_role(user, scopes.VICTIM_SUPERVISORS)
    return [
        Section(
            key="victims-due",
            heading="Victims' Code updates due in your teams" if team else "Victims' Code updates due",
            items=[] if counting else [_item(e, overdue) for e, overdue in rows[:LIMIT]],
            total=len(rows),
            more_url=reverse("victims:due"),
            empty="No Victims' Code entitlements are overdue or due today.",
        )
    ]
