"""Stop-and-search files (`YYYY-MM-<force>-stop-and-search.csv`) into `StopAndSearch` rows. Their
points are exact-ish coordinates, not snap points, so they are only located in a neighbourhood."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import connection

from safer.crime.importers.sources import Parsed, Source, batch_ids, check_file_month, columns_of, coordinates
from safer.crime.locations import file_points

BOOLEANS = {"True": True, "true": True, "False": False, "false": False, "": None}


def parse_stops(src: Source) -> Parsed:
    cols = columns_of(src)
    c = cols.columns
    times: dict[str, dt.datetime] = {}
    month_of: dict[str, str] = {}
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for stamp in set(c[1]):
        try:
            when = dt.datetime.fromisoformat(stamp)
        except ValueError:
            raise cols.fail(c[1].index(stamp), f"date {stamp!r} is not an ISO date and time")
        # A stop's month is its UK calendar month: 23:30 UTC on 30 June is 00:30 on 1 July in BST,
        # and belongs to July's file whichever offset the file writes it with.
        month_of[stamp] = (when.astimezone(local) if when.tzinfo else when).strftime("%Y-%m")
        times[stamp] = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    for col in (2, 13, 14):
        cols.check_values(col, BOOLEANS, lambda flag: f"{flag!r} is not True, False or empty")
    months = list(map(month_of.__getitem__, c[1]))
    check_file_month(cols, src, months)
    parsed = Parsed(src, months=months, points=file_points(cols, 4, 5, None))
    parsed.columns = {
        "type": c[0],
        "datetime": list(map(times.__getitem__, c[1])),
        "operation": list(map(BOOLEANS.__getitem__, c[2])),
        "operation_name": c[3],
        "gender": c[6],
        "age_range": c[7],
        "self_eth": c[8],
        "officer_eth": c[9],
        "legislation": c[10],
        "object": c[11],
        "outcome": c[12],
        "linked": list(map(BOOLEANS.__getitem__, c[13])),
        "removal": list(map(BOOLEANS.__getitem__, c[14])),
    }
    return parsed


STOP_COLUMNS = [
    "batch_id",
    "force",
    "month",
    "neighbourhood_id",
    "type",
    "datetime",
    "part_of_operation",
    "operation_name",
    "latitude",
    "longitude",
    "gender",
    "age_range",
    "self_defined_ethnicity",
    "officer_defined_ethnicity",
    "legislation",
    "object_of_search",
    "outcome",
    "outcome_linked_to_object",
    "removal_of_more_than_outer_clothing",
]


def stop_rows(p: Parsed, batch_of: dict[tuple[str, str], int]) -> list[list[Any]]:
    c, points = p.columns, p.points
    assert points is not None
    lat, lng = coordinates(points)
    stamps = c["datetime"]
    if connection.vendor != "postgresql":  # stored the way Django stores aware datetimes there
        adapt = connection.ops.adapt_datetimefield_value
        stored = {when: adapt(when) for when in set(stamps)}
        stamps = list(map(stored.__getitem__, stamps))
    return [
        batch_ids(p, batch_of),
        [p.source.force] * p.rows,
        p.months,
        points.per_row(points.neighbourhood_ids),
        c["type"],
        stamps,
        c["operation"],
        c["operation_name"],
        lat,
        lng,
        c["gender"],
        c["age_range"],
        c["self_eth"],
        c["officer_eth"],
        c["legislation"],
        c["object"],
        c["outcome"],
        c["linked"],
        c["removal"],
    ]
