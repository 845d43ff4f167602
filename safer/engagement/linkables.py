"""Neighbourhood priorities as records another app may link to (a problem-solving plan links the
priority it works on). Registered in safer.lib.linkables from EngagementConfig.ready(), so problems
reads them without importing engagement."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.urls import reverse

from safer.accounts import scopes
from safer.engagement.models import Priority
from safer.lib.linkables import LIMIT, Linkable


def open_priorities(
    user: Any, neighbourhood_ids: Collection[int] | None, refs: Collection[str] | None = None
) -> list[Linkable]:
    """Priorities not closed, in these neighbourhoods and the user's scope (none outside it)."""
    qs = scopes.in_scope(user, Priority.objects.filter(closed_on=None).select_related("neighbourhood"))
    if neighbourhood_ids is not None:
        qs = qs.filter(neighbourhood_id__in=list(neighbourhood_ids))
    if refs is not None:
        # Refs come from a form or a query string: anything that is not a whole number finds nothing.
        qs = qs.filter(pk__in=[int(r) for r in refs if str(r).isdigit() and len(str(r)) < 12])
    return [
        Linkable(
            ref=str(p.pk),
            label=_label(p),
            url=reverse("engagement:staff-priority-edit", args=[p.neighbourhood.slug, p.pk]),
            neighbourhood_id=p.neighbourhood_id,
        )
        for p in qs.order_by("-issue_date", "-pk")[:LIMIT]
    ]


def _label(p: Priority) -> str:
    issue = " ".join(p.issue.split())
    # Short enough for a select's option and a plan's title.
    issue = issue if len(issue) <= 120 else issue[:119].rstrip() + "…"
    return issue
