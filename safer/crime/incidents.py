"""Internal incident data: import a documented CSV, and make a seeded synthetic set for the demo.

The CSV (UTF-8, header row, any column order; see README.md):

    reference      the force's incident or crime reference, unique (re-importing it updates the row)
    occurred_at    ISO 8601 date and time, e.g. 2025-03-14T21:30 (local UK time unless an offset is given)
    category       a data.police.uk category slug, optionally refined: burglary, burglary-residential, ...
    latitude, longitude    WGS84; or leave them empty and give
    easting, northing      British National Grid metres
    location_id    the force's address or location id (UPRN or its own), optional
    location       the street or address, optional (shown to officers planning visits, never published)
    victim_ref     a pseudonymised victim reference, optional
    offender_ref   pseudonymised offender references separated by ";", optional

Bad input names its line and imports nothing.

An incident's month is the calendar month (UK time) it occurred in. A file named for a month
(`2025-03-incidents.csv`) holds only incidents of that month: any other names its line. Importing
never deletes incidents, but updated references can move to other months; an import that would
leave a month with under half its stored incidents is refused unless `allow_shrink`
(`--allow-shrink`), as the police.uk importers refuse to shrink a month.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from safer.crime.bulk import (
    MalformedFile,
    ShrinkRefused,
    bulk_insert,
    from_bng,
    neighbourhood_ids,
    shrinks,
    to_bng,
)
from safer.crime.csvcolumns import decode
from safer.crime.models import ImportBatch, Incident

REQUIRED = ["reference", "occurred_at", "category"]
OPTIONAL = [
    "latitude",
    "longitude",
    "easting",
    "northing",
    "location_id",
    "location",
    "victim_ref",
    "offender_ref",
]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FILE_MONTH_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))(?!\d)")
COLUMNS = [
    "batch_id",
    "reference",
    "occurred_at",
    "category",
    "latitude",
    "longitude",
    "easting",
    "northing",
    "location_ref",
    "location_label",
    "victim_ref",
    "offender_refs",
    "neighbourhood_id",
    "is_synthetic",
]


@dataclass
class IncidentRow:
    reference: str
    occurred_at: dt.datetime
    category: str
    latitude: float | None
    longitude: float | None
    easting: float | None
    northing: float | None
    location_ref: str = ""
    location_label: str = ""
    victim_ref: str = ""
    offender_refs: str = ""


def _float(text: str, name: str, source: str, line: int) -> float | None:
    if text == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise MalformedFile(source, line, f"{name} {text!r} is not a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise MalformedFile(source, line, f"{name} {text!r} is not a number")
    return value


def parse_incidents(text: str, source: str, progress: bool = False) -> list[IncidentRow]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as error:
        raise MalformedFile(source, 1, f"not valid CSV ({error})")
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problem = (
            f"missing column(s) {', '.join(missing)}"
            if missing
            else f"unknown column(s) {', '.join(unknown)}"
        )
        raise MalformedFile(source, 1, problem)
    pos = {name: header.index(name) for name in header}
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    named = FILE_MONTH_RE.match(source)
    file_month = named[1] if named else None
    rows: list[IncidentRow] = []
    seen: dict[str, int] = {}
    line = 1
    bar = tqdm(total=text.count("\n"), desc=source, unit=" rows", disable=not progress, leave=False)
    try:
        for record in reader:
            line = reader.line_num
            if not record:
                continue
            if len(record) != len(header):
                raise MalformedFile(source, line, f"expected {len(header)} fields, found {len(record)}")
            get = {name: record[i].strip() for name, i in pos.items()}
            ref = get["reference"]
            if not ref or len(ref) > 60:
                raise MalformedFile(source, line, "the reference is empty or longer than 60 characters")
            if ref in seen:
                raise MalformedFile(
                    source, line, f"reference {ref!r} is repeated (first on line {seen[ref]})"
                )
            seen[ref] = line
            try:
                when = dt.datetime.fromisoformat(get["occurred_at"])
            except ValueError:
                raise MalformedFile(
                    source, line, f"occurred_at {get['occurred_at']!r} is not an ISO date and time"
                )
            if when.tzinfo is None:
                when = when.replace(tzinfo=local)
            if file_month is not None and month_of(when) != file_month:
                raise MalformedFile(
                    source,
                    line,
                    f"occurred_at {get['occurred_at']!r} is not in {file_month},"
                    " the month the file is named for",
                )
            category = get["category"]
            if not SLUG_RE.match(category):
                raise MalformedFile(
                    source, line, f"category {category!r} is not a slug like burglary-residential"
                )
            lat = _float(get.get("latitude", ""), "latitude", source, line)
            lng = _float(get.get("longitude", ""), "longitude", source, line)
            east = _float(get.get("easting", ""), "easting", source, line)
            north = _float(get.get("northing", ""), "northing", source, line)
            if (lat is None) != (lng is None) or (east is None) != (north is None):
                raise MalformedFile(
                    source, line, "give both latitude and longitude, or both easting and northing"
                )
            if lat is None and east is None:
                raise MalformedFile(
                    source, line, "no point: give latitude and longitude, or easting and northing"
                )
            if lat is not None and lng is not None and not (-90 <= lat <= 90 and -180 <= lng <= 180):
                raise MalformedFile(source, line, f"the point {lat},{lng} is not on Earth")
            if (
                east is not None
                and north is not None
                and not (0 <= east <= 700_000 and 0 <= north <= 1_300_000)
            ):
                raise MalformedFile(
                    source, line, f"easting/northing {east},{north} is off the British National Grid"
                )
            rows.append(
                IncidentRow(
                    reference=ref,
                    occurred_at=when,
                    category=category,
                    latitude=lat,
                    longitude=lng,
                    easting=east,
                    northing=north,
                    location_ref=get.get("location_id", "")[:100],
                    location_label=get.get("location", "")[:200],
                    victim_ref=get.get("victim_ref", "")[:100],
                    offender_refs=";".join(
                        p.strip() for p in get.get("offender_ref", "").split(";") if p.strip()
                    )[:400],
                )
            )
            if len(rows) % 10000 == 0:
                bar.update(10000)
    except csv.Error as error:
        raise MalformedFile(source, reader.line_num, f"not valid CSV ({error})")
    finally:
        bar.close()
    return rows


def _complete_points(rows: list[IncidentRow]) -> None:
    """Fill in whichever of (lat, lng) and (easting, northing) each row lacks."""
    need_bng = [r for r in rows if r.easting is None]
    if need_bng:
        e, n = to_bng([r.latitude for r in need_bng], [r.longitude for r in need_bng])
        for r, ee, nn in zip(need_bng, e.tolist(), n.tolist(), strict=True):
            r.easting, r.northing = round(ee, 1), round(nn, 1)
    need_ll = [r for r in rows if r.latitude is None]
    if need_ll:
        lat, lng = from_bng([r.easting for r in need_ll], [r.northing for r in need_ll])
        for r, a, b in zip(need_ll, lat.tolist(), lng.tolist(), strict=True):
            r.latitude, r.longitude = round(a, 6), round(b, 6)


def month_of(when: dt.datetime) -> str:
    """The calendar month, in UK time, of an aware datetime: YYYY-MM."""
    return when.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m")


def _month_range(month: str) -> tuple[dt.datetime, dt.datetime]:
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    year, number = int(month[:4]), int(month[5:])
    start = dt.datetime(year, number, 1, tzinfo=local)
    end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=local)
    return start, end


def _refuse_shrinking(source: str, rows: list[IncidentRow], old_months: dict[str, str]) -> None:
    """Refuse updates that would move more than half of a month's stored incidents out of it."""
    change: Counter[str] = Counter()
    for r in rows:
        new = month_of(r.occurred_at)
        old = old_months.get(r.reference)
        if old != new:
            change[new] += 1
            if old is not None:
                change[old] -= 1
    for month in sorted(m for m, delta in change.items() if delta < 0):
        start, end = _month_range(month)
        stored = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end).count()
        if shrinks(stored, stored + change[month]):
            raise ShrinkRefused(source, f"the incidents of {month}", stored, stored + change[month])


