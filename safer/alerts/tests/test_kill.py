"""A worker killed mid-send (SIGKILL, no chance to clean up): its rows are retaken, by the same
worker restarted or by another one still running, and every recipient gets their email at a real
SMTP server: 0 lost, at most one duplicate per kill."""

from __future__ import annotations

import collections
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from safer.alerts import fanout
from safer.alerts.tests.conftest import Sink
from safer.alerts.tests.relays import (
    SlowSink,
    database_url,
    relay,
    sending_rows,
    start_worker,
    wait_until,
    worker_env,
)
from safer.alerts.tests.test_fanout import make_message
from safer.testing import create_neighbourhood, create_subscriber


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


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_and_restarted_delivers_to_everyone_exactly_once(tmp_path: Path) -> None:
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(40)]
    fanout.queue(make_message([here]))
    url, statuses = database_url(tmp_path)

    sink = KillingSink(kill_at=17)
    with relay(sink) as port:
        env = worker_env(url, port, lease_seconds=1)
        first = start_worker(env, 10)
        sink.pid = first.pid
        output = first.communicate(timeout=120)[0].decode(errors="replace")
        assert first.returncode == -signal.SIGKILL, output
        assert len(sink.received) == 16  # messages 1-16 accepted; 17 was in flight
        left = statuses()
        assert left.get("delivered") == 16 and left.get("sending", 0) > 0  # the rest of its batch was leased

        time.sleep(1.5)  # the dead worker's lease runs out
        second = start_worker(env, 10)
        output = second.communicate(timeout=120)[0].decode(errors="replace")
        assert second.returncode == 0, output

    counts = collections.Counter(sink.recipients())
    assert set(counts) == {p.email for p in people}
    assert set(counts.values()) == {1}, [a for a, n in counts.items() if n > 1]
    assert statuses() == {"delivered": 40}


class AcceptThenKillSink(SlowSink):
    """Accepts message number `kill_at` and kills the worker before it can read the reply: the
    worker's one unrecorded send, which will go again (the one duplicate a kill may cost)."""

    def __init__(self, kill_at: int, delay: float) -> None:
        super().__init__(delay=delay)
        self.kill_at = kill_at
        self.pid: int | None = None
        self.killed_at = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        with self.lock:
            if self.pid and not self.killed_at and len(self.received) == self.kill_at:
                os.kill(self.pid, signal.SIGKILL)
                self.killed_at = time.monotonic()
        return reply


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_rows_are_retaken_by_a_live_worker_within_the_lease(tmp_path: Path) -> None:
    """Defect 5 and the kill fault: two workers, one killed mid-batch; the other takes its rows
    once the dead worker's heartbeat has stopped for a lease, and nobody is lost."""
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(40)]
    fanout.queue(make_message([here]))
    url, statuses = database_url(tmp_path)
    doomed_sink, live_sink = AcceptThenKillSink(kill_at=4, delay=0.1), SlowSink(delay=0.1)
    lease = 2
    # The live worker's first accepted email: it is up and claiming (on a loaded machine it may
    # start after the kill, and the lease is only counted from when it can act).
    live_up: list[float] = []
    live_sink.hook_at, live_sink.hook = 1, lambda: live_up.append(time.monotonic())
    with relay(doomed_sink) as doomed_port, relay(live_sink) as live_port:
        doomed = start_worker(worker_env(url, doomed_port, lease), 10)
        doomed_sink.pid = doomed.pid
        # The doomed worker claims its batch first; a live worker starting sooner could send all
        # forty before the doomed one claimed any, and there would be nothing to kill.
        wait_until(lambda: doomed_sink.seen >= 1 or bool(doomed_sink.killed_at), timeout=60)
        live = start_worker(worker_env(url, live_port, lease), 3, "--idle-sleep", "0.1")
        try:
            wait_until(lambda: bool(doomed_sink.killed_at), timeout=60)
            held = sending_rows(url)  # the dead worker's claim, and the live one's batch
            wait_until(lambda: not set(held.items()) & set(sending_rows(url).items()), timeout=lease + 30)
            retaken_at = time.monotonic()
            wait_until(lambda: bool(live_up), timeout=60)
            retaken = retaken_at - max(doomed_sink.killed_at, live_up[0])
            wait_until(lambda: statuses() == {"delivered": 40}, timeout=60)
        finally:
            live.terminate()
            output = live.communicate(timeout=30)[0].decode(errors="replace")
            doomed.wait(timeout=30)
    assert doomed.returncode == -signal.SIGKILL
    assert live.returncode == 0, output

    counts = collections.Counter(doomed_sink.recipients() + live_sink.recipients())
    assert set(counts) == {p.email for p in people}  # 0 lost
    assert sum(n - 1 for n in counts.values()) <= 1  # at most one duplicate for one kill
    assert retaken < lease + 3
