"""Misbehaving SMTP relays and real worker processes, for the fault tests.

The relays are aiosmtpd servers bound to 127.0.0.1 port 0 (the kernel picks a free port, so
parallel runs never collide). Worker processes are real `safer send-deliveries` subprocesses on a
copy of the test database (SQLite) or the test database itself (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import collections
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection
from django.db.models import Count

from safer.alerts.models import Delivery
from safer.alerts.tests.conftest import Sink

ROOT = Path(django_settings.BASE_DIR)


class EphemeralController(Controller):
    """aiosmtpd's Controller on the port the kernel chose for port 0."""

    def _trigger_server(self) -> None:
        if self.port == 0:
            assert isinstance(self.server, asyncio.Server)
            self.port = int(self.server.sockets[0].getsockname()[1])
        super()._trigger_server()


class SlowSink(Sink):
    """Answers each message after `delay` seconds, serving every connection at once (as a busy
    relay does), and can run a callback just before it answers message number `hook_at`."""

    def __init__(self, delay: float = 0.0) -> None:
        super().__init__()
        self.delay = delay
        self.hook_at = 0
        self.hook: Callable[[], None] | None = None
        self.seen = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.seen += 1
            run_hook = self.hook is not None and self.seen == self.hook_at
        if run_hook:
            assert self.hook is not None
            await asyncio.get_running_loop().run_in_executor(None, self.hook)
        return await super().handle_DATA(server, session, envelope)

    def duplicates(self) -> dict[str, int]:
        return {address: n for address, n in collections.Counter(self.recipients()).items() if n > 1}


class DroppingSink(Sink):
    """Drops the connection in the middle of the DATA exchange (the message has arrived, no reply
    is ever sent) for the messages numbered in `drop_at`, keeping nothing of them."""

    def __init__(self, drop_at: set[int]) -> None:
        super().__init__()
        self.drop_at = drop_at
        self.seen = 0
        self.dropped = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.seen += 1
            drop = self.seen in self.drop_at
        if drop:
            self.dropped += 1
            server.transport.abort()
            return "421 dropped"  # never reaches the client: the transport is gone
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def relay(handler: Any) -> Iterator[int]:
    """Run `handler` as an SMTP server on 127.0.0.1; yields its port."""
    controller = EphemeralController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def database_url(tmp_path: Path) -> tuple[str, Callable[[], dict[str, int]]]:
    """A URL a worker process can open holding this test's data (a file copy of SQLite's in-memory
    test database, or PostgreSQL's test database), and a function counting rows by status."""
    if connection.vendor == "sqlite":
        path = tmp_path / "workers.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def statuses() -> dict[str, int]:
            with sqlite3.connect(path, timeout=30) as db:
                found = db.execute("SELECT status, COUNT(*) FROM alerts_delivery GROUP BY status")
                return dict(found.fetchall())

        return f"sqlite:///{path}", statuses
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def pg_statuses() -> dict[str, int]:
        return dict(Delivery.objects.values_list("status").annotate(n=Count("id")))

    return url, pg_statuses


def sending_rows(url: str) -> dict[int, str]:
    """Rows now 'sending' and their claim tokens, read through a connection of our own."""
    query = "SELECT id, claim_token FROM alerts_delivery WHERE status = 'sending'"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            return dict(db.execute(query).fetchall())
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def worker_env(url: str, port: int, lease_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "ALERTS_LEASE_SECONDS": str(lease_seconds),
    }


def start_worker(env: dict[str, str], batch_size: int, *extra: str) -> subprocess.Popen[bytes]:
    """A real `safer send-deliveries` process for email (`--until-idle` unless `extra` says
    otherwise)."""
    args = extra or ("--until-idle",)
    return subprocess.Popen(
        [sys.executable, "-m", "safer", "send-deliveries", *args, "--batch-size", str(batch_size)]
        + ["--channel", "email"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_until(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> float:
    """Seconds until `condition()` held (raises after `timeout`)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(step)
    return time.monotonic() - start