def save_incidents(
    rows: list[IncidentRow], source: str, synthetic: bool = False, allow_shrink: bool = False
) -> tuple[int, int]:
    """Insert new references and update existing ones (their contacts and visits stay). (new, updated).
    Raises `ShrinkRefused` if a month would keep under half its incidents, unless `allow_shrink`."""
    from safer.places.locate import invalidate_index

    _complete_points(rows)
    invalidate_index()
    nbs = neighbourhood_ids([r.latitude for r in rows], [r.longitude for r in rows]).tolist()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.INCIDENTS, force=settings.FORCE_ID, source=source, rows=len(rows)
        )
        existing: dict[str, int] = {}
        old_months: dict[str, str] = {}
        refs = [r.reference for r in rows]
        for start in range(0, len(refs), 5000):
            for ref, pk, occurred_at in Incident.objects.filter(
                reference__in=refs[start : start + 5000]
            ).values_list("reference", "id", "occurred_at"):
                existing[ref] = pk
                old_months[ref] = month_of(occurred_at)
        if not allow_shrink:
            _refuse_shrinking(source, rows, old_months)
        new: list[tuple[Any, ...]] = []
        changed: list[Incident] = []
        for r, nb in zip(rows, nbs, strict=True):
            values = (
                r.occurred_at,
                r.category,
                r.latitude,
                r.longitude,
                r.easting,
                r.northing,
                r.location_ref,
                r.location_label,
                r.victim_ref,
                r.offender_refs,
                nb if nb >= 0 else None,
            )
            if r.reference in existing:
                changed.append(
                    Incident(
                        id=existing[r.reference],
                        batch_id=batch.id,
                        reference=r.reference,
                        is_synthetic=synthetic,
                        **dict(zip(COLUMNS[2:13], values, strict=True)),
                    )
                )
            else:
                new.append((batch.id, r.reference, *values, synthetic))
        bulk_insert(Incident._meta.db_table, COLUMNS, new, datetimes=["occurred_at"])
        if changed:
            Incident.objects.bulk_update(
                changed,
                [
                    "batch",
                    "occurred_at",
                    "category",
                    "latitude",
                    "longitude",
                    "easting",
                    "northing",
                    "location_ref",
                    "location_label",
                    "victim_ref",
                    "offender_refs",
                    "neighbourhood",
                    "is_synthetic",
                ],
                batch_size=1000,
            )
    return len(new), len(changed)


