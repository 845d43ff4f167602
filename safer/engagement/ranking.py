"""Concerns ranked by how often they were raised: the public concerns page ranks a neighbourhood's
parishes, and the staff concerns page ranks every parish in the user's scope (with a link to start
a problem-solving plan from a ranked concern)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet

from safer.engagement.models import Concern, ConcernCategory

CATEGORY_LABELS = dict(ConcernCategory.choices)


def rank(counts: Counter[str]) -> list[dict[str, Any]]:
    """Categories by how often they were raised, with a share of the largest for the bar."""
    top = max(counts.values(), default=0)
    return [
        {
            "category": c,
            "label": CATEGORY_LABELS.get(c, c),
            "count": n,
            "bar": round(100 * n / top) if top else 0,
        }
        for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], CATEGORY_LABELS.get(kv[0], kv[0])))
    ]


def counts_by_parish(concerns: QuerySet[Concern]) -> dict[int, Counter[str]]:
    """Each parish's concerns counted by category, in one grouped query (concerns with no parish
    are left out: a ranking is per parish)."""
    rows = (
        concerns.exclude(parish=None).values_list("parish_id", "category").annotate(n=Count("pk")).order_by()
    )
    by_parish: dict[int, Counter[str]] = defaultdict(Counter)
    for parish_id, category, n in rows:
        by_parish[parish_id][category] += n
    return dict(by_parish)
