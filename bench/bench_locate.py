"""Locate 1,000,000 points among 5,000 neighbourhoods (target: <= 3 s on a 2-core machine).

The neighbourhoods are a seeded Voronoi tessellation of 5,000 random seeds over a West Mercia-sized
box; the points are uniform over a slightly larger box, so some fall outside every neighbourhood.
The index is `safer.places.locate.BoundaryIndex`, the class `neighbourhood_ids_for_points` uses,
built straight from the geometries (no database). A sample is checked against brute force.

Baselines in the same run: a per-point STRtree loop and a naive loop over every polygon, each timed
on a sample and extrapolated; and geopandas' `sjoin` when geopandas is importable.

    .venv/bin/python bench/bench_locate.py [--points N] [--neighbourhoods N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safer.settings")

import django  # noqa: E402

django.setup()

from safer.places.locate import BoundaryIndex  # noqa: E402

EXTENT = (-3.30, 51.80, -1.70, 53.00)  # roughly West Mercia's bounding box, lng/lat
TARGET_SECONDS = 3.0


def tessellation(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = EXTENT
    seeds = rng.uniform((minx, miny), (maxx, maxy), size=(count, 2))
    frame = shapely.box(*EXTENT)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=frame))
    cells = shapely.intersection(cells, frame)
    ids = np.arange(1, len(cells) + 1, dtype=np.int64) * 7  # ids need not be dense
    return ids, cells


def random_points(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    minx, miny, maxx, maxy = EXTENT
    margin = 0.1
    lngs = rng.uniform(minx - margin, maxx + margin, count)
    lats = rng.uniform(miny - margin, maxy + margin, count)
    return lats, lngs


def brute_force(ids: np.ndarray, cells: np.ndarray, lat: float, lng: float) -> int:
    """Test every polygon; on a shared edge the lowest id wins, as in the index."""
    hits = ids[shapely.intersects_xy(cells, lng, lat)]
    return int(hits.min()) if len(hits) else -1


def per_point_tree_loop(ids: np.ndarray, cells: np.ndarray, lats: np.ndarray, lngs: np.ndarray) -> float:
    """What one writes without vectorising: an STRtree, queried one Point at a time."""
    tree = shapely.STRtree(cells)
    start = time.perf_counter()
    for lat, lng in zip(lats.tolist(), lngs.tolist(), strict=True):
        hits = tree.query(shapely.Point(lng, lat), predicate="intersects")
        _ = int(ids[hits].min()) if len(hits) else -1
    return time.perf_counter() - start


def naive_loop(ids: np.ndarray, cells: np.ndarray, lats: np.ndarray, lngs: np.ndarray) -> float:
    """No index at all: every polygon's contains() for every point, in Python."""
    polygons = list(zip(ids.tolist(), cells.tolist(), strict=True))
    start = time.perf_counter()
    for lat, lng in zip(lats.tolist(), lngs.tolist(), strict=True):
        point = shapely.Point(lng, lat)
        _ = next((pk for pk, polygon in polygons if polygon.intersects(point)), -1)
    return time.perf_counter() - start


def geopandas_sjoin(ids: np.ndarray, cells: np.ndarray, lats: np.ndarray, lngs: np.ndarray) -> float | None:
    try:
        import geopandas
    except ImportError:
        return None
    polygons = geopandas.GeoDataFrame({"nid": ids}, geometry=cells, crs="EPSG:4326")
    start = time.perf_counter()
    points = geopandas.GeoDataFrame(geometry=geopandas.points_from_xy(lngs, lats), crs="EPSG:4326")
    joined = geopandas.sjoin(points, polygons, how="left", predicate="intersects")
    _ = joined.groupby(level=0)["nid"].min()
    return time.perf_counter() - start


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, shapely {shapely.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--neighbourhoods", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is the figure")
    parser.add_argument("--check", type=int, default=1_000, help="points checked against brute force")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--densify",
        type=float,
        default=0.0,
        help="add vertices every this many degrees (0.0005 gives ~160 a boundary, like real ones)",
    )
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    ids, cells = tessellation(args.neighbourhoods, rng)
    if args.densify > 0:
        cells = shapely.segmentize(cells, args.densify)
    lats, lngs = random_points(args.points, rng)
    print(f"machine: {machine()}")
    vertices = shapely.get_num_coordinates(cells).mean()
    print(f"boundaries: {len(cells):,}, {vertices:.0f} vertices each on average")

    start = time.perf_counter()
    index = BoundaryIndex(ids, cells)
    print(f"index: {len(index):,} neighbourhoods built in {time.perf_counter() - start:.3f} s")

    timings, cpu = [], []
    result = np.empty(0, dtype=np.int64)
    for _ in range(max(1, args.runs)):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = index.locate(lats, lngs)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    figure = statistics.median(timings)
    inside = int(np.count_nonzero(result >= 0))
    verdict = "meets" if figure <= TARGET_SECONDS else "MISSES"
    print(
        f"locate: {args.points:,} points in {figure:.3f} s (median of {len(timings)}; "
        f"runs {', '.join(f'{t:.3f}' for t in timings)}) = {args.points / figure:,.0f} points/s; "
        f"{inside:,} inside a neighbourhood; {verdict} the {TARGET_SECONDS:.0f} s target"
    )
    # CPU time is steadier than wall time when other work shares the machine.
    load = os.getloadavg()[0]
    print(f"locate: CPU time {statistics.median(cpu):.3f} s (median); load average {load:.1f}")

    sample = rng.choice(args.points, size=min(args.check, args.points), replace=False)
    expected = [brute_force(ids, cells, lats[i], lngs[i]) for i in sample]
    wrong = int(np.count_nonzero(result[sample] != np.array(expected, dtype=np.int64)))
    print(f"check: {len(sample):,} sampled points against brute force, {wrong} wrong")

    # Baselines get fresh, unprepared copies: preparing is part of what the index does for you.
    cells = shapely.from_wkb(shapely.to_wkb(cells))
    tree_sample = min(10_000, args.points)
    seconds = per_point_tree_loop(ids, cells, lats[:tree_sample], lngs[:tree_sample])
    per_point = seconds / tree_sample * args.points
    print(
        f"baseline, per-point STRtree loop: {tree_sample:,} points in {seconds:.3f} s, "
        f"so {per_point:,.1f} s for {args.points:,} ({per_point / figure:,.0f}x slower)"
    )
    naive_sample = min(200, args.points)
    seconds = naive_loop(ids, cells, lats[:naive_sample], lngs[:naive_sample])
    naive = seconds / naive_sample * args.points
    print(
        f"baseline, naive loop over every polygon: {naive_sample:,} points in {seconds:.3f} s, "
        f"so {naive:,.0f} s for {args.points:,} ({naive / figure:,.0f}x slower)"
    )
    peer = geopandas_sjoin(ids, cells, lats, lngs)
    if peer is None:
        print("peer, geopandas sjoin: not installed (pip install geopandas to compare in this run)")
    else:
        import geopandas

        print(
            f"peer, geopandas {geopandas.__version__} sjoin: {args.points:,} points in {peer:.3f} s "
            f"= {args.points / peer:,.0f} points/s"
        )
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
