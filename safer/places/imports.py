"""Import data.police.uk neighbourhood boundaries (KML) and the ONS postcode directory (CSV).

Both imports are all-or-nothing: they validate as they go and run in one transaction, so a
malformed file or row raises `PlacesImportError` naming the file and line, and changes nothing.
"""

from __future__ import annotations

import csv
import io
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

import numpy as np
import shapely
from django.db import connection, transaction
from django.utils.text import slugify
from tqdm import tqdm

from safer.places.locate import POSTCODE_RE, invalidate_index, neighbourhood_ids_for_points
from safer.places.models import Force, Neighbourhood, Place, Postcode, normalise_postcode

POSTCODE_BATCH = 20_000
RELOCATE_BATCH = 100_000
NO_GRID_REFERENCE_LAT = 99.999999


class PlacesImportError(ValueError):
    """A file that cannot be imported; the message names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        where = f"{self.path}, line {line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


# --- KML boundaries ---------------------------------------------------------------------------------


@dataclass
class KmlBoundary:
    code: str
    name: str  # empty when the file names no neighbourhood
    geometry: shapely.Geometry


class _ForbiddenXml(Exception):
    pass


def _forbid(*_: Any) -> None:
    # Boundary files never need a DTD or entities; refusing them rules out entity-expansion attacks.
    raise _ForbiddenXml("DTDs and entity declarations are not allowed")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse_xml(path: Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """Parse with expat into an ElementTree, remembering each element's line for error messages."""
    builder = ET.TreeBuilder()
    lines: dict[ET.Element, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def start(name: str, attrs: dict[str, str]) -> None:
        lines[builder.start(_local(name), attrs)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: builder.end(_local(name))
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    try:
        parser.Parse(path.read_bytes(), True)
    except expat.ExpatError as exc:
        raise PlacesImportError(
            path, f"is not well-formed XML ({expat.errors.messages[exc.code]})", line=exc.lineno
        )
    except _ForbiddenXml as exc:
        raise PlacesImportError(path, str(exc), line=parser.CurrentLineNumber)
    return builder.close(), lines


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if child.tag == name]


def _ring(path: Path, coordinates: ET.Element | None, line: int) -> list[tuple[float, float]]:
    if coordinates is None or not (coordinates.text or "").strip():
        raise PlacesImportError(path, "a LinearRing has no coordinates", line=line)
    text = coordinates.text or ""
    points: list[tuple[float, float]] = []
    offset = 0
    for token in text.split():
        offset = text.index(token, offset)
        parts = token.split(",")
        try:
            lng, lat = float(parts[0]), float(parts[1])
            if len(parts) > 3:
                raise ValueError
        except (ValueError, IndexError):
            bad_line = line + text.count("\n", 0, offset)
            raise PlacesImportError(path, f"{token!r} is not a 'longitude,latitude' pair", line=bad_line)
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            bad_line = line + text.count("\n", 0, offset)
            raise PlacesImportError(path, f"{token!r} is not a WGS84 longitude,latitude", line=bad_line)
        points.append((lng, lat))
        offset += len(token)
    if len(set(points)) < 3:
        raise PlacesImportError(path, "a LinearRing needs at least three distinct points", line=line)
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def _polygon(path: Path, polygon: ET.Element, lines: dict[ET.Element, int]) -> shapely.Polygon:
    def ring(linear_ring: ET.Element | None, parent: ET.Element) -> list[tuple[float, float]]:
        coordinates = None if linear_ring is None else next(iter(_children(linear_ring, "coordinates")), None)
        anchor = next(e for e in (coordinates, linear_ring, parent) if e is not None)
        return _ring(path, coordinates, lines[anchor])

    outers = _children(polygon, "outerBoundaryIs")
    if len(outers) != 1:
        raise PlacesImportError(path, "a Polygon needs exactly one outerBoundaryIs", line=lines[polygon])
    shell = ring(next(iter(_children(outers[0], "LinearRing")), None), outers[0])
    # KML allows several LinearRings in one innerBoundaryIs as well as several innerBoundaryIs.
    holes = [
        ring(linear_ring, inner)
        for inner in _children(polygon, "innerBoundaryIs")
        for linear_ring in _children(inner, "LinearRing")
    ]
    return shapely.Polygon(shell, holes)


def _extended_name(placemark: ET.Element) -> str:
    for element in placemark.iter():
        if element.tag in {"Data", "SimpleData"} and element.get("name", "").lower() in {
            "name",
            "neighbourhood",
            "neighbourhood_name",
        }:
            value = next(iter(_children(element, "value")), None) if element.tag == "Data" else element
            text = " ".join((value.text or "").split()) if value is not None else ""
            if text:
                return text
    return ""


def parse_kml(path: Path) -> KmlBoundary:
    """One neighbourhood's boundary file: every Polygon in every Placemark, holes included."""
    root, lines = _parse_xml(path)
    if root.tag != "kml":
        raise PlacesImportError(path, f"is not KML (its root element is <{root.tag}>)", line=1)
    placemarks = [element for element in root.iter() if element.tag == "Placemark"]
    polygons: list[shapely.Polygon] = []
    name = ""
    for placemark in placemarks:
        if not name:
            name_element = next(iter(_children(placemark, "name")), None)
            name = " ".join((name_element.text or "").split()) if name_element is not None else ""
            name = name or _extended_name(placemark)
        polygons += [_polygon(path, p, lines) for p in placemark.iter() if p.tag == "Polygon"]
    if not polygons:
        raise PlacesImportError(path, "holds no Placemark with a Polygon", line=1)
    geometry: shapely.Geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    if not geometry.is_valid:
        # Hand-drawn boundaries sometimes self-touch or overlap their parts; keep the area they mean.
        parts = shapely.get_parts(shapely.make_valid(geometry))
        geometry = shapely.union_all(parts[shapely.get_type_id(parts) >= 3])
        if geometry.is_empty:
            raise PlacesImportError(path, "its Polygon encloses no area", line=1)
    code_length = Neighbourhood._meta.get_field("code").max_length or 60
    if len(path.stem) > code_length:
        raise PlacesImportError(path, f"its name, the neighbourhood id, is over {code_length} characters")
    return KmlBoundary(code=path.stem, name=name[:200], geometry=geometry)


def _force_folders(folder: Path) -> list[tuple[str, list[Path]]]:
    """(force slug, its KML files): a folder per force, or `folder` itself when it holds the files."""

    def kml_files(directory: Path) -> list[Path]:
        return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() == ".kml")

    if not folder.is_dir():
        raise PlacesImportError(folder, "is not a folder")
    if kml_files(folder):
        return [(folder.name, kml_files(folder))]
    forces = [(d.name, kml_files(d)) for d in sorted(folder.iterdir()) if d.is_dir() and kml_files(d)]
    if not forces:
        raise PlacesImportError(folder, "holds no .kml files, neither directly nor in a folder per force")
    return forces


