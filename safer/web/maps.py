"""A neighbourhood's boundary drawn as a small inline SVG, rendered on the server.

No tiles, no JavaScript and no third-party map service: the page works offline, without JS and
under a strict CSP. Longitude is scaled by cos(latitude) so shapes keep their real proportions
at British latitudes (a degree of longitude is about 0.62 of a degree of latitude there).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import shapely
from django.core.cache import cache

from safer.places.models import Neighbourhood

WIDTH = 640  # SVG user units; the CSS scales the picture to the column width
MIN_ASPECT, MAX_ASPECT = 0.55, 1.0  # height / width, so odd shapes still give a usable picture
PAD = 0.08  # margin around the boundary, as a share of its larger side
TOUCHING_DEGREES = 0.0005  # about 50 m: boundary files have slivers and gaps between neighbours
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class MapShape:
    name: str
    slug: str
    d: str


@dataclass(frozen=True)
class BoundaryMap:
    width: int
    height: int
    boundary: str
    others: list[MapShape] = field(default_factory=list)
    # Teams whose boundary touches this one, by name, for the "neighbouring teams" links.
    neighbours: list[MapShape] = field(default_factory=list)


@dataclass(frozen=True)
class _Projection:
    min_x: float  # projected units: degrees of latitude
    max_y: float
    k: float  # cos(latitude) at the centre of the view
    scale: float

    def point(self, lng: float, lat: float) -> tuple[float, float]:
        return (lng * self.k - self.min_x) * self.scale, (self.max_y - lat) * self.scale


def _view(geometry: shapely.Geometry) -> tuple[_Projection, int, tuple[float, float, float, float]]:
    """The projection, the picture's height, and the (lng/lat) rectangle the picture shows."""
    min_lng, min_lat, max_lng, max_lat = geometry.bounds
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    x0, x1, y0, y1 = min_lng * k, max_lng * k, min_lat, max_lat
    pad = PAD * max(x1 - x0, y1 - y0, 1e-4)
    x0, x1, y0, y1 = x0 - pad, x1 + pad, y0 - pad, y1 + pad
    w, h = x1 - x0, y1 - y0
    # Widen or heighten the view around its centre so the picture is never a sliver.
    if h < w * MIN_ASPECT:
        grow = (w * MIN_ASPECT - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif h > w * MAX_ASPECT:
        grow = (h / MAX_ASPECT - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    w, h = x1 - x0, y1 - y0
    scale = WIDTH / w
    projection = _Projection(min_x=x0, max_y=y1, k=k, scale=scale)
    return projection, round(h * scale), (x0 / k, y0, x1 / k, y1)


def _path(geometry: shapely.Geometry, projection: _Projection) -> str:
    """SVG path data for every ring of every polygon (holes drawn with the even-odd rule)."""
    parts: list[str] = []
    for polygon in shapely.get_parts(geometry):
        if not isinstance(polygon, shapely.Polygon) or polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [projection.point(x, y) for x, y in ring.coords[:-1]]
            if len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


def _candidates(neighbourhood: Neighbourhood, view: tuple[float, float, float, float]) -> list[Neighbourhood]:
    """Other teams whose centre lies near the view: one query, boundaries only."""
    min_lng, min_lat, max_lng, max_lat = view
    # A large rural neighbourhood can reach into the view from far away, so look well beyond it.
    reach_lng = max(max_lng - min_lng, 0.4)
    reach_lat = max(max_lat - min_lat, 0.25)
    return list(
        Neighbourhood.objects.filter(
            force_id=neighbourhood.force_id,
            centre_lng__range=(min_lng - reach_lng, max_lng + reach_lng),
            centre_lat__range=(min_lat - reach_lat, max_lat + reach_lat),
            boundary_wkb__isnull=False,
        )
        .exclude(pk=neighbourhood.pk)
        .only("id", "name", "slug", "boundary_wkb")
        .order_by("name")
    )


def build_map(neighbourhood: Neighbourhood) -> BoundaryMap | None:
    geometry = neighbourhood.boundary
    if geometry is None or geometry.is_empty:
        return None
    projection, height, view = _view(geometry)
    tolerance = (view[2] - view[0]) / WIDTH / 2  # half a pixel, in degrees of longitude
    boundary = _path(shapely.simplify(geometry, tolerance, preserve_topology=True), projection)
    others: list[MapShape] = []
    neighbours: list[MapShape] = []
    for other in _candidates(neighbourhood, view):
        other_geometry = other.boundary
        if other_geometry is None or not shapely.intersects(other_geometry, shapely.box(*view)):
            continue
        clipped = shapely.clip_by_rect(other_geometry, *view)
        d = _path(shapely.simplify(clipped, tolerance, preserve_topology=True), projection)
        if not d:
            continue
        shape = MapShape(name=other.name, slug=other.slug, d=d)
        others.append(shape)
        if shapely.dwithin(geometry, other_geometry, TOUCHING_DEGREES):
            neighbours.append(shape)
    return BoundaryMap(width=WIDTH, height=height, boundary=boundary, others=others, neighbours=neighbours)


def cached_map(neighbourhood: Neighbourhood) -> BoundaryMap | None:
    """The map, cached per boundary version. A neighbour's change shows within CACHE_SECONDS."""
    stamp = neighbourhood.boundary_updated_at.timestamp() if neighbourhood.boundary_updated_at else 0
    key = f"web:map:v1:{neighbourhood.pk}:{stamp}"
    found = cache.get(key)
    if isinstance(found, BoundaryMap):
        return found
    built = build_map(neighbourhood)
    if built is not None:
        cache.set(key, built, CACHE_SECONDS)
    return built
