"""Outcomes files (`YYYY-MM-<force>-outcomes.csv`) into `Outcome` rows: each row is one outcome, in
its own month, of the crime with that Crime ID (which may have been published in an earlier month).

`outcomes_from_street` derives an outcomes file from a street file where no outcomes file exists (the
demo): the street file's "Last outcome category" is a real outcome, but the file does not say in
which month it was reached, so the derived row is dated the crime's own month - the earliest it can
have been, and what police.uk's API itself shows as a crime's outcome date when it knows no other."""

from __future__ import annotations

import csv
import io
from itertools import compress
from typing import Any

from safer.crime.categories import outcome_code
from safer.crime.csvcolumns import OUTCOMES_HEADER, persistent_keys
from safer.crime.importers.sources import (
    Parsed,
    Source,
    batch_ids,
    check_file_month,
    columns_of,
    coordinates,
    lsoa_vintage,
)
from safer.crime.locations import file_points


def parse_outcomes(src: Source) -> Parsed:
    cols = columns_of(src)
    cols.check_months(1)
    check_file_month(cols, src, cols.columns[1])
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


DERIVED_SUFFIX = "-outcomes-derived-from-street.csv"


def outcomes_from_street(street: Source) -> Source:
    """An outcomes file made from a street file: one row per crime with a Crime ID and a "Last outcome
    category", the outcome being that category and its month the crime's own month (see above). Its
    name says it is derived (`2019-01-west-mercia-outcomes-derived-from-street.csv`)."""
    c = columns_of(street).columns
    keep = [bool(pid and outcome) for pid, outcome in zip(c[0], c[10], strict=True)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTCOMES_HEADER)
    # Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code and name
    # are the street file's first nine columns; the outcome type is its "Last outcome category".
    writer.writerows(zip(*(list(compress(c[k], keep)) for k in (*range(9), 10)), strict=True))
    data = out.getvalue().encode("utf-8")
    name = street.name.removesuffix("-street.csv").removesuffix(".csv") + DERIVED_SUFFIX
    return Source(name=name, read=lambda: data, kind="outcomes", force=street.force, month=street.month)
