"""The realistic data set the browser tests run against: the demo, built by the demo builder."""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from safer.demo.builder import build_demo
from safer.demo.postcodes import POSTCODES_PATH
from safer.places.locate import invalidate_index
from safer.places.models import Neighbourhood, PolicingArea, Postcode, normalise_postcode


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


# Every table's rows just after the first build_demo() of the session, restored for later tests.
_snapshot: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}


def _take_snapshot() -> None:
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchall()
            if connection.vendor == "sqlite":
                # Django's SQLite backend reads TIME columns as datetime.time but registers no
                # adapter to write them back; store them as the ISO text SQLite keeps anyway.
                rows = [tuple(v.isoformat() if isinstance(v, dt.time) else v for v in row) for row in rows]
            _snapshot[table] = ([c[0] for c in cursor.description], rows)


def _restore_snapshot() -> None:
    """Put back exactly what build_demo() made. Foreign keys are deferred until commit (Django
    creates them DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL), so order does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in _snapshot.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(quote(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
    # Raw SQL sends no signals: tell the in-process caches that the boundaries changed.
    invalidate_index()


def load_demo() -> None:
    """The demo data set: built once per test session, then restored from a snapshot (much faster
    than rebuilding, however many steps other apps add to the demo)."""
    if _snapshot:
        _restore_snapshot()
    else:
        build_demo()
        _take_snapshot()


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