def import_incidents(path: Path | str, progress: bool = False, allow_shrink: bool = False) -> tuple[int, int]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MalformedFile(str(path), None, "no such file")
    text = decode(path.name, data)  # a byte that is not UTF-8 names its line
    return save_incidents(parse_incidents(text, path.name, progress), path.name, allow_shrink=allow_shrink)


# --- the demo's synthetic incidents --------------------------------------------------------------

SYNTHETIC_CATEGORIES = [
    ("burglary-residential", 0.30),
    ("vehicle-crime", 0.20),
    ("criminal-damage-arson", 0.20),
    ("violent-crime", 0.20),
    ("other-theft", 0.10),
]


def synthetic_incidents(
    centres: list[tuple[float, float]], count: int = 2000, days: int = 365, seed: int = 20190101
) -> list[IncidentRow]:
    """A seeded, clearly synthetic incident set (references SYN-…): events scattered around the given
    (lat, lng) centres over the last `days`, with burglaries that cluster in space and time (so the
    near-repeat test has something to find), and victims and offenders who recur."""
    if not centres:
        return []
    rng = np.random.default_rng(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    c_lat = np.array([c[0] for c in centres])
    c_lng = np.array([c[1] for c in centres])
    e0, n0 = to_bng(c_lat, c_lng)
    which = rng.integers(0, len(centres), count)
    east = e0[which] + rng.normal(0, 600, count)
    north = n0[which] + rng.normal(0, 600, count)
    day = rng.uniform(0, days, count)
    cats = rng.choice(len(SYNTHETIC_CATEGORIES), count, p=[p for _, p in SYNTHETIC_CATEGORIES])
    # near repeats: a third of burglaries follow an earlier one within ~200 m and ~2 weeks
    burglaries = np.flatnonzero(cats == 0)
    for k in burglaries[1::3]:
        src = burglaries[rng.integers(0, len(burglaries))]
        east[k] = east[src] + rng.normal(0, 120)
        north[k] = north[src] + rng.normal(0, 120)
        day[k] = max(0.0, day[src] - rng.uniform(0, 14))
    victims = rng.integers(0, int(count * 0.7), count)
    offenders = rng.integers(0, int(count * 0.3), count)
    has_offender = rng.random(count) < 0.35
    rows = []
    for k in range(count):
        when = now - dt.timedelta(days=float(day[k]))
        rows.append(
            IncidentRow(
                reference=f"SYN-{k + 1:06d}",
                occurred_at=when,
                category=SYNTHETIC_CATEGORIES[int(cats[k])][0],
                latitude=None,
                longitude=None,
                easting=round(float(east[k]), 1),
                northing=round(float(north[k]), 1),
                location_ref=f"SYN-LOC-{int(east[k] // 25)}-{int(north[k] // 25)}",
                location_label="",
                victim_ref=f"SYN-V{int(victims[k]):05d}",
                offender_refs=f"SYN-O{int(offenders[k]):05d}" if has_offender[k] else "",
            )
        )
    return rows
