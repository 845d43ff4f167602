"""A neighbourhood's boundary and its neighbours drawn as a small inline SVG, rendered on the server
with the shared projection (safer/lib/maps.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import shapely
from django.core.cache import cache

from safer.lib.maps import Projection, geojson, layer_bounds, projection_for, svg_path, tile_settings
from safer.places.models import Neighbourhood, Place

TOUCHING_DEGREES = 0.0005  # about 50 m: boundary files have slivers and gaps between neighbours
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class MapShape:
    name: str
    slug: str
    d: str


@dataclass(frozen=True)
class MapLabel:
    """A name written on the SVG: a town or village the platform holds (with a dot) or a
    neighbouring team's area."""

    text: str
    x: float
    y: float
    kind: str  # "place" or "other"


@dataclass(frozen=True)
class BoundaryMap:
    width: int
    height: int
    boundary: str
    others: list[MapShape] = field(default_factory=list)
    # Teams whose boundary touches this one, by name, for the "neighbouring teams" links.
    neighbours: list[MapShape] = field(default_factory=list)
    labels: list[MapLabel] = field(default_factory=list)
    # The same shapes for a street map (static/maps/maps.js), when a tile server is set.
    layers: dict[str, object] = field(default_factory=dict)


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
    labels: list[MapLabel] = []
    street_layers: list[dict[str, object]] = []
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
        street_layers.append({"kind": "other", "name": other.name, "geometry": geojson(clipped)})
        if shapely.dwithin(geometry, other_geometry, TOUCHING_DEGREES):
            neighbours.append(shape)
            inside = clipped.representative_point()
            x, y = projection.point(inside.x, inside.y)
            labels.append(MapLabel(other.name, round(x, 1), round(y, 1), "other"))
    labels.extend(_place_labels(neighbourhood, projection))
    street_layers.append(
        {
            "kind": "area",
            "name": neighbourhood.name,
            "approximate": neighbourhood.boundary_is_approximate,
            "geometry": geojson(geometry),
        }
    )
    return BoundaryMap(
        width=projection.width,
        height=projection.height,
        boundary=boundary,
        others=others,
        neighbours=neighbours,
        labels=labels,
        layers={
            "title": f"Map of the {neighbourhood.name} neighbourhood",
            "tiles": None,
            "bounds": layer_bounds(geometry.bounds),
            "layers": street_layers,
        },
    )


MAX_PLACE_LABELS = 8


def _place_labels(neighbourhood: Neighbourhood, projection: Projection) -> list[MapLabel]:
    """The towns and villages of this team the platform holds, written where they are."""
    min_lng, min_lat, max_lng, max_lat = projection.view
    places = Place.objects.filter(
        neighbourhood=neighbourhood,
        longitude__range=(min_lng, max_lng),
        latitude__range=(min_lat, max_lat),
    ).order_by("name")[:MAX_PLACE_LABELS]
    labels = []
    for place in places:
        x, y = projection.point(place.longitude, place.latitude)
        labels.append(MapLabel(place.name, round(x, 1), round(y, 1), "place"))
    return labels


def cached_map(neighbourhood: Neighbourhood) -> BoundaryMap | None:
    """The map, cached per boundary version. A neighbour's change shows within CACHE_SECONDS. The
    tile server is added after the cache, so changing the setting needs no cache flush."""
    stamp = neighbourhood.boundary_updated_at.timestamp() if neighbourhood.boundary_updated_at else 0
    key = f"web:map:v2:{neighbourhood.pk}:{stamp}"
    found = cache.get(key)
    if not isinstance(found, BoundaryMap):
        found = build_map(neighbourhood)
        if found is None:
            return None
        cache.set(key, found, CACHE_SECONDS)
    return replace(found, layers={**found.layers, "tiles": tile_settings()})
