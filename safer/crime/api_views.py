"""The crime methods of the data.police.uk API, on the imported data, in its exact shapes.

crimes-street/{category} (point with a one-mile radius, or a custom polygon by GET or POST),
crimes-at-location, crimes-no-location, crime-categories, crimes-street-dates, crime-last-updated,
outcomes-at-location and outcomes-for-crime/{id}. A custom area holding more than 10,000 crimes or
outcomes answers 503, as data.police.uk does.

`poly` is capped, with a 400 that says which limit it broke: at most 10,000 points, a POST body of at
most 512 KiB (a GET URL over 4,094 characters is refused for every endpoint, as police.uk does, in
`safer.lib.api.api_view`), and at most 30 million (snap points in its bounding box x its
points), the most point-in-polygon work one request may ask for (about a second at worst). A polygon
that crosses itself is read by the even-odd rule, as GEOS reads it, and never "made valid": repairing
a self-crossing ring costs time growing with the square of its points (seconds for a few hundred).

Outcomes come from imported outcomes files. Where a month has none (the demo), an outcomes file may be
derived from the street file (`importers.outcomes.outcomes_from_street`): real outcome categories,
each dated its crime's own month, because the street file does not say when the outcome was reached.
crimes-street-dates lists under "stop-and-search" the forces with an imported stop-and-search file for
the month; the demo's are synthetic, labelled so in their file names (see the README).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse

from safer.crime.categories import ALL_CRIME, CATEGORIES, NAME_BY_SLUG, OUTCOME_CODES, category_name
from safer.crime.importers import BTP, persistent_key
from safer.crime.models import Crime, CrimeLocation, ImportBatch, Outcome
from safer.lib.api import ApiError, api_view, coord, json_response
from safer.lib.params import MAX_ID, whole_number
from safer.places.lookups import get_force

MILE_M = 1609.344
EARTH_M = 6_371_008.8
LIMIT = 10_000
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_POLY_POINTS = 10_000  # a whole force's boundary fed back as poly (police-api-client does) fits
MAX_POLY_BODY = 512 * 1024  # bytes: 10,000 points at 10 decimals, form-encoded, with room to spare
MAX_POLY_WORK = 30_000_000  # snap points in the polygon's box x its points
NUMBER_RE = re.compile(r"^\s*[+-]?\d+(\.\d+)?\s*$")

CRIME_FIELDS = (
    "id",
    "category",
    "persistent_id",
    "month",
    "location_id",
    "reported_by",
    "location__latitude",
    "location__longitude",
    "outcome_category",
    "context",
    "location__name",
)


def _param(request: HttpRequest, name: str) -> str:
    # police-api-client POSTs poly (and date) as a form body; everything else comes in the query.
    if request.method == "POST":
        _check_body(request)
    value = request.POST.get(name) if request.method == "POST" else None
    return (value if value is not None else request.GET.get(name, "")).strip()


def _month(request: HttpRequest, kind: str = ImportBatch.Kind.STREET) -> str:
    date = _param(request, "date")
    if date:
        if not MONTH_RE.match(date):
            raise ApiError(400, "date must be YYYY-MM.")
        return date
    latest = ImportBatch.objects.filter(kind=kind).aggregate(m=Max("month"))["m"]
    return latest or ""


def _number(text: str, name: str, low: float, high: float) -> float:
    if not NUMBER_RE.match(text):
        raise ApiError(400, f"{name} must be a number.")
    value = float(text)
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low:g} and {high:g}.")
    return value


def _point(request: HttpRequest) -> tuple[float, float] | None:
    lat, lng = _param(request, "lat"), _param(request, "lng")
    if not lat and not lng:
        return None
    if not lat or not lng:
        raise ApiError(400, "Give both lat and lng.")
    return _number(lat, "lat", -90, 90), _number(lng, "lng", -180, 180)


def parse_poly(text: str) -> shapely.Polygon:
    """`lat,lng:lat,lng:...` (closed implicitly) as a shapely polygon in (lng, lat), possibly one that
    crosses itself (see the module docstring)."""
    count = text.count(":") + 1
    if count > MAX_POLY_POINTS:
        raise ApiError(400, f"poly has {count:,} points; at most {MAX_POLY_POINTS:,} are allowed.")
    points = []
    for pair in text.split(":"):
        parts = pair.split(",")
        if len(parts) != 2:
            raise ApiError(400, "poly must be lat,lng:lat,lng:lat,lng.")
        lat = _number(parts[0], "poly latitude", -90, 90)
        lng = _number(parts[1], "poly longitude", -180, 180)
        points.append((lng, lat))
    if len(points) < 3:
        raise ApiError(400, "poly needs at least three points.")
    polygon = shapely.Polygon(points)
    minx, miny, maxx, maxy = polygon.bounds
    if minx == maxx or miny == maxy or (polygon.is_valid and polygon.area == 0):
        raise ApiError(400, "poly encloses no area.")
    return polygon


def _check_body(request: HttpRequest) -> None:
    """Refuse a POST body over the limit before it is read (its size is in the request head)."""
    size = whole_number(request.META.get("CONTENT_LENGTH") or "0")
    if size is None or size > MAX_POLY_BODY:
        raise ApiError(400, f"The request body is limited to {MAX_POLY_BODY // 1024} KiB.")


def _poly(request: HttpRequest) -> shapely.Polygon | None:
    """The request's `poly`, if it has one, within the limits (see the module docstring)."""
    text = _param(request, "poly")
    return parse_poly(text) if text else None


