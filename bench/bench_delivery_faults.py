"""Delivery under faults: a slow relay with two workers, and a worker killed mid-batch.

    python bench/bench_delivery_faults.py --db sqlite
    python bench/bench_delivery_faults.py --db postgres --name delivery

1. Slow relay: N queued emails (a real fan-out), two `safer send-deliveries` processes with small
   batches and a short lease, an SMTP relay (aiosmtpd) that answers each email after 0.7 s, serving
   both connections at once. Each batch takes longer to send than the lease, so without a heartbeat
   the second worker would take and send rows the first is still sending. Counts emails at the
   relay, recipients reached twice, recipients never reached, and rows not 'delivered'.
2. Kill: N queued emails, two worker processes with the default lease and heartbeat (30 s / 10 s),
   each sending to its own relay; the first is killed (SIGKILL) just after its relay accepted its
   k-th email, before it could record it. Measures the time from the kill until every row the dead
   worker held has been taken by the live one, and counts lost and duplicated recipients.

Not timed assertions: the script prints figures, and exits non-zero only when a count is wrong
(a duplicate from a live worker, a lost recipient, more than one duplicate for the kill).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_delivery import build, setup_django  # noqa: E402


class Relay:
    """An SMTP relay that answers each email after `delay` seconds (connections served at once),
    remembering every accepted recipient; it can kill a process right after accepting email `kill_at`."""

    def __init__(self, delay: float, kill_at: int = 0) -> None:
        self.delay = delay
        self.kill_at = kill_at
        self.pid = 0
        self.killed_at = 0.0
        self.lock = threading.Lock()
        self.accepted: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        with self.lock:
            self.accepted.extend(envelope.rcpt_tos)
            if self.pid and not self.killed_at and len(self.accepted) == self.kill_at:
                os.kill(self.pid, signal.SIGKILL)  # before the worker reads the reply
                self.killed_at = time.monotonic()
        return "250 OK"


@contextmanager
def serving(handler: Relay) -> Iterator[int]:
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Ephemeral(Controller):
        def _trigger_server(self) -> None:
            if self.port == 0:
                assert isinstance(self.server, asyncio.Server)
                self.port = int(self.server.sockets[0].getsockname()[1])
            super()._trigger_server()

    controller = Ephemeral(handler, hostname="127.0.0.1", port=0)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def worker(url: str, port: int, batch: int, lease: int | None, loop: bool = False) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "DATABASE_URL": url,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
    }
    if lease is not None:
        env["ALERTS_LEASE_SECONDS"] = str(lease)
        env["ALERTS_HEARTBEAT_SECONDS"] = str(max(lease // 3, 1))
    mode = ["--idle-sleep", "1"] if loop else ["--until-idle"]
    command = [sys.executable, "-m", "safer", "send-deliveries", *mode, "--channel", "email"]
    return subprocess.Popen(
        [*command, "--batch-size", str(batch)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def queue(new_message: Any) -> tuple[int, set[str]]:
    from safer.alerts import fanout
    from safer.alerts.models import Delivery, Message, MessageStatus

    message = new_message()
    fanout.resolve_targets(message)
    fanout.queue(message)
    # Queued now: the live worker's housekeeping must not fan it out again as a due scheduled one.
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    addresses = set(Delivery.objects.filter(message=message).values_list("to_address", flat=True))
    return message.pk, addresses


def statuses(message_id: int) -> dict[str, int]:
    from django.db.models import Count

    from safer.alerts.models import Delivery

    found = Delivery.objects.filter(message_id=message_id).values_list("status").annotate(n=Count("id"))
    return dict(found)


def sending(message_id: int) -> set[tuple[int, str]]:
    from safer.alerts.models import Delivery

    rows = Delivery.objects.filter(message_id=message_id, status="sending")
    return set(rows.values_list("id", "claim_token"))


def tally(accepted: list[str], addresses: set[str]) -> tuple[int, int, int]:
    """Emails, recipients reached more than once (extra emails), recipients never reached."""
    counts = collections.Counter(accepted)
    return len(accepted), sum(n - 1 for n in counts.values()), len(addresses - set(counts))


def slow_relay(url: str, new_message: Any, emails: int, delay: float, batch: int, lease: int) -> bool:
    message_id, addresses = queue(new_message)
    relay = Relay(delay)
    start = time.perf_counter()
    with serving(relay) as port:
        workers = [worker(url, port, batch, lease), worker(url, port, batch, lease)]
        for w in workers:
            _, err = w.communicate()
            if w.returncode != 0:
                raise SystemExit(err.decode(errors="replace")[-2000:])
    elapsed = time.perf_counter() - start
    sent, duplicates, lost = tally(relay.accepted, addresses)
    left = statuses(message_id)
    print(
        f"slow relay ({delay} s an email), 2 workers, batches of {batch}, lease {lease} s"
        f" (batch takes {batch * delay:.1f} s): {emails} recipients, {sent} emails in {elapsed:.1f} s;"
        f" duplicates {duplicates}, lost {lost}; rows {left}"
    )
    return duplicates == 0 and lost == 0 and left == {"delivered": emails}


def kill(url: str, new_message: Any, emails: int, delay: float, kill_at: int) -> bool:
    from django.conf import settings

    message_id, addresses = queue(new_message)
    doomed_relay, live_relay = Relay(delay, kill_at=kill_at), Relay(delay)
    with serving(doomed_relay) as doomed_port, serving(live_relay) as live_port:
        doomed = worker(url, doomed_port, 50, None)
        doomed_relay.pid = doomed.pid
        live = worker(url, live_port, 10, None, loop=True)
        try:
            while not doomed_relay.killed_at:
                if doomed.poll() is not None:
                    raise SystemExit("the worker to kill finished before its kill")
                time.sleep(0.02)
            held = sending(message_id)
            time.sleep(2)  # the live worker's own batch has moved on; what is left is the dead one's
            dead = held & sending(message_id)
            while held & sending(message_id):
                time.sleep(0.05)
            retaken = time.monotonic() - doomed_relay.killed_at
            deadline = time.monotonic() + 300
            while statuses(message_id) != {"delivered": emails} and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            live.terminate()
            live.communicate(timeout=60)
            doomed.wait(timeout=60)
    sent, duplicates, lost = tally(doomed_relay.accepted + live_relay.accepted, addresses)
    print(
        f"worker killed after its relay accepted email {kill_at} (lease {settings.ALERTS_LEASE_SECONDS} s,"
        f" heartbeat {settings.ALERTS_HEARTBEAT_SECONDS} s): the dead worker held {len(dead)} rows,"
        f" retaken {retaken:.1f} s after the kill; {emails} recipients, {sent} emails;"
        f" duplicates {duplicates}, lost {lost}; rows {statuses(message_id)}"
    )
    return retaken < 60 and duplicates <= 1 and lost == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--name", default="bench_faults", help="PostgreSQL database (dropped first)")
    parser.add_argument("--slow-emails", type=int, default=120)
    parser.add_argument("--delay", type=float, default=0.7)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--lease", type=int, default=3)
    parser.add_argument("--kill-emails", type=int, default=600)
    parser.add_argument("--kill-at", type=int, default=20)
    args = parser.parse_args()

    url = setup_django(args.db, args.name)
    from django.db import connection

    new_message = build(max(args.slow_emails, args.kill_emails))
    print(
        f"database: {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}; load average before: {os.getloadavg()[0]:.1f}"
    )
    # build() puts every subscriber in one neighbourhood; each scenario sends to a subset.
    from safer.alerts.models import Subscriber

    ok = True
    Subscriber.objects.filter(pk__gt=args.slow_emails).update(channels=0)
    ok &= slow_relay(url, new_message, args.slow_emails, args.delay, args.batch, args.lease)
    Subscriber.objects.update(channels=1)
    Subscriber.objects.filter(pk__gt=args.kill_emails).update(channels=0)
    ok &= kill(url, new_message, args.kill_emails, 0.02, args.kill_at)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    if not ok:
        raise SystemExit("a count was wrong")


if __name__ == "__main__":
    main()
