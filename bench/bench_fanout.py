"""Resolve and queue an alert to 1,000,000 subscribers: set-based fan-out against a naive baseline.

    python bench/bench_fanout.py --db sqlite            # a throwaway file under /tmp
    python bench/bench_fanout.py --db postgres          # database bench_alerts on 127.0.0.1
    python bench/bench_fanout.py --db postgres --subscribers 100000

Builds a force of 2 areas x 40 neighbourhoods, then N subscribers with bulk SQL (every one with email,
20% with a mobile for texts, 5% with a landline for calls, a home place, and 20% a second place),
then times an area-wide and a force-wide alert three ways in the same run: fan_out as it is for a
large alert (slices committed at once, then expanded into rows: both times printed), and the two
designs before it, `fanout.resolve_targets` + one `fanout.queue` (INSERT ... SELECT) without and with
the ON CONFLICT arbiter (each rolled back). The baseline is what per-recipient task fan-out costs: a
Python loop creating each delivery row and enqueueing one django-tasks task per recipient, measured
on a sample and extrapolated to the same number of rows.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NEIGHBOURHOODS_PER_AREA = 40


def setup_django(db: str) -> None:
    if db == "sqlite":
        path = Path("/tmp/bench_alerts.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "DROP DATABASE IF EXISTS bench_alerts WITH (FORCE)",
            ],
            check=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE bench_alerts"], check=True
        )
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bench_alerts"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safer.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_places() -> tuple[list[int], list[int]]:
    import datetime as dt

    import shapely

    from safer.places.models import Force, Neighbourhood, PolicingArea

    force, _ = Force.objects.get_or_create(slug="west-mercia", defaults={"name": "West Mercia Police"})
    areas = []
    for a in range(2):
        area = PolicingArea.objects.create(
            force=force, slug=f"area-{a}", name=f"Area {a}", effective_from=dt.date(2026, 1, 19)
        )
        areas.append(area.pk)
        for n in range(NEIGHBOURHOODS_PER_AREA):
            i = a * NEIGHBOURHOODS_PER_AREA + n
            nb = Neighbourhood(force=force, code=f"N{i}", slug=f"n-{i}", name=f"Neighbourhood {i}")
            x, y = -3.0 + (i % 10) * 0.1, 52.0 + (i // 10) * 0.1
            nb.set_boundary(shapely.box(x, y, x + 0.1, y + 0.1))
            nb.save()
            nb.areas.add(area)
    ids = list(Neighbourhood.objects.order_by("pk").values_list("pk", flat=True))
    return areas, ids


def build_subscribers(n: int, neighbourhood_ids: list[int]) -> float:
    """N subscribers, their places and subscriptions, all with INSERT ... SELECT."""
    from django.db import connection

    first_nb, count_nb = min(neighbourhood_ids), len(neighbourhood_ids)
    start = time.perf_counter()
    pg = connection.vendor == "postgresql"
    series = (
        "generate_series(1, %s) AS g(g)"
        if pg
        else "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %s)"
        " SELECT g FROM s) AS t"
    )
    mix = "(g * 2654435761 %% 4294967296)"  # a cheap hash so preferences vary
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO alerts_subscriber (id, key, email, mobile, landline, email_confirmed_at,"
            " mobile_confirmed_at,"
            " landline_confirmed_at, channels, switched_off, email_kinds, sms_kinds, voice_kinds,"
            " digest_kinds,"
            " digest_frequency, quiet_start, quiet_end, email_failures, sms_failures, voice_failures,"
            " created_at)"
            f" SELECT g, 'k' || g, 'user' || g || '@example.test',"
            " CASE WHEN g %% 5 = 0 THEN '+4477009' || (100000 + g %% 900000) ELSE '' END,"
            " CASE WHEN g %% 20 = 0 THEN '+4416329' || (100000 + g %% 900000) ELSE '' END,"
            " CURRENT_TIMESTAMP, CASE WHEN g %% 5 = 0 THEN CURRENT_TIMESTAMP END,"
            " CASE WHEN g %% 20 = 0 THEN CURRENT_TIMESTAMP END,"
            " 1 + CASE WHEN g %% 5 = 0 THEN 2 ELSE 0 END + CASE WHEN g %% 20 = 0 THEN 4 ELSE 0 END, 0,"
            f" CASE WHEN g %% 3 = 0 THEN 127 ELSE ({mix} %% 128) | 2 END,"
            f" CASE WHEN g %% 5 = 0 THEN 2 | 8 ELSE 0 END, CASE WHEN g %% 20 = 0 THEN 8 | 2 ELSE 0 END,"
            " CASE WHEN g %% 10 = 0 THEN 1 | 16 ELSE 0 END, 'daily', NULL, NULL, 0, 0, 0, CURRENT_TIMESTAMP"
            f" FROM {series}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_alertplace (id, subscriber_id, label, how, postcode, latitude, longitude,"
            " radius_m)"
            f" SELECT g, g, 'home', 'postcode', '', 52.0 + ({mix} %% 1000) / 2000.0,"
            f" -3.0 + ({mix} %% 997) / 997.0, NULL"
            f" FROM {series}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_subscription (subscriber_id, neighbourhood_id, place_id)"
            f" SELECT g, {first_nb} + ({mix} %% {count_nb}), g FROM {series}",
            [n],
        )
        # One in five also follows a second place (work) in another neighbourhood.
        c.execute(
            "INSERT INTO alerts_alertplace (id, subscriber_id, label, how, postcode, latitude, longitude,"
            " radius_m)"
            f" SELECT {n} + g, g, 'work', 'postcode', '', NULL, NULL, NULL FROM {series} WHERE g %% 5 = 1",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_subscription (subscriber_id, neighbourhood_id, place_id)"
            f" SELECT g, {first_nb} + (({mix} + 7) %% {count_nb}), {n} + g FROM {series} WHERE g %% 5 = 1",
            [n],
        )
        if pg:
            for table in ("alerts_subscriber", "alerts_alertplace"):
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
    if pg:
        # Start the timed part from a steady state: statistics current, the bulk load checkpointed.
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
            c.execute("CHECKPOINT")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return time.perf_counter() - start


def new_message(target: str, area_id: int | None = None) -> object:
    from django.contrib.auth.models import User

    from safer.alerts.models import Message, MessageStatus
    from safer.places.models import Force

    author, _ = User.objects.get_or_create(username="bench")
    message = Message.objects.create(
        force=Force.objects.get(slug="west-mercia"),
        title="Burglaries in the area",
        body="Please lock doors and windows.",
        kind="crime",
        target=target,
        author=author,
        status=MessageStatus.SCHEDULED,
    )
    if area_id is not None:
        message.target_areas.set([area_id])
    return message


def time_fanout(message: object, *, fresh: bool = True) -> tuple[float, int, float]:
    """Resolve and queue, timed to the end of the insert, then rolled back (so the two designs meet
    the same table; on PostgreSQL the dead rows are vacuumed away before the next run).
    `fresh=True` is fan_out's insert without the ON CONFLICT arbiter; False is the design before."""
    from django.db import connection, transaction

    from safer.alerts import fanout
    from safer.alerts.models import Delivery

    start = time.perf_counter()
    with transaction.atomic():
        fanout.resolve_targets(message)  # type: ignore[arg-type]
        resolved = time.perf_counter() - start
        added = fanout.queue(message, fresh=fresh)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {connection.ops.quote_name(Delivery._meta.db_table)}")
    return elapsed, added, resolved


