"""Counts of street-level crime by neighbourhood, category and month (from the imported data)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum

from safer.crime.categories import CATEGORIES, category_name
from safer.crime.models import CrimeCount


def available_months() -> list[str]:
    """Every month of street-level crime imported, oldest first (from the small import log)."""
    from safer.crime.models import ImportBatch

    months = ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET).values_list("month", flat=True)
    return sorted(set(months))


def month_range(end: str, count: int) -> list[str]:
    """The `count` calendar months ending with `end` (YYYY-MM), oldest first."""
    year, month = int(end[:4]), int(end[5:7])
    index = year * 12 + month - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def last_months(count: int = 12) -> list[str]:
    """The months *with data* among the `count` calendar months ending with the latest imported one.

    "The last 12 months" is never wider than a year, and never holds a month that was not imported
    (which would count as a month of no crime): with only January and February 2019 imported it is
    those two. Label it with `period_label`, which says how many months it really covers."""
    available = available_months()
    if not available:
        return []
    window = set(month_range(available[-1], count))
    return [m for m in available if m in window]


def month_name(month: str) -> str:
    """'2019-02' as 'February 2019'."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def period_label(months: list[str]) -> str:
    """The real first and last month and how many months have data, e.g. 'January to February 2019
    (2 months of data)' or 'March 2018 to February 2019 (11 months of data)' when one is missing."""
    if not months:
        return ""
    first, last = months[0], months[-1]
    count = f"{len(months)} month{'s' if len(months) != 1 else ''} of data"
    if first == last:
        return f"{month_name(last)} ({count})"
    start = calendar.month_name[int(first[5:7])] if first[:4] == last[:4] else month_name(first)
    return f"{start} to {month_name(last)} ({count})"


def monthly_counts(neighbourhood_ids: Iterable[int], months: list[str]) -> dict[tuple[int, str, str], int]:
    """{(neighbourhood id, category, month): crimes} for the neighbourhoods and months given (from the
    counts the importer keeps, not the rows: a year of a busy area is millions of rows)."""
    rows = (
        CrimeCount.objects.filter(neighbourhood_id__in=list(neighbourhood_ids), month__in=months)
        .values_list("neighbourhood_id", "category", "month")
        .annotate(n=Sum("crimes"))
    )
    return {(nb, cat, m): n for nb, cat, m, n in rows}


@dataclass(frozen=True)
class CategoryRow:
    category: str
    name: str
    months: list[int]
    total: int


def category_by_month(counts: dict[tuple[int, str, str], int], months: list[str]) -> list[CategoryRow]:
    """Rows per category (police.uk order) with a count per month and a total, summed over neighbourhoods."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(months, 0))
    for (_, cat, month), n in counts.items():
        table[cat][month] += n
    order = [slug for slug, _, _ in CATEGORIES] + sorted(set(table) - {s for s, _, _ in CATEGORIES})
    return [
        CategoryRow(slug, category_name(slug), [table[slug][m] for m in months], sum(table[slug].values()))
        for slug in order
        if slug in table
    ]


def neighbourhood_by_month(
    counts: dict[tuple[int, str, str], int], months: list[str]
) -> dict[int, list[int]]:
    table: dict[int, list[int]] = defaultdict(lambda: [0] * len(months))
    position = {m: k for k, m in enumerate(months)}
    for (nb, _, month), n in counts.items():
        table[nb][position[month]] += n
    return dict(table)
