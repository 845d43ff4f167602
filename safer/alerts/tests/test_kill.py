"""A worker killed mid-send (SIGKILL, no chance to clean up) and restarted: every recipient gets
exactly one email at a real SMTP server."""

from __future__ import annotations

import collections
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.db import connection

from safer.alerts import fanout
from safer.alerts.models import Delivery
from safer.alerts.tests.conftest import Sink, free_port
from safer.alerts.tests.test_fanout import make_message
from safer.testing import create_neighbourhood, create_subscriber

ROOT = Path(django_settings.BASE_DIR)


class KillingSink(Sink):
    """Kills the worker process while it waits for the reply to message number `kill_at`: that
    message is refused (never accepted), so the worker dies mid-send, mid-batch."""

    def __init__(self, kill_at: int) -> None:
        super().__init__()
        self.kill_at = kill_at
        self.pid: int | None = None
        self.killed = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.pid and not self.killed and len(self.received) + 1 == self.kill_at:
                os.kill(self.pid, signal.SIGKILL)
                self.killed = True
                return "451 Try again later"
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


def database_url(tmp_path: Path) -> tuple[str, Any]:
    """A URL the worker process can open holding this test's data, and a function to read it back."""
    if connection.vendor == "sqlite":
        path = tmp_path / "kill.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def statuses() -> dict[str, int]:
            with sqlite3.connect(path) as db:
                return dict(
                    db.execute("SELECT status, COUNT(*) FROM alerts_delivery GROUP BY status").fetchall()
                )

        return f"sqlite:///{path}", statuses
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def pg_statuses() -> dict[str, int]:
        return dict(
            Delivery.objects.values_list("status").annotate(n=__import__("django").db.models.Count("id"))
        )

    return url, pg_statuses


def run_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safer",
            "send-deliveries",
            "--until-idle",
            "--batch-size",
            "10",
            "--channel",
            "email",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_and_restarted_delivers_to_everyone_exactly_once(tmp_path: Path) -> None:
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(40)]
    fanout.queue(make_message([here]))
    url, statuses = database_url(tmp_path)

    sink = KillingSink(kill_at=17)
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "ALERTS_LEASE_SECONDS": "1",
    }
    try:
        first = run_worker(env)
        sink.pid = first.pid
        output = first.communicate(timeout=120)[0].decode(errors="replace")
        assert first.returncode == -signal.SIGKILL, output
        assert len(sink.received) == 16  # messages 1-16 accepted; 17 was in flight
        left = statuses()
        assert left.get("delivered") == 16 and left.get("sending", 0) > 0  # the rest of its batch was leased

        time.sleep(1.5)  # the dead worker's lease runs out
        second = run_worker(env)
        output = second.communicate(timeout=120)[0].decode(errors="replace")
        assert second.returncode == 0, output
    finally:
        controller.stop()

    counts = collections.Counter(sink.recipients())
    assert set(counts) == {p.email for p in people}
    assert set(counts.values()) == {1}, [a for a, n in counts.items() if n > 1]
    assert statuses() == {"delivered": 40}
