"""Outcomes files (`YYYY-MM-<force>-outcomes.csv`) into `Outcome` rows: each row is one outcome, in
its own month, of the crime with that Crime ID (which may have been published in an earlier month)."""

from __future__ import annotations

from typing import Any

from safer.crime.categories import outcome_code
from safer.crime.csvcolumns import persistent_keys
from safer.crime.importers.sources import Parsed, Source, batch_ids, columns_of, coordinates, lsoa_vintage
from safer.crime.locations import file_points


def parse_outcomes(src: Source) -> Parsed:
    cols = columns_of(src)
    cols.check_months(1)
    cols.check_filled(0, "an outcome needs a Crime ID")
    cols.check_filled(9, "the outcome type is empty")
    c = cols.columns
    parsed = Parsed(src, months=c[1], points=file_points(cols, 5, 4, 6))
    parsed.columns = {"persistent_id": c[0], "lsoa_code": c[7], "lsoa_name": c[8], "outcome": c[9]}
    parsed.lsoa_vintage = lsoa_vintage(set(c[7]))
    return parsed


OUTCOME_COLUMNS = [
    "batch_id",
    "force",
    "month",
    "persistent_id",
    "persistent_key",
    "location_id",
    "latitude",
    "longitude",
    "lsoa_code",
    "lsoa_name",
    "outcome_type",
    "code",
]


def outcome_rows(p: Parsed, batch_of: dict[tuple[str, str], int]) -> list[list[Any]]:
    c, points = p.columns, p.points
    assert points is not None
    codes = {name: outcome_code(name) for name in set(c["outcome"])}
    lat, lng = coordinates(points)
    return [
        batch_ids(p, batch_of),
        [p.source.force] * p.rows,
        p.months,
        c["persistent_id"],
        persistent_keys(c["persistent_id"]),
        points.per_row(points.location_ids),
        lat,
        lng,
        c["lsoa_code"],
        c["lsoa_name"],
        c["outcome"],
        list(map(codes.__getitem__, c["outcome"])),
    ]
