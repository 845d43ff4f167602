"""The demo's postcode fixture, in the ONS postcode directory (ONSPD) CSV format.

Each neighbourhood gets a few postcodes with its town's real outward code (WR14, HR4, SY1...) and a
made-up inward code, placed at a seeded random point well inside its demo boundary. The postcodes
and points are illustrative: a real postcode with the same letters may be somewhere else entirely.
The file is committed (`data/postcodes-west-mercia-sample.csv`); regenerate it after changing the
neighbourhoods or the outline with:

    python -m safer.demo.postcodes
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely

from safer.demo.datafiles import NeighbourhoodRow, demo_boundaries, load_neighbourhoods
from safer.demo.geometry import DATA_DIR

POSTCODES_PATH = DATA_DIR / "postcodes-west-mercia-sample.csv"
PER_NEIGHBOURHOOD = 3
# Points stay this far (degrees, roughly 200 m) inside a boundary, so rounding never moves one out.
MARGIN = 0.002
# The letters ONS uses in the last two characters of an inward code (no C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# ONSPD columns written. West Midlands region, England, West Mercia police force area.
COLUMNS = ["pcd", "pcd7", "pcd8", "pcds", "dointr", "doterm", "usertype", "ctry", "rgn", "pfa", "lat", "long"]
CONSTANTS = {"doterm": "", "usertype": "0", "ctry": "E92000001", "rgn": "E12000005", "pfa": "E23000016"}


@dataclass(frozen=True)
class FixturePostcode:
    outward: str
    inward: str
    lat: float
    lng: float
    neighbourhood_code: str
    introduced: str

    @property
    def pcds(self) -> str:
        return f"{self.outward} {self.inward}"

    def onspd_row(self) -> dict[str, str]:
        pcd7 = self.outward.ljust(4)[:4] + self.inward
        pcd8 = self.outward.ljust(4) + " " + self.inward
        return {
            "pcd": pcd7,
            "pcd7": pcd7,
            "pcd8": pcd8,
            "pcds": self.pcds,
            "dointr": self.introduced,
            **CONSTANTS,
            "lat": f"{self.lat:.6f}",
            "long": f"{self.lng:.6f}",
        }


def _point_inside(rng: random.Random, row: NeighbourhoodRow, boundary: Any) -> tuple[float, float]:
    """A point near the team's centre (a town's postcodes cluster there) and well inside its boundary."""
    inner = boundary.buffer(-MARGIN)
    if inner.is_empty:
        inner = boundary
    for _ in range(200):
        lat = round(rng.gauss(row.lat, 0.008), 6)
        lng = round(rng.gauss(row.lng, 0.012), 6)
        if inner.contains(shapely.Point(lng, lat)):
            return lat, lng
    point = inner.representative_point()
    return round(point.y, 6), round(point.x, 6)


def fixture_postcodes(
    rows: Sequence[NeighbourhoodRow] | None = None, boundaries: Sequence[Any] | None = None
) -> list[FixturePostcode]:
    rows = load_neighbourhoods() if rows is None else rows
    boundaries = demo_boundaries() if boundaries is None else boundaries
    rng = random.Random("safer-demo-postcodes")
    seen: set[str] = set()
    result = []
    for row, boundary in zip(rows, boundaries, strict=True):
        for i in range(PER_NEIGHBOURHOOD):
            outward = row.outward_codes[i % len(row.outward_codes)]
            while True:
                inward = f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
                if outward + inward not in seen:
                    seen.add(outward + inward)
                    break
            lat, lng = _point_inside(rng, row, boundary)
            introduced = rng.choice(["198001", "199206", "200012", "201405"])
            result.append(FixturePostcode(outward, inward, lat, lng, row.code, introduced))
    return result


def write_fixture(path: Path = POSTCODES_PATH) -> int:
    postcodes = fixture_postcodes()
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(p.onspd_row() for p in sorted(postcodes, key=lambda p: p.pcds))
    return len(postcodes)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the demo postcode fixture.")
    parser.add_argument("--out", type=Path, default=POSTCODES_PATH)
    args = parser.parse_args(argv)
    count = write_fixture(args.out)
    print(f"Wrote {count} postcodes to {args.out}")


if __name__ == "__main__":
    main()
