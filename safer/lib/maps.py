"""Maps drawn on the server as inline SVG: one projection and one way to write shapes as path data.

No tiles, no JavaScript and no map service: a picture works offline, without JS and under a strict
CSP. The projection is equirectangular with longitude scaled by cos(latitude) at the centre of the
view, so shapes keep their real proportions at British latitudes (a degree of longitude is about
0.62 of a degree of latitude there) and a script can invert it with four numbers:
x = (lng·k − min_x)·scale, y = (max_y − lat)·scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import shapely

WIDTH = 640  # SVG user units; CSS scales the picture to the column width

Bounds = tuple[float, float, float, float]  # min_lng, min_lat, max_lng, max_lat


@dataclass(frozen=True)
class Projection:
    min_x: float  # projected units: degrees of latitude
    max_y: float
    k: float  # cos(latitude) at the centre of the view
    scale: float  # SVG units per projected unit
    width: int
    height: int
    view: Bounds  # the lng/lat rectangle the picture shows

    def point(self, lng: float, lat: float) -> tuple[float, float]:
        return (lng * self.k - self.min_x) * self.scale, (self.max_y - lat) * self.scale

    @property
    def half_pixel(self) -> float:
        """Half an SVG unit in degrees of longitude: detail finer than this cannot be seen."""
        return 0.5 / (self.scale * self.k)


def projection_for(
    bounds: Bounds,
    *,
    width: int = WIDTH,
    pad: float = 0.08,
    min_aspect: float = 0.55,
    max_aspect: float = 1.0,
) -> Projection:
    """The projection that shows `bounds` with a margin of `pad` (a share of the larger side), widened
    or heightened around its centre so height / width stays within [min_aspect, max_aspect] and an odd
    shape still gives a usable picture."""
    # Plain floats, not numpy's: the numbers end up in templates and data- attributes.
    min_lng, min_lat, max_lng, max_lat = (float(b) for b in bounds)
    k = math.cos(math.radians((min_lat + max_lat) / 2))
    x0, x1, y0, y1 = min_lng * k, max_lng * k, min_lat, max_lat
    margin = pad * max(x1 - x0, y1 - y0, 1e-4)
    x0, x1, y0, y1 = x0 - margin, x1 + margin, y0 - margin, y1 + margin
    w, h = x1 - x0, y1 - y0
    if h < w * min_aspect:
        grow = (w * min_aspect - h) / 2
        y0, y1 = y0 - grow, y1 + grow
    elif h > w * max_aspect:
        grow = (h / max_aspect - w) / 2
        x0, x1 = x0 - grow, x1 + grow
    w, h = x1 - x0, y1 - y0
    scale = width / w
    return Projection(
        min_x=x0,
        max_y=y1,
        k=k,
        scale=scale,
        width=width,
        height=round(h * scale),
        view=(x0 / k, y0, x1 / k, y1),
    )


def svg_path(geometry: shapely.Geometry, projection: Projection, *, simplify: bool = True) -> str:
    """SVG path data for every ring of every polygon in `geometry` (draw it with fill-rule="evenodd"
    so holes stay holes). Lines and points are left out; with `simplify`, detail under half a pixel
    is dropped first, which keeps large boundaries small on the page."""
    if simplify:
        geometry = shapely.simplify(geometry, projection.half_pixel, preserve_topology=True)
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


# --- Street maps: the same shapes as data for a tiled map (progressive enhancement) -------------
#
# With a tile server set (MAP_TILES_URL), `static/maps/maps.js` draws each map figure's layers over
# street tiles with Leaflet and hides the SVG; without JavaScript or without tiles the SVG stays.
# The layers travel as a JSON script block (type application/json: data, not script, so the strict
# CSP holds) named by the figure's data-sn-map attribute.

COORDINATE_DIGITS = 5  # about a metre: finer than a tile at street zoom shows


def tile_settings() -> dict[str, str] | None:
    """The tile layer for Leaflet, or None when no tile server is set (the offline demo)."""
    from django.conf import settings

    if not settings.MAP_TILES_URL:
        return None
    return {
        "url": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "max_zoom": str(settings.MAP_TILES_MAX_ZOOM),
    }


def tile_origin(url: str) -> str | None:
    """The scheme and host of a tile URL template (for the CSP's img-src), or None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    netloc = parts.netloc
    if "{" in netloc:  # a subdomain placeholder other than {s}: allow the whole domain
        netloc = "*." + netloc.split(".", 1)[1]
    return f"{parts.scheme}://{netloc}"


def geojson(geometry: shapely.Geometry, *, tolerance: float = 0.00005) -> dict[str, object]:
    """A geometry as a GeoJSON geometry object: simplified (about 5 m) and rounded to a metre, so a
    large boundary stays small on the page."""
    if tolerance:
        geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
    geometry = shapely.set_precision(geometry, 10**-COORDINATE_DIGITS)
    import json

    return dict(json.loads(shapely.to_geojson(geometry)))


def layer_bounds(bounds: Bounds) -> list[list[float]]:
    """Leaflet's [[south, west], [north, east]]."""
    min_lng, min_lat, max_lng, max_lat = (round(float(b), COORDINATE_DIGITS) for b in bounds)
    return [[min_lat, min_lng], [max_lat, max_lng]]


def csp_with_tiles(policy: dict[str, Any], url: str) -> dict[str, Any]:
    """`policy` (django-csp's CONTENT_SECURITY_POLICY) with the tile server's origin added to
    img-src, the only directive tiles need (Leaflet loads them as <img>)."""
    origin = tile_origin(url) if url else None
    if origin is None:
        return policy
    directives = dict(policy["DIRECTIVES"])
    directives["img-src"] = [*directives.get("img-src", []), origin]
    return {**policy, "DIRECTIVES": directives}