def _locations(minx: float, miny: float, maxx: float, maxy: float) -> list[tuple[int, float, float]]:
    """Snap points in a lng/lat box: (id, lat, lng), through CrimeLocation's (latitude, longitude) index."""
    return list(
        CrimeLocation.objects.filter(
            latitude__gte=miny, latitude__lte=maxy, longitude__gte=minx, longitude__lte=maxx
        ).values_list("id", "latitude", "longitude")
    )


def _rows_at(qs: QuerySet[Any], location_ids: list[int], fields: Iterable[str]) -> list[tuple[Any, ...]]:
    """Rows of `qs` at these snap points, by the (location, month) index, in chunks SQLite accepts."""
    rows: list[tuple[Any, ...]] = []
    for start in range(0, len(location_ids), 900):
        rows.extend(qs.filter(location_id__in=location_ids[start : start + 900]).values_list(*fields))
    return rows


def _within_mile(qs: QuerySet[Any], lat: float, lng: float, fields: Iterable[str]) -> list[tuple[Any, ...]]:
    dlat = math.degrees(MILE_M / EARTH_M)
    dlng = dlat / max(math.cos(math.radians(lat)), 1e-6)
    found = _locations(lng - dlng, lat - dlat, lng + dlng, lat + dlat)
    if not found:
        return []
    la = np.radians([r[1] for r in found])
    lo = np.radians([r[2] for r in found])
    p, q = math.radians(lat), math.radians(lng)
    h = np.sin((la - p) / 2) ** 2 + math.cos(p) * np.cos(la) * np.sin((lo - q) / 2) ** 2
    inside = 2 * EARTH_M * np.arcsin(np.sqrt(h)) <= MILE_M
    return _rows_at(qs, [r[0] for r, keep in zip(found, inside.tolist(), strict=True) if keep], fields)


def _in_poly(qs: QuerySet[Any], polygon: shapely.Polygon, fields: Iterable[str]) -> list[tuple[Any, ...]]:
    found = _locations(*polygon.bounds)
    if not found:
        return []
    if len(found) * len(polygon.exterior.coords) > MAX_POLY_WORK:
        raise ApiError(
            400,
            f"poly is too detailed for so large an area ({len(found):,} places in its bounds x "
            f"{len(polygon.exterior.coords) - 1:,} points, over {MAX_POLY_WORK:,}): "
            "ask for a smaller area or use fewer points.",
        )
    shapely.prepare(polygon)
    inside = shapely.contains_xy(polygon, np.array([r[2] for r in found]), np.array([r[1] for r in found]))
    rows = _rows_at(qs, [r[0] for r, keep in zip(found, inside.tolist(), strict=True) if keep], fields)
    if len(rows) > LIMIT:
        raise ApiError(503, f"This area holds more than {LIMIT:,} results; ask for a smaller one.")
    return rows


def _batch_ids(kind: str, month: str, force: str | None = None) -> list[int]:
    batches = ImportBatch.objects.filter(kind=kind, month=month)
    if force is not None:
        batches = batches.filter(force=force)
    return list(batches.values_list("id", flat=True))


def _outcome_months(pids: Iterable[str]) -> dict[str, str]:
    """The latest outcome month for each crime that has rows in an outcomes file."""
    keys = sorted({k for pid in pids if pid and (k := persistent_key(pid)) is not None})
    latest: dict[str, str] = {}
    for start in range(0, len(keys), 900):
        rows = Outcome.objects.filter(persistent_key__in=keys[start : start + 900]).values_list(
            "persistent_id", "month"
        )
        for pid, month in rows:
            if month > latest.get(pid, ""):
                latest[pid] = month
    return latest


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["location_id"] is None:
        return None
    return {
        "latitude": coord(row["location__latitude"]),
        "street": {"id": row["location_id"], "name": row["location__name"]},
        "longitude": coord(row["location__longitude"]),
    }


