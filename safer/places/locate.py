"""Find the neighbourhood for a point, a batch of points, a postcode or a place name.

Every neighbourhood boundary sits in one in-memory shapely STRtree per process (`BoundaryIndex`).
The index is built lazily from the database and rebuilt when boundaries change: a save or delete
in this process invalidates it at once (signals, see apps.py), and every few seconds a cheap
fingerprint query (count, latest boundary change, sum of ids) catches changes made by other
processes. Nothing here is state that another process cannot rebuild from the database.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.db.models import Count, Max, Q, Sum

from safer.places.models import Neighbourhood, Place, Postcode, format_postcode, normalise_postcode

# How long a process trusts its index before asking the database whether boundaries changed.
CHECK_SECONDS = 5.0
# Batches larger than this are located in chunks, bounding the memory held by point geometries.
CHUNK_POINTS = 250_000

POSTCODE_RE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
OUTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
LAT_LNG_RE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[,\s]\s*([+-]?\d+(?:\.\d+)?)\s*$")

Fingerprint = tuple[Any, ...]


class BoundaryIndex:
    """An STRtree over boundaries, answering "which id contains this point?" for arrays of points.

    Built from plain (ids, geometries) so the benchmark and tests can use it without a database.
    Geometries are prepared once; a point on a shared edge goes to the lowest id.
    """

    def __init__(
        self, ids: Sequence[int] | np.ndarray, geometries: Sequence[Any] | np.ndarray, fingerprint: Any = None
    ) -> None:
        ids_array = np.asarray(ids, dtype=np.int64)
        geoms = np.asarray(geometries, dtype=object)
        if ids_array.shape != geoms.shape:
            raise ValueError("ids and geometries must have the same length")
        keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms)) if len(geoms) else np.zeros(0, bool)
        ids_array, geoms = ids_array[keep], geoms[keep]
        order = np.argsort(ids_array, kind="stable")
        self.ids: np.ndarray = ids_array[order]
        self.geometries: np.ndarray = geoms[order]
        shapely.prepare(self.geometries)
        self.tree = shapely.STRtree(self.geometries)
        self.fingerprint = fingerprint
        self._lock = threading.Lock()
        b = shapely.total_bounds(self.geometries) if len(self.geometries) else np.zeros(4)
        self.bounds = (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
        # GEOS builds the tree, and each prepared polygon's point locator, lazily on first use, and
        # that lazy step is not thread-safe: do both now, once, before any thread shares the index.
        self.tree.query(shapely.Point(self.bounds[0], self.bounds[1]))
        if len(self.geometries):
            inside = shapely.point_on_surface(self.geometries)
            shapely.intersects_xy(self.geometries, shapely.get_x(inside), shapely.get_y(inside))

    def __len__(self) -> int:
        return len(self.ids)

    def locate(self, lats: np.ndarray, lngs: np.ndarray) -> np.ndarray:
        """The id of the boundary holding each point (lat, lng in WGS84), -1 where none does."""
        lat = np.ascontiguousarray(lats, dtype=np.float64).ravel()
        lng = np.ascontiguousarray(lngs, dtype=np.float64).ravel()
        if lat.shape != lng.shape:
            raise ValueError("lats and lngs must have the same length")
        # GEOS' prepared geometries and tree are not safe to share between threads (parallel
        # chunks crashed the process), so one thread at a time; a single point takes ~0.1 ms.
        with self._lock:
            if len(lat) <= CHUNK_POINTS:
                return self._locate_chunk(lat, lng)
            return np.concatenate(
                [
                    self._locate_chunk(lat[s : s + CHUNK_POINTS], lng[s : s + CHUNK_POINTS])
                    for s in range(0, len(lat), CHUNK_POINTS)
                ]
            )

    def _locate_chunk(self, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
        result = np.full(len(lat), -1, dtype=np.int64)
        if len(self.ids) == 0 or len(lat) == 0:
            return result
        # Only points that could be inside some boundary become geometries.
        minx, miny, maxx, maxy = self.bounds
        candidate = np.flatnonzero(
            np.isfinite(lat)
            & np.isfinite(lng)
            & (lng >= minx)
            & (lng <= maxx)
            & (lat >= miny)
            & (lat <= maxy)
        )
        if len(candidate) == 0:
            return result
        x, y = lng[candidate], lat[candidate]
        # Bounding-box candidates from the tree, then an exact test against the prepared boundary:
        # faster than the tree's own predicate, which would prepare each point instead.
        point_idx, tree_idx = self.tree.query(shapely.points(x, y))
        hit = shapely.intersects_xy(self.geometries[tree_idx], x[point_idx], y[point_idx])
        point_idx, tree_idx = point_idx[hit], tree_idx[hit]
        # Several hits for one point (a shared edge): keep the lowest tree index, i.e. the lowest id.
        best = np.full(len(candidate), len(self.ids), dtype=np.int64)
        np.minimum.at(best, point_idx, tree_idx)
        found = best < len(self.ids)
        result[candidate[found]] = self.ids[best[found]]
        return result


# --- the process-wide index, built from the database -------------------------------------------

_lock = threading.Lock()
_index: BoundaryIndex | None = None
_checked_at = float("-inf")
_generation = 0  # bumped by invalidate_index()
_built_generation = -1


def _with_boundary() -> Any:
    return Neighbourhood.objects.filter(boundary_wkb__isnull=False)


def db_fingerprint() -> Fingerprint:
    """A cheap summary that changes whenever a boundary is added, changed or removed."""
    row = _with_boundary().aggregate(n=Count("id"), latest=Max("boundary_updated_at"), ids=Sum("id"))
    return (row["n"], row["latest"], int(row["ids"] or 0))


def build_index_from_db() -> BoundaryIndex:
    fingerprint = db_fingerprint()
    rows = list(_with_boundary().order_by("id").values_list("id", "boundary_wkb"))
    ids = np.fromiter((pk for pk, _ in rows), dtype=np.int64, count=len(rows))
    wkb = np.array([bytes(blob) for _, blob in rows], dtype=object)
    geometries = shapely.from_wkb(wkb, on_invalid="ignore") if len(rows) else np.array([], dtype=object)
    return BoundaryIndex(ids, geometries, fingerprint=fingerprint)


def invalidate_index() -> None:
    """Make the next lookup in this process rebuild the index (boundaries changed here)."""
    global _generation
    with _lock:
        _generation += 1


def get_index() -> BoundaryIndex:
    """The current index, rebuilt if invalidated or if the database fingerprint has moved on."""
    global _index, _checked_at, _built_generation
    now = time.monotonic()
    index = _index
    if index is not None and _built_generation == _generation and now - _checked_at < CHECK_SECONDS:
        return index
    with _lock:
        generation = _generation
        if _index is None or _built_generation != generation or db_fingerprint() != _index.fingerprint:
            _index = build_index_from_db()
        _built_generation = generation
        _checked_at = time.monotonic()
        return _index


def boundaries_changed(sender: type, instance: Neighbourhood, **kwargs: Any) -> None:
    """Signal receiver for Neighbourhood post_save/post_delete (connected in apps.py)."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not ({"boundary_wkb", "boundary_updated_at"} & set(update_fields)):
        return
    invalidate_index()
    # Other threads may rebuild before this transaction commits; invalidate again once it has.
    transaction.on_commit(invalidate_index)