def _unique_slug(base: str, taken: set[str]) -> str:
    stem = slugify(base)[:72] or "neighbourhood"
    slug, n = stem, 2
    while slug in taken:
        slug, n = f"{stem}-{n}", n + 1
    taken.add(slug)
    return slug


def import_boundaries(folder: Path, *, progress: bool = False) -> int:
    """Create or update each force's neighbourhoods from their KML boundaries; returns how many.

    Neighbourhoods missing from the folder are left alone. Postcodes and places are re-resolved
    against the new boundaries in the same transaction.
    """
    folder = Path(folder)
    forces = _force_folders(folder)
    total = sum(len(files) for _, files in forces)
    parsed: list[tuple[str, list[KmlBoundary]]] = []
    with tqdm(total=total, unit="file", desc="Reading boundaries", disable=not progress) as bar:
        for slug, files in forces:
            boundaries = []
            for path in files:
                boundaries.append(parse_kml(path))
                bar.update(1)
            parsed.append((slug, boundaries))
    try:
        with transaction.atomic():
            for slug, boundaries in parsed:
                _save_force_boundaries(slug, boundaries)
            invalidate_index()
            relocate_postcodes_and_places()  # rebuilds this process's index from the new boundaries
            transaction.on_commit(invalidate_index)
    except BaseException:
        invalidate_index()  # the index may hold boundaries that were just rolled back
        raise
    return total


