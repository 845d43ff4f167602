"""Snap points for imported rows: a stable id per distinct (latitude, longitude, name), and the
neighbourhood holding each point.

Work is per distinct point of the whole import, never per row: a month of West Mercia has ~10,000
rows on ~5,000 points, and consecutive months share most of their points. Rows refer to their
file's points by position (`FilePoints.index`), so mapping ids back to rows is numpy indexing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, compress
from typing import Any

import numpy as np
from django.db import connection

from safer.crime.bulk import insert_columns, location_key, neighbourhood_ids, to_bng
from safer.crime.csvcolumns import Columns
from safer.crime.models import CrimeLocation

SELECT_CHUNK = 5000  # keys per IN (...) list


@dataclass
class FilePoints:
    """A file's distinct points and, per row, the position of its point (rows share positions)."""

    index: np.ndarray  # int64 per row, into the distinct points
    lat: np.ndarray  # float per distinct point, NaN for "No Location"
    lng: np.ndarray
    names: list[str]
    texts: list[tuple[str, ...]]  # per distinct point, its (latitude, longitude[, name]) texts
    # Filled in when the import resolves ids: per distinct point, -1 for none.
    location_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    neighbourhood_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def per_row(self, values: np.ndarray) -> list[int | None]:
        """`values` (one per distinct point, -1 for none) for every row, as Python ints or None."""
        return nullable(values[self.index])


def nullable(values: np.ndarray) -> list[int | None]:
    """An int64 array as a list, with None where the value is negative."""
    out: list[Any] = values.tolist()
    for k in np.flatnonzero(values < 0).tolist():
        out[k] = None
    return out


def file_points(cols: Columns, lat_col: int, lng_col: int, name_col: int | None) -> FilePoints:
    """The distinct points of a checked file (checks their coordinates, naming the first bad line)."""
    lats, lngs = cols.columns[lat_col], cols.columns[lng_col]
    keys: list[Any] = (
        list(zip(lats, lngs, strict=True))
        if name_col is None
        else list(zip(lats, lngs, cols.columns[name_col], strict=True))
    )
    distinct = list(dict.fromkeys(keys))
    lat_of, lng_of = cols.coordinates(lat_col, lng_col, list(dict.fromkeys((k[0], k[1]) for k in distinct)))
    position = dict(zip(distinct, range(len(distinct)), strict=True))
    index = np.fromiter(map(position.__getitem__, keys), dtype=np.int64, count=len(keys))
    return FilePoints(
        index=index,
        lat=np.array([lat_of[k[0]] for k in distinct], dtype=float),
        lng=np.array([lng_of[k[1]] for k in distinct], dtype=float),
        names=[k[2] for k in distinct] if name_col is not None else [""] * len(distinct),
        texts=distinct,
    )


def locate_only(files: list[FilePoints]) -> None:
    """Neighbourhood ids for points that get no snap point id (stop and search)."""
    for f in files:
        located = np.full(len(f.lat), -1, dtype=np.int64)
        known = ~np.isnan(f.lat)
        located[known] = neighbourhood_ids(f.lat[known], f.lng[known])
        f.neighbourhood_ids = located


def resolve(files: list[FilePoints]) -> None:
    """Snap point ids and neighbourhood ids for every file's points, creating the points not seen
    before and moving known points whose neighbourhood changed (boundaries are located afresh)."""
    per_file = []
    for f in files:
        known = ~np.isnan(f.lat)
        # Keyed by the texts, whose hashes are cached from the file's own dedup.
        per_file.append((known, list(compress(f.texts, known))))
    position = dict.fromkeys(chain.from_iterable(triples for _, triples in per_file))
    position = dict(zip(position, range(len(position)), strict=True))
    to_global = []
    for known, triples in per_file:
        mapping = np.full(len(known), -1, dtype=np.int64)
        mapping[known] = np.fromiter(map(position.__getitem__, triples), dtype=np.int64, count=len(triples))
        to_global.append(mapping)
    # Each point's numbers, from the first file that has it.
    lat = np.zeros(len(position))
    lng = np.zeros(len(position))
    for f, (known, _), mapping in zip(files, per_file, to_global, strict=True):
        lat[mapping[known]] = f.lat[known]
        lng[mapping[known]] = f.lng[known]
    texts = list(position)
    points = [
        (a, b, t[2] if len(t) > 2 else "") for a, b, t in zip(lat.tolist(), lng.tolist(), texts, strict=True)
    ]
    keys = [location_key(a, b, name) for a, b, name in points]
    located = neighbourhood_ids(lat, lng) if points else np.zeros(0, dtype=np.int64)
    by_key = dict(zip(keys, zip(range(len(points)), located.tolist(), strict=True), strict=True))
    ids, stale = _existing(list(by_key), {k: nb for k, (_, nb) in by_key.items()})
    if stale:  # boundaries changed since these points were first seen
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {_table()} SET neighbourhood_id = %s WHERE id = %s",
                [(nb if nb >= 0 else None, pk) for pk, nb in stale],
            )
    new = [k for k in by_key if k not in ids]
    if new:
        rows = np.array([by_key[k][0] for k in new], dtype=np.int64)
        east, north = to_bng(lat[rows], lng[rows])
        nbs = located[rows]
        insert_columns(
            CrimeLocation._meta.db_table,
            ["key", "latitude", "longitude", "name", "easting", "northing", "neighbourhood_id"],
            [
                new,
                lat[rows].tolist(),
                lng[rows].tolist(),
                [points[k][2][:255] for k in rows.tolist()],
                east.tolist(),
                north.tolist(),
                nullable(nbs),
            ],
        )
        ids.update(_select(f"SELECT key, id FROM {_table()} WHERE key IN (%s)", new))
    global_ids = np.array([ids[k] for k in keys], dtype=np.int64)
    for f, mapping in zip(files, to_global, strict=True):
        known = mapping >= 0
        f.location_ids = np.where(known, global_ids[np.maximum(mapping, 0)] if len(points) else -1, -1)
        f.neighbourhood_ids = np.where(known, located[np.maximum(mapping, 0)] if len(points) else -1, -1)


def _table() -> str:
    return connection.ops.quote_name(CrimeLocation._meta.db_table)


def _existing(keys: list[int], nb_by_key: dict[int, int]) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Ids of the points already stored, and (id, neighbourhood) of those located elsewhere now."""
    ids: dict[int, int] = {}
    stale = []
    for key, pk, nb in _select(f"SELECT key, id, neighbourhood_id FROM {_table()} WHERE key IN (%s)", keys):
        ids[key] = pk
        if (nb if nb is not None else -1) != nb_by_key[key]:
            stale.append((pk, nb_by_key[key]))
    return ids, stale


def _select(sql: str, keys: list[int]) -> list[tuple[Any, ...]]:
    """Run `sql` (with one IN (%s) placeholder list) for the keys, in chunks."""
    out: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), SELECT_CHUNK):
            chunk = keys[start : start + SELECT_CHUNK]
            cursor.execute(sql % ", ".join(["%s"] * len(chunk)), chunk)
            out.extend(cursor.fetchall())
    return out
