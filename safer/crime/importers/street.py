"""Street-level crime files (`YYYY-MM-<force>-street.csv`) into `Crime` rows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from safer.crime.categories import SLUG_BY_CSV
from safer.crime.csvcolumns import persistent_keys
from safer.crime.importers.sources import (
    Parsed,
    Source,
    batch_ids,
    check_file_month,
    columns_of,
    lsoa_vintage,
)
from safer.crime.locations import file_points


def parse_street(src: Source) -> Parsed:
    cols = columns_of(src)
    cols.check_months(1)
    check_file_month(cols, src, cols.columns[1])
    cols.check_values(9, SLUG_BY_CSV, lambda value: f"unknown crime type {value!r}")
    c = cols.columns
    parsed = Parsed(src, months=c[1], points=file_points(cols, 5, 4, 6))
    parsed.columns = {
        "persistent_id": c[0],
        "category": list(map(SLUG_BY_CSV.__getitem__, c[9])),
        "reported_by": c[2],
        "falls_within": c[3],
        "lsoa_code": c[7],
        "lsoa_name": c[8],
        "outcome": c[10],
        "context": c[11],
    }
    parsed.lsoa_vintage = lsoa_vintage(set(c[7]))
    return parsed


STREET_COLUMNS = [
    "batch_id",
    "month",
    "persistent_id",
    "persistent_key",
    "category",
    "location_id",
    "neighbourhood_id",
    "reported_by",
    "falls_within",
    "lsoa_code",
    "lsoa_name",
    "outcome_category",
    "context",
]


def street_rows(p: Parsed, batch_of: dict[tuple[str, str], int]) -> list[list[Any]]:
    c, points = p.columns, p.points
    assert points is not None
    return [
        batch_ids(p, batch_of),
        p.months,
        c["persistent_id"],
        persistent_keys(c["persistent_id"]),
        c["category"],
        points.per_row(points.location_ids),
        points.per_row(points.neighbourhood_ids),
        c["reported_by"],
        c["falls_within"],
        c["lsoa_code"],
        c["lsoa_name"],
        c["outcome"],
        c["context"],
    ]


def street_counts(
    files: list[Parsed], batch_of: dict[tuple[str, str], int]
) -> Counter[tuple[int, str, int | None, str]]:
    """{(batch id, month, neighbourhood id, category): rows} over the files, from the columns that
    `street_rows` writes."""
    counted: Counter[tuple[int, str, int | None, str]] = Counter()
    for p in files:
        assert p.points is not None
        neighbourhoods = p.points.per_row(p.points.neighbourhood_ids)
        counted.update(
            zip(batch_ids(p, batch_of), p.months, neighbourhoods, p.columns["category"], strict=True)
        )
    return counted