def _save_force_boundaries(force_slug: str, boundaries: list[KmlBoundary]) -> None:
    force, _ = Force.objects.get_or_create(
        slug=force_slug, defaults={"name": force_slug.replace("-", " ").title() + " Police"}
    )
    existing = {nb.code: nb for nb in Neighbourhood.objects.filter(force=force)}
    taken = {nb.slug for nb in existing.values()}
    created: list[Neighbourhood] = []
    changed: list[Neighbourhood] = []
    for boundary in boundaries:
        wkb = shapely.to_wkb(boundary.geometry)
        nb = existing.get(boundary.code)
        if nb is None:
            nb = Neighbourhood(
                force=force,
                code=boundary.code,
                name=boundary.name or boundary.code,
                slug=_unique_slug(boundary.name or boundary.code, taken),
            )
            nb.set_boundary(boundary.geometry)
            created.append(nb)
            continue
        boundary_moved = nb.boundary_wkb is None or bytes(nb.boundary_wkb) != wkb
        renamed = bool(boundary.name) and boundary.name != nb.name
        if boundary_moved:
            # The centre follows the boundary it was derived from.
            nb.centre_lat = nb.centre_lng = None
            nb.set_boundary(boundary.geometry)
        if renamed:
            nb.name = boundary.name
        if boundary_moved or renamed:
            changed.append(nb)
    Neighbourhood.objects.bulk_create(created, batch_size=500)
    Neighbourhood.objects.bulk_update(
        changed,
        [
            "name",
            "boundary_wkb",
            "boundary_is_approximate",
            "boundary_updated_at",
            "centre_lat",
            "centre_lng",
        ],
        batch_size=500,
    )


def _relocate(model: type[Postcode] | type[Place]) -> int:
    """Point each row's neighbourhood at the boundary now holding its point; returns rows changed."""
    changed_count = 0
    last_pk = 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "latitude", "longitude", "neighbourhood_id")[:RELOCATE_BATCH]
        )
        if not rows:
            return changed_count
        last_pk = rows[-1][0]
        pks, lats, lngs, old = (np.array(column, dtype=object) for column in zip(*rows, strict=True))
        old_ids = np.array([-1 if v is None else v for v in old], dtype=np.int64)
        new_ids = neighbourhood_ids_for_points(lats.astype(float), lngs.astype(float))
        moved = old_ids != new_ids
        changed_count += int(moved.sum())
        # One UPDATE per destination neighbourhood rather than one per row.
        for target in np.unique(new_ids[moved]):
            targets = pks[moved & (new_ids == target)].astype(np.int64).tolist()
            for start in range(0, len(targets), 5_000):
                model.objects.filter(pk__in=targets[start : start + 5_000]).update(
                    neighbourhood_id=None if target < 0 else int(target)
                )


def relocate_postcodes_and_places() -> int:
    return _relocate(Postcode) + _relocate(Place)


# --- ONS postcode directory -------------------------------------------------------------------------

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8", "pcd2")


@dataclass
class _Columns:
    postcode: int
    lat: int
    lng: int
    doterm: int | None
    width: int
    pfa: int | None = None


def _columns(path: Path, header: list[str] | None, pfa: str | None = None) -> _Columns:
    if not header:
        raise PlacesImportError(path, "is empty: expected an ONS postcode directory header", line=1)
    names = {name.strip().lower(): i for i, name in enumerate(header)}
    postcode = next((names[c] for c in POSTCODE_COLUMNS if c in names), None)
    if postcode is None:
        raise PlacesImportError(path, "has no postcode column (pcds, pcd, pcd7 or pcd8)", line=1)
    for needed in ("lat", "long"):
        if needed not in names:
            raise PlacesImportError(path, f"has no {needed!r} column", line=1)
    if pfa and "pfa" not in names:
        raise PlacesImportError(path, "has no 'pfa' column to choose the police force area by", line=1)
    return _Columns(
        postcode,
        names["lat"],
        names["long"],
        names.get("doterm"),
        len(header),
        names.get("pfa") if pfa else None,
    )


