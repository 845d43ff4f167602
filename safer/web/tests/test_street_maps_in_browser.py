"""Street maps in Chromium: tiles from a local tile server with the team's boundary drawn over them
in the right place, and the labelled SVG when no tile server is set."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from playwright.sync_api import expect

from safer.conftest import axe_violations
from safer.lib.maps import csp_with_tiles
from safer.places.models import Place
from safer.testing import create_neighbourhood
from safer.web.tests.conftest import TileServer


def tile_of(lat: float, lng: float, zoom: int) -> tuple[int, int]:
    """The slippy-map tile holding a point (the OpenStreetMap formula, written independently of Leaflet)."""
    n = 2**zoom
    x = int((lng + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


@pytest.mark.django_db(transaction=True)
def test_the_team_map_shows_street_tiles_with_the_boundary_over_them_and_the_svg_without(
    page: Any, live_server: Any, tile_server: TileServer, settings: Any, tmp_path: Path
) -> None:
    box = (-2.25, 52.18, -2.19, 52.22)
    nb = create_neighbourhood(name="Claines", box=box)
    Place.objects.create(name="Fernhill Heath", latitude=52.2, longitude=-2.21, neighbourhood=nb)
    settings.MAP_TILES_URL = tile_server.url
    settings.MAP_TILES_ATTRIBUTION = "Test tiles"
    settings.CONTENT_SECURITY_POLICY = csp_with_tiles(
        django_settings.CONTENT_SECURITY_POLICY, tile_server.url
    )

    page.goto(f"{live_server.url}{nb.get_absolute_url()}")
    figure = page.locator("[data-sn-map='area-map-layers']")
    expect(figure).to_have_attribute("data-sn-map-ready", "true")
    expect(page.locator(".sn-leaflet img.leaflet-tile-loaded").first).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Test tiles")
    expect(page.locator("svg.sn-map")).to_be_hidden()

    # The tiles asked for are the ones under the team's area, at the zoom the map chose.
    zoom = page.evaluate("document.querySelector('.sn-leaflet').snMap.getZoom()")
    centre = tile_of((box[1] + box[3]) / 2, (box[0] + box[2]) / 2, zoom)
    assert f"/{zoom}/{centre[0]}/{centre[1]}.png" in tile_server.requested
    # Every tile shown came from the tile server the setting names.
    sources = page.eval_on_selector_all(".sn-leaflet img.leaflet-tile", "els => els.map(e => e.src)")
    assert sources and all(s.startswith("http://127.0.0.1:") for s in sources)

    # The boundary is drawn where its corners fall on the map, to within 2 pixels.
    drawn, expected = page.evaluate(
        """([s, w, n, e]) => {
            const box = document.querySelector('.sn-leaflet');
            const map = box.snMap;
            const outer = box.getBoundingClientRect();
            const r = box.querySelector('path.sn-leaflet__area').getBoundingClientRect();
            const sw = map.latLngToContainerPoint([s, w]), ne = map.latLngToContainerPoint([n, e]);
            return [[r.left - outer.left, r.top - outer.top, r.right - outer.left, r.bottom - outer.top],
                    [sw.x, ne.y, ne.x, sw.y]];
        }""",
        [box[1], box[0], box[3], box[2]],
    )
    # The path's box includes its 3 px stroke (1.5 px each side).
    assert all(abs(a - b) <= 2 for a, b in zip(drawn, expected, strict=True)), (drawn, expected)
    # Independently of Leaflet: the boundary is as wide, in pixels, as Web Mercator says at this zoom.
    world = 256 * 2**zoom
    width_px = (box[2] - box[0]) / 360 * world
    assert abs((expected[2] - expected[0]) - width_px) < 1
    page.screenshot(path=str(tmp_path / "street-map-1280.png"))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(tmp_path / "street-map-375.png"))

    # No tile server (the offline demo): the SVG, labelled with the places the platform holds.
    settings.MAP_TILES_URL = ""
    settings.CONTENT_SECURITY_POLICY = django_settings.CONTENT_SECURITY_POLICY
    cache.clear()  # public pages are cached whole, here and (for 30 s) in the browser: a new URL
    requests_before = len(tile_server.requested)
    page.goto(f"{live_server.url}{nb.get_absolute_url()}?offline")
    expect(page.locator("svg.sn-map")).to_be_visible()
    expect(page.locator("svg.sn-map text", has_text="Fernhill Heath")).to_be_visible()
    assert page.locator(".sn-leaflet").count() == 0
    assert len(tile_server.requested) == requests_before
    page.screenshot(path=str(tmp_path / "svg-map-375.png"))
    print(tmp_path)
