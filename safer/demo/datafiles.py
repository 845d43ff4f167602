"""Readers for the demo's data files in safer/demo/data/ (force, areas, neighbourhoods, places, names,
accounts) and the boundaries derived from them. Pure functions: no database."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from safer.demo.geometry import DATA_DIR, load_outline, voronoi_cells


@dataclass(frozen=True)
class ParishRow:
    name: str
    kind: str
    ons_code: str


@dataclass(frozen=True)
class NeighbourhoodRow:
    code: str
    name: str
    old_area: str
    new_area: str
    lat: float
    lng: float
    population: int
    outward_codes: tuple[str, ...]
    parishes: tuple[ParishRow, ...]


@dataclass(frozen=True)
class AreaRow:
    slug: str
    name: str
    description: str
    effective_from: dt.date
    effective_to: dt.date | None


@dataclass(frozen=True)
class PlaceRow:
    name: str
    county: str
    lat: float
    lng: float


def _yaml(name: str) -> Any:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_force() -> dict[str, Any]:
    return dict(_yaml("force.yaml"))


def load_areas() -> list[AreaRow]:
    return [
        AreaRow(
            slug=a["slug"],
            name=a["name"],
            description=a.get("description", ""),
            effective_from=a["effective_from"],
            effective_to=a.get("effective_to"),
        )
        for a in _yaml("areas.yaml")
    ]


@cache
def load_neighbourhoods() -> tuple[NeighbourhoodRow, ...]:
    rows = []
    for r in _csv("neighbourhoods.csv"):
        parishes = tuple(ParishRow(*item.split("|")) for item in r["parishes"].split(";") if item)
        rows.append(
            NeighbourhoodRow(
                code=r["code"],
                name=r["name"],
                old_area=r["old_area"],
                new_area=r["new_area"],
                lat=float(r["lat"]),
                lng=float(r["lng"]),
                population=int(r["population"]),
                outward_codes=tuple(r["outward_codes"].split()),
                parishes=parishes,
            )
        )
    return tuple(rows)


def load_places() -> list[PlaceRow]:
    return [PlaceRow(r["name"], r["county"], float(r["lat"]), float(r["lng"])) for r in _csv("places.csv")]


def load_names() -> tuple[list[str], list[str]]:
    names = _yaml("names.yaml")
    return list(names["given_names"]), list(names["family_names"])


def load_accounts() -> dict[str, Any]:
    return dict(_yaml("accounts.yaml"))


@cache
def demo_boundaries() -> tuple[Any, ...]:
    """Each neighbourhood's approximate boundary, in the order of `load_neighbourhoods()`."""
    rows = load_neighbourhoods()
    return tuple(voronoi_cells([(r.lng, r.lat) for r in rows], load_outline()))
