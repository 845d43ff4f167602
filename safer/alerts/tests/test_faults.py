"""Faults around the delivery worker, each counting lost and duplicated messages: a slow relay with
two workers, a relay that drops the connection mid-DATA, the database connection lost during a
send, and a provider that fails a third of the time. (A worker killed mid-batch: test_kill.py.)"""

from __future__ import annotations

import collections
import random
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from safer.alerts import fanout
from safer.alerts.channels import ChannelError, Outgoing, Result
from safer.alerts.models import Channel, Delivery, Status
from safer.alerts.tests.relays import (
    DroppingSink,
    SlowSink,
    database_url,
    relay,
    start_worker,
    worker_env,
)
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker
from safer.testing import create_neighbourhood, create_subscriber


def drain_until_settled(worker: Worker, timeout: float) -> None:
    """Run the worker until no row is waiting or sending (retries and leases take real time)."""
    deadline = time.monotonic() + timeout
    while Delivery.objects.filter(
        status__in=[Status.CREATED, Status.SENDING, Status.TEMPORARY_FAILURE]
    ).exists():
        assert time.monotonic() < deadline, dict(Delivery.objects.values_list("id", "status"))
        if not worker.drain():
            time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_a_relay_slower_than_the_lease_send_nobody_a_message_twice(tmp_path: Path) -> None:
    """Defect 4: each batch takes longer to send than the lease (10 × 0.35 s against 2 s); the
    worker with small batches keeps looking for expired leases while the other is still sending."""
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(40)]
    fanout.queue(make_message([here]))
    url, statuses = database_url(tmp_path)
    sink = SlowSink(delay=0.35)
    with relay(sink) as port:
        env = worker_env(url, port, lease_seconds=2)
        workers = [start_worker(env, 10), start_worker(env, 3)]
        outputs = [w.communicate(timeout=120)[0].decode(errors="replace") for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs

    assert sink.duplicates() == {}
    assert sorted(sink.recipients()) == sorted(p.email for p in people)
    assert statuses() == {"delivered": 40}


@pytest.mark.django_db
def test_a_relay_dropping_the_connection_mid_data_loses_nothing_and_counts_nothing_twice(
    settings: Any, fast_retries: None
) -> None:
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(12)]
    fanout.queue(make_message([here]))
    sink = DroppingSink(drop_at={3, 8})
    with relay(sink) as port:
        settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
        worker = Worker(channels=[Channel.EMAIL], batch_size=5)
        drain_until_settled(worker, timeout=30)
        worker.close()

    assert sink.dropped == 2
    counts = collections.Counter(sink.recipients())
    assert set(counts) == {p.email for p in people} and set(counts.values()) == {1}
    rows = Delivery.objects.all()
    assert {r.status for r in rows} == {Status.DELIVERED} and len(rows) == 12
    assert sum(r.attempts for r in rows) >= 12 + 2  # the dropped ones went again
    assert {r.error for r in rows} == {""}


def connection_cutter() -> tuple[Callable[[], None], Any]:
    """A function that cuts the worker's database connection under it, and what must be installed
    around the worker for that (PostgreSQL: the server ends the worker's session, as a restart
    would; SQLite, which has no server: the next status write fails as a lost connection's would)."""
    if connection.vendor == "postgresql":
        import psycopg

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        s = connection.settings_dict
        conninfo = psycopg.conninfo.make_conninfo(
            host=s["HOST"] or "127.0.0.1",
            port=s["PORT"] or 5432,
            user=s["USER"],
            password=s["PASSWORD"],
            dbname=s["NAME"],
        )

        def terminate() -> None:
            with psycopg.connect(conninfo, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])

        return terminate, connection.execute_wrapper(lambda execute, *args: execute(*args))

    armed = {"now": False}

    def fail_next_status_write(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if armed["now"] and params and params[0] == Status.DELIVERED:
            armed["now"] = False
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    return lambda: armed.update(now=True), connection.execute_wrapper(fail_next_status_write)


@pytest.mark.django_db(transaction=True)
def test_the_database_connection_lost_during_a_send_loses_and_doubles_nothing(
    settings: Any, fast_retries: None
) -> None:
    settings.ALERTS_LEASE_SECONDS = 1
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(20)]
    fanout.queue(make_message([here]))
    cut, installed = connection_cutter()
    sink = SlowSink()
    sink.hook_at, sink.hook = 5, cut  # while message 5 waits for its reply
    with relay(sink) as port, installed:
        settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
        worker = Worker(channels=[Channel.EMAIL], batch_size=8)
        drain_until_settled(worker, timeout=30)
        worker.close()

    counts = collections.Counter(sink.recipients())
    assert set(counts) == {p.email for p in people}
    assert [a for a, n in counts.items() if n > 1] == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.DELIVERED}


class FlakyTimedSender:
    """Fails a third of the time, temporarily; remembers when each address was tried."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.tries: dict[str, list[float]] = collections.defaultdict(list)
        self.delivered: list[str] = []

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for item in batch:
            self.tries[item.to].append(time.monotonic())
            if self.random.random() < 1 / 3:
                yield Result(key=item.key, error=ChannelError("flaky-503", permanent=False))
            else:
                self.delivered.append(item.to)
                yield Result(key=item.key)

    def close(self) -> None:
        pass


@pytest.mark.django_db
def test_a_provider_failing_a_third_of_the_time_delivers_everything_once_with_back_off(settings: Any) -> None:
    settings.ALERTS_RETRY_BASE_SECONDS = 0.05
    settings.ALERTS_RETRY_MAX_SECONDS = 5
    here = create_neighbourhood()
    people = [create_subscriber([here]) for _ in range(60)]
    fanout.queue(make_message([here]))
    flaky = FlakyTimedSender(seed=8)
    worker = Worker(senders={Channel.EMAIL: flaky}, channels=[Channel.EMAIL], batch_size=10)
    drain_until_settled(worker, timeout=60)

    assert sorted(flaky.delivered) == sorted(p.email for p in people)  # each exactly once
    retried = {address: times for address, times in flaky.tries.items() if len(times) > 1}
    assert retried and max(len(times) for times in retried.values()) >= 3
    for times in retried.values():
        for attempt, (before, after) in enumerate(zip(times, times[1:], strict=False), start=1):
            # back-off: base × 2^(attempt−1), less at most 20 % jitter
            assert after - before >= 0.05 * 2 ** (attempt - 1) * 0.8 - 0.01
    rows = Delivery.objects.all()
    assert {r.status for r in rows} == {Status.DELIVERED} and {r.error for r in rows} == {""}
    assert all(r.delivered_at and r.delivered_at <= timezone.now() for r in rows)
