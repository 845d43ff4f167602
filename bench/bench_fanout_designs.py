"""Issue 13 item 2: each way of writing a large alert's delivery rows on PostgreSQL, measured against
today's, on the same alert in the same run, each rolled back.

    .venv/bin/python bench/bench_fanout_designs.py                 # bench_national's database
    .venv/bin/python bench/bench_fanout_designs.py --database-url postgres://postgres@127.0.0.1:5432/bench_alerts

It needs a database an earlier bench built (bench_national.py, or bench_fanout.py --db postgres
before it drops it) and chooses the alert as bench_national does (about a tenth of the
subscribers). The rows are the ones `fanout.queue` writes: its INSERT ... SELECT is captured, not
copied, and then run as each design would:

  insert          today's fan_out insert (`fresh`: no ON CONFLICT arbiter), every index in place
  on-conflict     the design before, with `ON CONFLICT (message, subscriber, channel) DO NOTHING`
  copy            COPY (SELECT ...) TO STDOUT, streamed back with COPY alerts_delivery FROM STDIN
  unlogged        INSERT ... SELECT into an UNLOGGED staging table with no index (timed), then
                  INSERT INTO alerts_delivery SELECT * FROM it (the total is what counts)
  floor           INSERT ... SELECT into a plain table with the delivery table's columns and no index:
                  what any design that keeps the rows in a table must at least pay

Each design runs --runs times in turn, in a transaction rolled back, the table vacuumed after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_page  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_national"


def captured_insert(message: Any) -> tuple[str, list[Any]]:
    """The SQL and parameters `fanout.queue(message, fresh=True)` runs, without running it."""
    from django.db import connection

    from safer.alerts import fanout

    seen: list[tuple[str, list[Any]]] = []

    def capture(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.startswith("INSERT INTO"):
            seen.append((sql, list(params)))
            return None
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        fanout.queue(message, fresh=True)
    (statement,) = seen
    return statement


def timed(run: Callable[[Any], int]) -> tuple[float, int]:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            started = time.perf_counter()
            rows = run(cursor)
            took = time.perf_counter() - started
        transaction.set_rollback(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM alerts_delivery")
    return took, rows


def designs(sql: str, params: list[Any]) -> dict[str, Callable[[Any], int]]:
    head = sql[: sql.index("(")]  # INSERT INTO "alerts_delivery" (quoted by Django)

    def into(table: str) -> str:
        return sql.replace(head, f"INSERT INTO {table} ", 1)

    columns_start = sql.index("(")
    select = sql[sql.index(" SELECT ") + 1 :]
    columns = sql[columns_start : sql.index(")") + 1]

    def insert(cursor: Any) -> int:
        cursor.execute(sql, params)
        return int(cursor.rowcount)

    def on_conflict(cursor: Any) -> int:
        cursor.execute(sql + " ON CONFLICT (message_id, subscriber_id, channel) DO NOTHING", params)
        return int(cursor.rowcount)

    def copy(cursor: Any) -> int:
        raw = cursor.cursor
        chunks: list[bytes] = []
        with raw.copy(raw.mogrify(f"COPY ({select}) TO STDOUT", params)) as out:
            chunks.extend(bytes(chunk) for chunk in out)
        with raw.copy(f"COPY alerts_delivery {columns} FROM STDIN") as into:
            for chunk in chunks:
                into.write(chunk)
        return int(sum(chunk.count(b"\n") for chunk in chunks))

    def unlogged(cursor: Any) -> int:
        cursor.execute("CREATE UNLOGGED TABLE bench_staging AS SELECT * FROM alerts_delivery WITH NO DATA")
        cursor.execute(into("bench_staging"), params)
        staged = time.perf_counter()
        cursor.execute(f"INSERT INTO alerts_delivery {columns} SELECT {columns[1:-1]} FROM bench_staging")
        print(f"    unlogged: moving the staged rows took {time.perf_counter() - staged:.2f} s", flush=True)
        return int(cursor.rowcount)

    def floor(cursor: Any) -> int:
        cursor.execute("CREATE TABLE bench_floor AS SELECT * FROM alerts_delivery WITH NO DATA")
        cursor.execute(into("bench_floor"), params)
        return int(cursor.rowcount)

    return {"insert": insert, "on-conflict": on_conflict, "copy": copy, "unlogged": unlogged, "floor": floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="safer.settings",
        DATABASE_URL=args.database_url,
        DEBUG="false",
        REDIS_URL="",
        SAFER_VAR_DIR=tempfile.mkdtemp(prefix="bench-designs-"),
    )
    import django

    django.setup()
    from django.db import connection

    from bench.bench_national import choose_target
    from safer.alerts import fanout
    from safer.alerts.models import Delivery

    stored = Delivery.objects.count()  # every design meets the same table (rolled back each time)
    message, people, what = choose_target()
    fanout.resolve_targets(message)  # type: ignore[arg-type]
    sql, params = captured_insert(message)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"alert to {what}: {people:,} people; {stored:,} delivery rows stored")
    print(f"{bench_page.machine()}; {version}; load {bench_page.load()}")
    times: dict[str, list[float]] = {}
    counted: dict[str, int] = {}
    ways = designs(sql, params)
    for run in range(args.runs):
        for name, design in ways.items():
            took, rows = timed(design)
            times.setdefault(name, []).append(took)
            counted[name] = rows
            print(f"  run {run + 1}: {name:<11} {rows:,} rows in {took:.2f} s", flush=True)
    if len(set(counted.values())) != 1:
        raise SystemExit(f"the designs wrote different numbers of rows: {counted}")
    base = statistics.median(times["insert"])
    print(f"\nload average {bench_page.load()}; medians of {args.runs}:")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"  {name:<11} {median:6.2f} s  ({median / base:.2f} x today's insert;"
            f" runs {', '.join(f'{v:.2f}' for v in values)})"
        )


if __name__ == "__main__":
    main()
