"""The map on the compose page: every neighbourhood in the author's scope, as an inline SVG drawn on
the server with the shared projection (safer/lib/maps.py). `static/alerts/draw.js` lets staff
draw a circle or a shape on it and writes the result into the typed fields, which stay the source of
truth; the projection's numbers go in data- attributes so the script can turn a click back into a
latitude and longitude. No tiles and no network: it works offline and under the strict CSP."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import shapely
from django.core.cache import cache
from django.db.models import QuerySet

from safer.alerts.models import Message
from safer.lib.maps import geojson, layer_bounds, projection_for, svg_path, tile_settings
from safer.places.models import Neighbourhood

CACHE_SECONDS = 3600
MAX_LABELS = 15  # beyond this the names overlap; the text alternative still lists every one
MAX_NAMES_IN_TEXT = 40


@dataclass(frozen=True)
class Shape:
    name: str
    d: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class ScopeMap:
    width: int
    height: int
    shapes: list[Shape]
    # The projection: x = (lng * k - min_x) * scale, y = (max_y - lat) * scale.
    min_x: float
    max_y: float
    k: float
    scale: float
    show_labels: bool

    @property
    def names(self) -> str:
        """The neighbourhoods shown, for the text alternative."""
        names = [s.name for s in self.shapes]
        if len(names) > MAX_NAMES_IN_TEXT:
            return f"{', '.join(names[:MAX_NAMES_IN_TEXT])} and {len(names) - MAX_NAMES_IN_TEXT} more"
        return ", ".join(names)


def build(neighbourhoods: list[Neighbourhood]) -> ScopeMap | None:
    geometries: list[tuple[str, shapely.Geometry]] = []
    for nb in neighbourhoods:
        boundary = nb.boundary
        if boundary is not None and not boundary.is_empty:
            geometries.append((nb.name, boundary))
    if not geometries:
        return None
    projection = projection_for(shapely.total_bounds([g for _, g in geometries]))
    shapes = []
    for name, geometry in geometries:
        d = svg_path(geometry, projection)
        if d:
            point = geometry.representative_point()
            x, y = projection.point(point.x, point.y)
            shapes.append(Shape(name=name, d=d, label_x=round(x, 1), label_y=round(y, 1)))
    if not shapes:
        return None
    return ScopeMap(
        width=projection.width,
        height=projection.height,
        shapes=shapes,
        min_x=projection.min_x,
        max_y=projection.max_y,
        k=projection.k,
        scale=projection.scale,
        show_labels=len(shapes) <= MAX_LABELS,
    )


def scope_map(scope: QuerySet[Neighbourhood]) -> ScopeMap | None:
    """The map for these neighbourhoods, cached per set of neighbourhoods and boundary versions."""
    with_boundary = scope.filter(boundary_wkb__isnull=False).order_by("name", "pk")
    stamps = list(with_boundary.values_list("pk", "boundary_updated_at"))
    if not stamps:
        return None
    digest = hashlib.sha256(repr(stamps).encode()).hexdigest()[:32]
    key = f"alerts:drawmap:v1:{digest}"
    found = cache.get(key)
    if isinstance(found, ScopeMap):
        return found
    built = build(list(with_boundary.only("id", "name", "boundary_wkb")))
    if built is not None:
        cache.set(key, built, CACHE_SECONDS)
    return built


@dataclass(frozen=True)
class TargetMap:
    """A drawn message's circle or shape over the neighbourhoods it touches: an SVG, and the same
    as layers for a street map (static/maps/maps.js) when a tile server is set."""

    width: int
    height: int
    shapes: list[Shape]
    target: str
    layers: dict[str, object]


def target_map(message: Message) -> TargetMap | None:
    geometry = message.geometry
    if geometry is None or geometry.is_empty:
        return None
    neighbourhoods = [
        nb
        for nb in message.neighbourhoods.filter(boundary_wkb__isnull=False).only(
            "id", "name", "boundary_wkb"
        )[:MAX_NAMES_IN_TEXT]
        if nb.boundary is not None
    ]
    view = shapely.total_bounds([geometry, *[nb.boundary for nb in neighbourhoods]])
    projection = projection_for(view)
    shapes = []
    layers: list[dict[str, object]] = []
    for nb in neighbourhoods:
        boundary = nb.boundary
        assert boundary is not None  # filtered above
        d = svg_path(boundary, projection)
        if d:
            point = boundary.representative_point()
            x, y = projection.point(point.x, point.y)
            shapes.append(Shape(name=nb.name, d=d, label_x=round(x, 1), label_y=round(y, 1)))
            layers.append({"kind": "other", "name": nb.name, "geometry": geojson(boundary)})
    layers.append({"kind": "target", "name": message.title, "geometry": geojson(geometry, tolerance=0)})
    return TargetMap(
        width=projection.width,
        height=projection.height,
        shapes=shapes,
        target=svg_path(geometry, projection, simplify=False),
        layers={
            "title": f"Map of where “{message.title}” goes",
            "tiles": tile_settings(),
            "bounds": layer_bounds(geometry.bounds),
            "layers": layers,
        },
    )
