"""The realistic data set the browser tests run against: the demo, built by the demo builder."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from safer.demo.postcodes import POSTCODES_PATH
from safer.places.models import Neighbourhood, PolicingArea, Postcode, normalise_postcode
from safer.testing import load_demo


@dataclass(frozen=True)
class SiteData:
    """What the demo made that the tests need to name: build URLs from these."""

    postcode: str  # as written in the fixture file, e.g. "WR14 2QD"
    latitude: float  # the postcode's point, from the same file
    longitude: float
    neighbourhood: Neighbourhood  # the postcode's team
    area: PolicingArea  # a current local policing area
    former_area: PolicingArea  # one replaced in the January 2026 change


def fixture_postcodes() -> list[dict[str, str]]:
    with POSTCODES_PATH.open(newline="") as f:
        return [row for row in csv.DictReader(f) if not row.get("doterm")]


def site_data() -> SiteData:
    """Load the demo and pick a postcode from the fixture file whose team is known."""
    load_demo()
    for row in fixture_postcodes():
        found = Postcode.objects.filter(postcode=normalise_postcode(row["pcds"])).first()
        if found is not None and found.neighbourhood is not None:
            break
    else:
        raise AssertionError("no postcode in the fixture file resolves to a demo neighbourhood")
    nb = found.neighbourhood
    areas = PolicingArea.objects.all()
    today = timezone.localdate()
    return SiteData(
        postcode=row["pcds"],
        latitude=float(row["lat"]),
        longitude=float(row["long"]),
        neighbourhood=nb,
        area=next(a for a in areas if a.is_current(today)),
        former_area=next(a for a in areas if a.effective_to is not None and a.effective_to < today),
    )


@pytest.fixture
def demo(transactional_db: Any) -> SiteData:
    """The demo data. Browser tests need `transactional_db` (the live server runs in another
    thread), which empties the database after each test, so the data is restored for each test."""
    return site_data()


@pytest.fixture(scope="module")
def site_demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SiteData]:
    """The demo data committed once for a whole module whose browser tests only read it (with
    `site_server`), emptied when the module ends. `demo` with `live_server` restores the data and
    empties every table around each test instead: 8-15 s a test on PostgreSQL. What a test here
    writes (a session, a sign-up) stays until the module ends, so such tests must not depend on
    one another's writes."""
    from django.core.management import call_command

    from safer.places.locate import invalidate_index

    with django_db_blocker.unblock():
        try:
            yield site_data()
        finally:
            # Sequences are left where they are, as a transactional test's flush leaves them.
            call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
            invalidate_index()


@pytest.fixture(scope="module")
def site_server(site_demo: SiteData, django_db_blocker: Any) -> Iterator[Any]:
    """A live server for the module, on the committed demo data of `site_demo`. (pytest-django's
    `live_server` makes every test that uses it a transactional one, flushed afterwards.)"""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()


# A local tile server for the street-map browser tests.


def tile_png() -> bytes:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (256, 256), (238, 236, 230))
    ImageDraw.Draw(picture).line([(0, 128), (256, 128)], fill=(255, 255, 255), width=6)  # a "street"
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


class TileServer:
    """A tiny threaded HTTP server answering /{z}/{x}/{y}.png with one PNG and noting each request."""

    def __init__(self) -> None:
        png = tile_png()
        requested: list[str] = []
        self.requested = requested

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                requested.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"


@pytest.fixture
def tile_server() -> Iterator[TileServer]:
    server = TileServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