# --- the public lookups ---------------------------------------------------------------------------


def neighbourhood_ids_for_points(lats: np.ndarray, lngs: np.ndarray) -> np.ndarray:
    """Neighbourhood pks (int64) for arrays of WGS84 latitudes and longitudes; -1 outside every one."""
    return get_index().locate(np.asarray(lats), np.asarray(lngs))


def neighbourhood_for_point(lat: float, lng: float) -> Neighbourhood | None:
    pk = int(neighbourhood_ids_for_points(np.array([lat], dtype=float), np.array([lng], dtype=float))[0])
    if pk < 0:
        return None
    return Neighbourhood.objects.select_related("force").filter(pk=pk).first()


def neighbourhood_for_postcode(text: str) -> Neighbourhood | None:
    postcode = Postcode.objects.select_related("neighbourhood__force").filter(
        postcode=normalise_postcode(text)
    )
    found = postcode.first()
    if found is None:
        return None
    if found.neighbourhood is not None:
        return found.neighbourhood
    return neighbourhood_for_point(found.latitude, found.longitude)


def _place_tiers(text: str, limit: int) -> list[list[Place]]:
    """Places named exactly `text`, then starting with it, then containing it (case-insensitive)."""
    text = " ".join(text.split())
    tiers: list[list[Place]] = []
    if not text or limit <= 0:
        return tiers
    seen: list[int] = []
    remaining = limit
    for condition in (Q(name__iexact=text), Q(name__istartswith=text), Q(name__icontains=text)):
        if remaining <= 0:
            break
        found = list(
            Place.objects.select_related("neighbourhood__force")
            .filter(condition)
            .exclude(pk__in=seen)
            .order_by("name", "county", "pk")[:remaining]
        )
        tiers.append(found)
        seen.extend(p.pk for p in found)
        remaining -= len(found)
    return tiers