def crime_json(
    row: dict[str, Any], outcome_month: str | None = None, outcome_status: bool = True
) -> dict[str, Any]:
    """One crime, keys in the order data.police.uk sends them."""
    out: dict[str, Any] = {
        "category": row["category"],
        # police.uk: "BTP" for the British Transport Police's crimes, "Force" for the rest
        "location_type": None
        if row["location_id"] is None
        else ("BTP" if row["reported_by"] == BTP else "Force"),
        "location": _location(row),
        "context": row["context"],
    }
    if outcome_status:
        out["outcome_status"] = (
            {"category": row["outcome_category"], "date": outcome_month or row["month"]}
            if row["outcome_category"]
            else None
        )
    out.update(
        {
            "persistent_id": row["persistent_id"],
            "id": row["id"],
            "location_subtype": "",  # the bulk CSVs carry no subtype
            "month": row["month"],
        }
    )
    return out


def crimes_json(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    dicts = [dict(zip(CRIME_FIELDS, r, strict=True)) for r in rows]
    months = _outcome_months(d["persistent_id"] for d in dicts if d["outcome_category"])
    return [crime_json(d, months.get(d["persistent_id"])) for d in dicts]


def _category_filter(qs: QuerySet[Crime], category: str) -> QuerySet[Crime]:
    if category == ALL_CRIME[0]:
        return qs
    if category not in NAME_BY_SLUG:
        raise ApiError(404, "Unknown crime category.")
    return qs.filter(category=category)


@api_view(methods=("GET", "POST"))
def crimes_street(request: HttpRequest, category: str) -> HttpResponse:
    month = _month(request)
    qs = _category_filter(Crime.objects.filter(month=month, location__isnull=False), category)
    polygon = _poly(request)
    if polygon is not None:
        rows = _in_poly(qs, polygon, CRIME_FIELDS)
    else:
        point = _point(request)
        if point is None:
            raise ApiError(400, "Give lat and lng, or poly.")
        rows = _within_mile(qs, *point, CRIME_FIELDS)
    rows.sort(key=lambda r: r[0])
    return json_response(crimes_json(rows))


def _nearest_location(lat: float, lng: float) -> int | None:
    """The snap point nearest to (lat, lng), searched in growing boxes."""
    for half in (0.002, 0.01, 0.05, 0.25):
        found = list(
            CrimeLocation.objects.filter(
                latitude__gte=lat - half,
                latitude__lte=lat + half,
                longitude__gte=lng - half * 1.6,
                longitude__lte=lng + half * 1.6,
            ).values_list("id", "latitude", "longitude")
        )
        if found:
            scale = math.cos(math.radians(lat))
            return min(found, key=lambda r: (r[1] - lat) ** 2 + ((r[2] - lng) * scale) ** 2)[0]
    return None


def _location_id(request: HttpRequest) -> int | None:
    text = _param(request, "location_id")
    if text:
        location = whole_number(text)
        if location is None:
            raise ApiError(400, f"location_id must be a whole number from 0 to {MAX_ID}.")
        return location
    point = _point(request)
    if point is None:
        raise ApiError(400, "Give location_id, or lat and lng.")
    return _nearest_location(*point)


@api_view()
def crimes_at_location(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    location = _location_id(request)
    if location is None:
        return json_response([])
    rows = list(
        Crime.objects.filter(location_id=location, month=month).order_by("id").values_list(*CRIME_FIELDS)
    )
    return json_response(crimes_json(rows))


@api_view()
def crimes_no_location(request: HttpRequest) -> HttpResponse:
    force_id = _param(request, "force")
    if not force_id:
        raise ApiError(400, "Give force.")
    get_force(force_id)
    month = _month(request)
    qs = Crime.objects.filter(
        batch_id__in=_batch_ids(ImportBatch.Kind.STREET, month, force_id), location__isnull=True
    )
    qs = _category_filter(qs, _param(request, "category") or ALL_CRIME[0])
    rows = list(qs.order_by("id").values_list(*CRIME_FIELDS))
    out = []
    for item in crimes_json(rows):
        item["location_type"] = None
        item["location"] = None
        item["location_subtype"] = ""
        out.append(item)
    return json_response(out)


@api_view()
def crime_categories(request: HttpRequest) -> HttpResponse:
    date = _param(request, "date")
    if date and not MONTH_RE.match(date):
        raise ApiError(400, "date must be YYYY-MM.")
    slugs = [slug for slug, _, _ in CATEGORIES]
    if date:
        # older months carry categories since retired (public-disorder-weapons); list what they hold
        extra = (
            Crime.objects.filter(month=date).exclude(category__in=slugs).values_list("category", flat=True)
        )
        slugs += sorted(set(extra))
    return json_response(
        [{"url": ALL_CRIME[0], "name": ALL_CRIME[1]}] + [{"url": s, "name": category_name(s)} for s in slugs]
    )


@api_view()
def crimes_street_dates(request: HttpRequest) -> HttpResponse:
    months = (
        ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET).values_list("month", flat=True).distinct()
    )
    stops: dict[str, list[str]] = {}
    for month, force in ImportBatch.objects.filter(kind=ImportBatch.Kind.STOP_AND_SEARCH).values_list(
        "month", "force"
    ):
        stops.setdefault(month, []).append(force)
    return json_response(
        [
            {"date": m, "stop-and-search": sorted(set(stops.get(m, [])))}
            for m in sorted(set(months), reverse=True)
        ]
    )


@api_view()
def crime_last_updated(request: HttpRequest) -> HttpResponse:
    latest = ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET).aggregate(m=Max("month"))["m"]
    return json_response({"date": f"{latest}-01" if latest else None})