EXPAND = """
import django, sys
django.setup()
from safer.alerts import fanout
while fanout.expand_one_slice(int(sys.argv[1])) is not None:
    pass
"""


def time_sliced(message: object, processes: int = 1) -> tuple[float, float, int, int]:
    """fan_out as it is now for a large alert, committed: seconds to the commit that queues its
    slices (the message is sending), seconds until `processes` processes (the task and delivery
    workers) have expanded every slice, the rows and the slices. The rows are then deleted and
    vacuumed away, and the message made scheduled again."""
    from django.db import connection

    from safer.alerts import fanout
    from safer.alerts.models import Delivery, Message, MessageStatus, QueueSlice

    pk = message.pk  # type: ignore[attr-defined]
    start = time.perf_counter()
    fanout.start_fan_out(pk)
    queued = time.perf_counter() - start
    if processes == 1:
        while fanout.expand_one_slice(pk) is not None:
            pass
    else:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        runs = [subprocess.Popen([sys.executable, "-c", EXPAND, str(pk)], env=env) for _ in range(processes)]
        assert all(run.wait() == 0 for run in runs)
    expanded = time.perf_counter() - start
    added = Delivery.objects.filter(message_id=pk).count()
    slices = QueueSlice.objects.filter(message_id=pk).count()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE message_id = %s", [pk])
    QueueSlice.objects.filter(message_id=pk).delete()
    Message.objects.filter(pk=pk).update(status=MessageStatus.SCHEDULED, queued=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {table}")
    return queued, expanded, added, slices


_NAIVE: dict[str, object] = {}


def naive_task() -> object:
    """The one-task-per-recipient design's task (never run here: only enqueued, as fan-out would).
    Made on first use because a task needs Django set up, which this script does itself."""
    if "task" not in _NAIVE:
        from django_tasks import task

        def deliver_one(delivery_id: int) -> None:
            return None

        deliver_one.__module__ = "bench.bench_fanout"
        deliver_one.__qualname__ = "deliver_one"
        _NAIVE["task"] = task(deliver_one)
    return _NAIVE["task"]


def __getattr__(name: str) -> object:
    if name == "deliver_one":  # django-tasks imports the task by its path
        return naive_task()
    raise AttributeError(name)


def naive_sample(message: object, sample: int) -> tuple[float, int]:
    """Per-recipient fan-out: loop over recipients in Python, one row and one task each."""
    from django.utils import timezone

    from safer.alerts.fanout import channels_for
    from safer.alerts.models import KIND_BITS, Delivery, Subscriber

    deliver_one = naive_task()
    kind = KIND_BITS[message.kind]  # type: ignore[attr-defined]
    recipients = (
        Subscriber.objects.filter(subscriptions__neighbourhood__in=message.neighbourhoods.all())  # type: ignore[attr-defined]
        .distinct()
        .order_by("pk")[:sample]
    )
    rows = 0
    start = time.perf_counter()
    for s in recipients.iterator():
        for channel in channels_for(message):  # type: ignore[arg-type]
            if s.channels & channel and s.kinds_for(channel) & kind:
                now = timezone.now()
                d = Delivery.objects.create(
                    message=message,  # type: ignore[misc]
                    subscriber=s,
                    channel=channel,
                    to_address=s.address_for(channel),
                    next_attempt_at=now,
                    created_at=now,
                )
                deliver_one.enqueue(d.pk)  # type: ignore[attr-defined]
                rows += 1
    return time.perf_counter() - start, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=2000)
    args = parser.parse_args()
    setup_django(args.db)
    from django.db import connection

    from safer.alerts.models import Delivery, Target

    areas, neighbourhoods = build_places()
    built = build_subscribers(args.subscribers, neighbourhoods)
    print(
        f"database: {connection.vendor}"
        f" {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}"  # type: ignore[attr-defined]
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}"
    )
    print(f"built {args.subscribers:,} subscribers with places and subscriptions in {built:.1f} s")

    print(f"load average before timing: {os.getloadavg()[0]:.1f}")
    area_rows, area_seconds = 0, 0.0
    for name, message in (
        ("area-wide", new_message(Target.AREAS, areas[0])),
        ("force-wide", new_message(Target.FORCE)),
    ):
        # The designs before: one insert without the arbiter, with it (before that), without again.
        for label, fresh in (
            ("one insert (before)", True),
            ("one insert with ON CONFLICT (before that)", False),
            ("one insert (before)", True),
        ):
            seconds, added, resolved = time_fanout(message, fresh=fresh)
            print(
                f"{name} alert, {label}: {added:,} delivery rows resolved and queued in {seconds:.2f} s"
                f" (resolve {resolved:.2f} s; load {os.getloadavg()[0]:.1f})"
            )
            if name == "area-wide" and fresh:
                area_rows, area_seconds = added, seconds
        for processes in (1, 2, 1, 2):
            queued, expanded, rows, slices = time_sliced(message, processes)
            print(
                f"{name} alert, in slices (fan_out now): sending with {slices} slices queued in"
                f" {queued:.2f} s; all {rows:,} rows written by {processes} process(es) in {expanded:.2f} s"
                f" (load {os.getloadavg()[0]:.1f})"
            )

    naive_message = new_message(Target.AREAS, areas[0])
    time_fanout_resolve_only(naive_message)
    naive_seconds, naive_rows = naive_sample(naive_message, args.naive_sample)
    per_row = naive_seconds / max(naive_rows, 1)
    print(
        f"naive per-recipient baseline: {naive_rows:,} rows + tasks in {naive_seconds:.2f} s"
        f" ({naive_rows / naive_seconds:,.0f} rows/s); extrapolated to the area-wide alert's"
        f" {area_rows:,} rows:"
        f" {per_row * area_rows:,.0f} s ({per_row * area_rows / area_seconds:,.0f}x slower)"
    )
    print(f"delivery rows now: {Delivery.objects.count():,}; load average after: {os.getloadavg()[0]:.1f}")


def time_fanout_resolve_only(message: object) -> None:
    from safer.alerts import fanout

    fanout.resolve_targets(message)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
