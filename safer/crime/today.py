"""Crime's part of "today" (safer/lib/today.py): for analysts, the data imports and what is missing.

data.police.uk publishes each month's files about six weeks after the month ends; a kind whose
latest month is older than that is behind, and "today" says which month to import next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.crime.models import ImportBatch
from safer.lib.today import Item, Section

MONTHLY_KINDS = (ImportBatch.Kind.STREET, ImportBatch.Kind.OUTCOMES, ImportBatch.Kind.STOP_AND_SEARCH)
PUBLISHED_AFTER_DAYS = 45


def expected_month(today: dt.date) -> str:
    """The latest month data.police.uk should have published by `today`."""
    day = today - dt.timedelta(days=PUBLISHED_AFTER_DAYS)
    first = day.replace(day=1)
    last_whole = first - dt.timedelta(days=1)
    return f"{last_whole:%Y-%m}"


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if not scopes.has_role(user, scopes.DATA_KEEPERS):
        return []
    wanted = expected_month(timezone.localdate(now))
    latest = dict(
        ImportBatch.objects.filter(kind__in=MONTHLY_KINDS)
        .values_list("kind")
        .annotate(month=Max("month"))
        .values_list("kind", "month")
    )
    url = reverse("crime:imports")
    items = []
    for kind in MONTHLY_KINDS:
        month = latest.get(kind.value)
        if month and month >= wanted:
            continue
        label = ImportBatch.Kind(kind).label
        items.append(
            Item(
                title=f"{label}: {'latest month ' + month if month else 'never imported'}",
                url=url,
                action="See imports",
                text=f"data.police.uk should have {wanted} by now.",
                overdue=True,
            )
        )
    return [
        Section(
            key="imports",
            heading="Crime data behind",
            items=items,
            total=len(items),
            more_url=url,
            empty=f"Crime data is up to date (to {wanted}).",
        )
    ]