OUTCOME_FIELDS = (
    "id",
    "month",
    "persistent_id",
    "outcome_type",
    "code",
    "location_id",
    "latitude",
    "longitude",
)


def _outcomes_json(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    pids = sorted({r[2] for r in rows})
    crimes: dict[str, dict[str, Any]] = {}
    for start in range(0, len(pids), 900):
        chunk = pids[start : start + 900]
        keys = [k for p in chunk if (k := persistent_key(p)) is not None]
        for r in Crime.objects.filter(persistent_key__in=keys, persistent_id__in=chunk).values_list(
            *CRIME_FIELDS
        ):
            d = dict(zip(CRIME_FIELDS, r, strict=True))
            crimes.setdefault(d["persistent_id"], d)
    out = []
    for _, month, pid, name, code, _, _, _ in rows:
        crime = crimes.get(pid)
        if crime is None:  # the crime's own month was never imported: nothing to describe it with
            continue
        out.append(
            {
                "category": {"code": code, "name": OUTCOME_CODES.get(code, name)},
                "date": month,
                "person_id": None,
                "crime": crime_json(crime, outcome_status=False),
            }
        )
    return out


@api_view(methods=("GET", "POST"))
def outcomes_at_location(request: HttpRequest) -> HttpResponse:
    month = _month(request, ImportBatch.Kind.OUTCOMES)
    qs = Outcome.objects.filter(month=month, location__isnull=False)
    polygon = _poly(request)
    if polygon is not None:
        rows = _in_poly(qs, polygon, OUTCOME_FIELDS)
    elif _param(request, "location_id"):
        location = _location_id(request)
        rows = list(qs.filter(location_id=location).values_list(*OUTCOME_FIELDS))
    else:
        point = _point(request)
        if point is None:
            raise ApiError(400, "Give location_id, lat and lng, or poly.")
        rows = _within_mile(qs, *point, OUTCOME_FIELDS)
    rows.sort(key=lambda r: r[0])
    return json_response(_outcomes_json(rows))


@api_view()
def outcomes_for_crime(request: HttpRequest, persistent_id: str) -> HttpResponse:
    key = persistent_key(persistent_id)
    if key is None or len(persistent_id) != 64:
        raise ApiError(404, "Unknown crime.")
    row = (
        Crime.objects.filter(persistent_key=key, persistent_id=persistent_id)
        .order_by("-month", "id")
        .values_list(*CRIME_FIELDS)
        .first()
    )
    if row is None:
        raise ApiError(404, "Unknown crime.")
    crime = dict(zip(CRIME_FIELDS, row, strict=True))
    found = list(
        Outcome.objects.filter(persistent_key=key, persistent_id=persistent_id)
        .order_by("month", "id")
        .values_list("code", "outcome_type", "month")
    )
    if not found and crime["outcome_category"]:
        # no outcomes file for it: the street file's "last outcome" is all that is known
        from safer.crime.categories import outcome_code

        found = [(outcome_code(crime["outcome_category"]), crime["outcome_category"], crime["month"])]
    outcomes = [
        {"category": {"code": code, "name": OUTCOME_CODES.get(code, name)}, "date": month, "person_id": None}
        for code, name, month in found
    ]
    return json_response({"crime": crime_json(crime, outcome_status=False), "outcomes": outcomes})
