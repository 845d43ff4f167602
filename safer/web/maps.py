"""A neighbourhood's boundary and its neighbours drawn as a small inline SVG, rendered on the server
with the shared projection (safer/lib/maps.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from django.core.cache import cache

from safer.lib.maps import projection_for, svg_path
from safer.places.models import Neighbourhood

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
    projection = projection_for(geometry.bounds)
    view = projection.view
    boundary = svg_path(geometry, projection)
    others: list[MapShape] = []
    neighbours: list[MapShape] = []
    for other in _candidates(neighbourhood, view):
        other_geometry = other.boundary
        if other_geometry is None or not shapely.intersects(other_geometry, shapely.box(*view)):
            continue
        clipped = shapely.clip_by_rect(other_geometry, *view)
        d = svg_path(clipped, projection)
        if not d:
            continue
        shape = MapShape(name=other.name, slug=other.slug, d=d)
        others.append(shape)
        if shapely.dwithin(geometry, other_geometry, TOUCHING_DEGREES):
            neighbours.append(shape)
    return BoundaryMap(
        width=projection.width,
        height=projection.height,
        boundary=boundary,
        others=others,
        neighbours=neighbours,
    )


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
