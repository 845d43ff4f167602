"""Demo boundaries: the force outline (committed as data) and Voronoi cells around team centres.

The outline is computed once from real data.police.uk street-level crime points and committed as
`data/west-mercia-outline.geojson`; the demo never reads the source CSVs at run time. To regenerate:

    python -m safer.demo.geometry path/to/2019-01-west-mercia-street.csv

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely import affinity
from shapely.geometry import mapping, shape

DATA_DIR = Path(__file__).resolve().parent / "data"
OUTLINE_PATH = DATA_DIR / "west-mercia-outline.geojson"

# The `LSOA name` prefixes (local authority districts) that make up the West Mercia force area.
WEST_MERCIA_DISTRICTS = (
    "Herefordshire",
    "Shropshire",
    "Telford and Wrekin",
    "Bromsgrove",
    "Redditch",
    "Wyre Forest",
    "Worcester",
    "Malvern Hills",
    "Wychavon",
)
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

# Outline parameters: a concave hull loose enough to keep rural edges, buffered ~2 km so the crime
# points near the edge sit inside, then simplified to keep the committed file small.
HULL_RATIO = 0.1
BUFFER_DEGREES = 0.02
SIMPLIFY_DEGREES = 0.005
# Coordinates are rounded to this grid (about 0.1 m) so every run gives byte-identical boundaries.
GRID = 1e-6


def crime_points(paths: Iterable[Path], districts: Sequence[str] = WEST_MERCIA_DISTRICTS) -> list[tuple]:
    """(lng, lat) of every street-level crime whose LSOA lies in one of `districts`."""
    points: list[tuple] = []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                lsoa = row.get("LSOA name") or ""
                if lsoa and lsoa.rsplit(" ", 1)[0] in districts and row["Longitude"] and row["Latitude"]:
                    points.append((float(row["Longitude"]), float(row["Latitude"])))
    return points


def outline_from_points(points: Sequence[tuple]) -> shapely.Polygon:
    hull = shapely.concave_hull(shapely.MultiPoint(points), ratio=HULL_RATIO)
    outline = hull.buffer(BUFFER_DEGREES).simplify(SIMPLIFY_DEGREES)
    outline = shapely.set_precision(outline, GRID)
    if not isinstance(outline, shapely.Polygon) or not outline.is_valid:
        raise ValueError("the crime points did not give one valid polygon")
    return outline


def write_outline(outline: shapely.Polygon, path: Path = OUTLINE_PATH, sources: Sequence[str] = ()) -> None:
    feature = {
        "type": "Feature",
        "properties": {
            "name": "West Mercia (approximate outline for the demo)",
            "derived_from": "data.police.uk street-level crime points: " + ", ".join(sources),
            "method": (
                f"concave hull (ratio {HULL_RATIO}) of points in {', '.join(WEST_MERCIA_DISTRICTS)}, "
                f"buffered {BUFFER_DEGREES} degrees, simplified {SIMPLIFY_DEGREES} degrees"
            ),
            "licence": "Open Government Licence v3.0",
            "attribution": ATTRIBUTION,
        },
        "geometry": mapping(outline),
    }
    path.write_text(json.dumps(feature, indent=1) + "\n", encoding="utf-8")


def load_outline(path: Path = OUTLINE_PATH) -> shapely.Polygon:
    feature = json.loads(path.read_text(encoding="utf-8"))
    geometry = shape(feature["geometry"])
    if not isinstance(geometry, shapely.Polygon):
        raise ValueError(f"{path} must hold one polygon")
    return geometry


def voronoi_cells(centres: Sequence[tuple[float, float]], outline: shapely.Geometry) -> list[Any]:
    """One cell per (lng, lat) centre: the area nearer that centre than any other, within `outline`.

    Distances are measured on a plane scaled by cos(latitude), so a degree of longitude counts for
    what it is worth on the ground; otherwise cells would stretch east-west.
    """
    lat0 = sum(lat for _, lat in centres) / len(centres)
    k = math.cos(math.radians(lat0))
    scaled = shapely.MultiPoint([(lng * k, lat) for lng, lat in centres])
    extent = affinity.scale(outline, xfact=k, yfact=1.0, origin=(0, 0)).buffer(0.5)
    diagram = shapely.voronoi_polygons(scaled, extend_to=extent)
    cells_scaled = list(diagram.geoms)
    cells: list[Any] = []
    for lng, lat in centres:
        point = shapely.Point(lng * k, lat)
        match = next(c for c in cells_scaled if c.contains(point))
        cell = affinity.scale(match, xfact=1 / k, yfact=1.0, origin=(0, 0))
        cells.append(shapely.set_precision(cell.intersection(outline), GRID))
    return [shapely.normalize(c) for c in _merge_fragments(cells, centres)]


def _merge_fragments(cells: list[Any], centres: Sequence[tuple[float, float]]) -> list[Any]:
    """Where the outline's bays cut a cell in pieces, keep the piece holding the centre and give each
    other piece to the neighbour it shares the longest border with, so every team has one polygon."""
    cells = list(cells)
    for i, (lng, lat) in enumerate(centres):
        if not isinstance(cells[i], shapely.MultiPolygon):
            continue
        centre = shapely.Point(lng, lat)
        parts = sorted(cells[i].geoms, key=lambda g: (not g.intersects(centre), -g.area))
        cells[i] = parts[0]
        for part in parts[1:]:
            shared = [
                (part.boundary.intersection(cells[j].boundary).length, -j)
                for j in range(len(cells))
                if j != i
            ]
            best = -max(shared)[1]
            cells[best] = shapely.set_precision(shapely.union(cells[best], part), GRID)
    return cells


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the demo's West Mercia outline.")
    parser.add_argument("csv", nargs="+", type=Path, help="data.police.uk street-level crime CSVs")
    parser.add_argument("--out", type=Path, default=OUTLINE_PATH)
    args = parser.parse_args(argv)
    outline = outline_from_points(crime_points(args.csv))
    write_outline(outline, args.out, sources=[p.name for p in args.csv])
    print(f"Wrote {args.out} ({len(outline.exterior.coords)} points)")


if __name__ == "__main__":
    main()