def places_matching(text: str, limit: int = 10) -> list[Place]:
    """Up to `limit` places: exact name matches first, then prefix matches, then any containing it."""
    return [place for tier in _place_tiers(text, limit) for place in tier]


def neighbourhood_for_place(place: Place) -> Neighbourhood | None:
    if place.neighbourhood is not None:
        return place.neighbourhood
    return neighbourhood_for_point(place.latitude, place.longitude)


@dataclass
class FindResult:
    """What `find` made of a search. `error` is empty when it found a neighbourhood or candidates."""

    neighbourhood: Neighbourhood | None = None
    candidates: list[Place] = field(default_factory=list)
    kind: str = "none"  # "postcode" | "point" | "place" | "none"
    error: str = ""

    @property
    def found(self) -> bool:
        return self.neighbourhood is not None


OUTSIDE = "is not in an area this force polices"


def find(query: str) -> FindResult:
    """Resolve what someone typed: a full UK postcode, a "lat,lng" pair, or a town or village name."""
    text = " ".join((query or "").split())
    if not text:
        return FindResult(error="Enter a postcode, town or village")
    compact = normalise_postcode(text)
    if POSTCODE_RE.match(compact):
        return _find_postcode(compact)
    if OUTCODE_RE.match(compact) and any(c.isdigit() for c in compact):
        return FindResult(
            kind="postcode", error=f"Enter a full postcode, for example {compact} 1AA, or a town or village"
        )
    match = LAT_LNG_RE.match(text)
    if match:
        return _find_point(float(match.group(1)), float(match.group(2)))
    return _find_place(text)


def _find_postcode(compact: str) -> FindResult:
    shown = format_postcode(compact)
    postcode = Postcode.objects.select_related("neighbourhood__force").filter(postcode=compact).first()
    if postcode is None:
        return FindResult(kind="postcode", error=f"We could not find the postcode {shown}")
    neighbourhood = postcode.neighbourhood or neighbourhood_for_point(postcode.latitude, postcode.longitude)
    if neighbourhood is None:
        return FindResult(kind="postcode", error=f"The postcode {shown} {OUTSIDE}")
    return FindResult(neighbourhood=neighbourhood, kind="postcode")


def _find_point(lat: float, lng: float) -> FindResult:
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return FindResult(
            kind="point",
            error=(
                "Enter a latitude between -90 and 90 and a longitude between -180 and 180, like 52.19,-2.22"
            ),
        )
    neighbourhood = neighbourhood_for_point(lat, lng)
    if neighbourhood is None:
        return FindResult(kind="point", error=f"The location {lat:.5f},{lng:.5f} {OUTSIDE}")
    return FindResult(neighbourhood=neighbourhood, kind="point")


def _find_place(text: str) -> FindResult:
    tiers = _place_tiers(text, 10)
    places = [place for tier in tiers for place in tier]
    if not places:
        return FindResult(
            kind="place",
            error=f"We could not find a place called {text}. Check the spelling or enter a postcode",
        )
    best_tier = next(tier for tier in tiers if tier)
    if len(best_tier) == 1:
        place = best_tier[0]
        neighbourhood = neighbourhood_for_place(place)
        if neighbourhood is None:
            return FindResult(kind="place", error=f"{place.name} {OUTSIDE}")
        return FindResult(neighbourhood=neighbourhood, kind="place")
    # Several places match equally well; if they all lie in one neighbourhood there is no choice to make.
    neighbourhoods = {neighbourhood_for_place(p) for p in best_tier}
    if len(neighbourhoods) == 1 and None not in neighbourhoods:
        return FindResult(neighbourhood=neighbourhoods.pop(), kind="place")
    return FindResult(candidates=places, kind="place")