def _rows(
    path: Path, reader: Any, columns: _Columns, pfa: str | None
) -> Iterator[tuple[int, str, float, float] | str]:
    """Each live postcode as (line, POSTCODE, lat, lng); a terminated one as its postcode alone."""
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != columns.width:
            raise PlacesImportError(path, f"has {len(row)} fields; the header has {columns.width}", line=line)
        if columns.pfa is not None and row[columns.pfa].strip() != pfa:
            continue
        raw = row[columns.postcode]
        postcode = normalise_postcode(raw)
        if not POSTCODE_RE.match(postcode):
            raise PlacesImportError(path, f"{raw!r} is not a postcode", line=line)
        if columns.doterm is not None and row[columns.doterm].strip():
            yield postcode
            continue
        try:
            lat, lng = float(row[columns.lat]), float(row[columns.lng])
        except ValueError:
            raise PlacesImportError(
                path, f"lat {row[columns.lat]!r} and long {row[columns.lng]!r} must be numbers", line=line
            )
        if math.isclose(lat, NO_GRID_REFERENCE_LAT, abs_tol=1e-6):
            continue  # the directory's marker for a postcode with no grid reference
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise PlacesImportError(path, f"lat {lat} and long {lng} are not a WGS84 point", line=line)
        yield (line, postcode, lat, lng)


def _upsert_sql(rows: int) -> str:
    quote = connection.ops.quote_name
    table = quote(Postcode._meta.db_table)
    column_of = {f.name: str(f.column) for f in Postcode._meta.concrete_fields}
    columns = [quote(column_of[name]) for name in ("postcode", "latitude", "longitude", "neighbourhood")]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    values = ", ".join(["(%s, %s, %s, %s)"] * rows)
    # ON CONFLICT ... DO UPDATE is the same on SQLite (3.24+) and PostgreSQL.
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
        f"ON CONFLICT ({columns[0]}) DO UPDATE SET {updates}"
    )


def _save_postcodes(batch: dict[str, tuple[float, float]]) -> None:
    """Upsert one batch with multi-row INSERTs: model instances would cost more than the database."""
    postcodes = list(batch)
    lats = np.fromiter((batch[p][0] for p in postcodes), dtype=np.float64, count=len(postcodes))
    lngs = np.fromiter((batch[p][1] for p in postcodes), dtype=np.float64, count=len(postcodes))
    ids = neighbourhood_ids_for_points(lats, lngs).tolist()
    rows = [
        (postcode, lat, lng, nid if nid >= 0 else None)
        for postcode, lat, lng, nid in zip(postcodes, lats.tolist(), lngs.tolist(), ids, strict=True)
    ]
    per_statement = min(1_000, (connection.features.max_query_params or 4_000) // 4)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(_upsert_sql(len(chunk)), [value for row in chunk for value in row])


def _delete_postcodes(postcodes: Iterable[str]) -> None:
    listed = list(postcodes)
    for start in range(0, len(listed), 5_000):
        Postcode.objects.filter(postcode__in=listed[start : start + 5_000]).delete()


def _first_undecodable_line(path: Path) -> int | None:
    """The first line holding bytes that are not UTF-8 (a newline byte is never inside a character)."""
    with path.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


def import_postcodes(path: Path, *, progress: bool = False, pfa: str | None = None) -> int:
    """Upsert every live postcode with a grid reference, resolving its neighbourhood; returns how many.

    Terminated postcodes (a `doterm` date) are skipped, and removed if an earlier import stored them.
    `pfa` (a police force area code such as E23000016) keeps only that force's rows of a national file.
    """
    path = Path(path)
    count = 0
    with (
        path.open("rb") as raw,
        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle,
        tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc="Importing postcodes",
            disable=not progress,
        ) as bar,
        transaction.atomic(),
    ):
        reader = csv.reader(handle)
        try:
            columns = _columns(path, next(reader, None), pfa)
            batch: dict[str, tuple[float, float]] = {}
            terminated: list[str] = []
            read = 0
            for item in _rows(path, reader, columns, pfa):
                if isinstance(item, str):
                    terminated.append(item)
                    continue
                _, postcode, lat, lng = item
                batch[postcode] = (lat, lng)
                if len(batch) >= POSTCODE_BATCH:
                    _save_postcodes(batch)
                    count += len(batch)
                    batch = {}
                    bar.update(raw.tell() - read)
                    read = raw.tell()
        except UnicodeDecodeError:
            # The text layer decodes ahead of the csv reader, so its position is no line: find it.
            raise PlacesImportError(path, "is not UTF-8 text", line=_first_undecodable_line(path))
        except csv.Error as exc:
            raise PlacesImportError(path, f"cannot be read as CSV ({exc})", line=reader.line_num + 1)
        if batch:
            _save_postcodes(batch)
            count += len(batch)
        _delete_postcodes(terminated)
        bar.update(bar.total - bar.n)
    return count
