"""The public neighbourhood page under 50 concurrent users, with 1 M subscribers and 1 M crimes stored
(target: p95 <= 100 ms, no errors, on a 2-core machine).

    .venv/bin/python bench/bench_page.py                       # SQLite in a temporary folder
    .venv/bin/python bench/bench_page.py --postgres            # database bench_page on 127.0.0.1
    .venv/bin/python bench/bench_page.py --users 50 --duration 20 --think-ms 0 --profile

1. A fresh database: `safer migrate`, `safer demo` (85 real West Mercia neighbourhoods and two real
   police.uk months, 19,291 crimes), then bulk SQL up to `--subscribers` alert subscribers (each with
   a home place and a subscription to a demo neighbourhood; one in five a second one) and `--crimes`
   crimes: the real months copied, a month at a time with INSERT ... SELECT, into the months before
   them, each with its own street ImportBatch, so the page's "last 12 months" covers 12 full months
   and the rest lie further back, as a force's long history would.
2. The real server as production runs it: gunicorn, 2 workers x 4 threads, DEBUG off, Redis (db 13,
   emptied first) for the cache, access log on (to a file), on a free loopback port.
3. `wrk` (Debian's; installed with apt-get if missing) drives `--users` connections for `--warmup`
   seconds (discarded), then `--duration` seconds, each request for `/neighbourhoods/<slug>/` of a
   random demo slug (seeded per wrk thread). Every user is a closed loop: the next request goes as
   soon as the last answer arrives (plus `--think-ms`, 0 by default, which makes this a saturation
   test: by Little's law latency is then users / throughput). wrk's timeout is 30 s, so slow answers
   are measured, not dropped. wrk runs on the same 2 cores as the server.
4. Prints requests/s, p50/p95/p99, non-200 answers and socket errors, the machine and load average,
   and whether the target is met; then stops the server and removes the temporary folder. With
   `--profile` it also profiles one request in this process (query count, cold and warm cache,
   cProfile's top functions). Exits non-zero only if a request failed (a non-200 or a socket error).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 100.0
# BENCH_REDIS_URL: another db when several people bench on one Redis (it is emptied).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
POSTGRES = "postgres://postgres@127.0.0.1:5432/bench_page"
REAL_MONTHS = ("2019-01", "2019-02")


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}"


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def recreate_postgres(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    base = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    subprocess.run([*base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run([*base, f"CREATE DATABASE {name}"], check=True)


def safer(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "safer", *args], env=env, cwd=ROOT, check=True)


def series(pg: bool) -> str:
    if pg:
        return "generate_series(1, %s) AS t(g)"
    return (
        "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %s) SELECT g FROM s) AS t"
    )


def add_subscribers(total: int) -> int:
    """Subscribers, places and subscriptions up to `total` subscribers, with INSERT ... SELECT (the
    same shape as bench_fanout.py's, with ids after the demo's own)."""
    from django.db import connection

    from safer.alerts.models import Subscriber
    from safer.places.models import Neighbourhood

    have = Subscriber.objects.count()
    n = total - have
    if n <= 0:
        return 0
    pg = connection.vendor == "postgresql"
    nbs = list(Neighbourhood.objects.order_by("pk").values_list("pk", flat=True))
    mix = "(g * 2654435761 %% 4294967296)"  # a cheap hash, so subscribers spread over neighbourhoods
    with connection.cursor() as c:
        c.execute("SELECT COALESCE(MAX(id), 0) FROM alerts_subscriber")
        s0 = c.fetchone()[0]  # type: ignore[index]
        c.execute("SELECT COALESCE(MAX(id), 0) FROM alerts_alertplace")
        p0 = c.fetchone()[0]  # type: ignore[index]
        c.execute("CREATE TEMP TABLE bench_nb (i integer PRIMARY KEY, id bigint)")
        c.executemany("INSERT INTO bench_nb (i, id) VALUES (%s, %s)", list(enumerate(nbs)))
        c.execute(
            "INSERT INTO alerts_subscriber (id, key, email, mobile, landline, email_confirmed_at,"
            " mobile_confirmed_at, landline_confirmed_at, channels, switched_off, email_kinds, sms_kinds,"
            " voice_kinds, digest_kinds, digest_frequency, quiet_start, quiet_end, email_failures,"
            " sms_failures, voice_failures, created_at)"
            f" SELECT {s0} + g, 'bench' || g, 'user' || g || '@example.test',"
            " CASE WHEN g %% 5 = 0 THEN '+4477009' || (100000 + g %% 900000) ELSE '' END,"
            " CASE WHEN g %% 20 = 0 THEN '+4416329' || (100000 + g %% 900000) ELSE '' END,"
            " CURRENT_TIMESTAMP, CASE WHEN g %% 5 = 0 THEN CURRENT_TIMESTAMP END,"
            " CASE WHEN g %% 20 = 0 THEN CURRENT_TIMESTAMP END,"
            " 1 + CASE WHEN g %% 5 = 0 THEN 2 ELSE 0 END + CASE WHEN g %% 20 = 0 THEN 4 ELSE 0 END, 0,"
            f" CASE WHEN g %% 3 = 0 THEN 127 ELSE ({mix} %% 128) | 2 END,"
            " CASE WHEN g %% 5 = 0 THEN 10 ELSE 0 END, CASE WHEN g %% 20 = 0 THEN 10 ELSE 0 END,"
            " CASE WHEN g %% 10 = 0 THEN 17 ELSE 0 END, 'daily', NULL, NULL, 0, 0, 0, CURRENT_TIMESTAMP"
            f" FROM {series(pg)}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_alertplace (id, subscriber_id, label, how, postcode, latitude, longitude,"
            " radius_m)"
            f" SELECT {p0} + g, {s0} + g, 'home', 'postcode', '', 52.0 + ({mix} %% 1000) / 2000.0,"
            f" -3.0 + ({mix} %% 997) / 997.0, NULL FROM {series(pg)}",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_subscription (subscriber_id, neighbourhood_id, place_id)"
            f" SELECT {s0} + g, b.id, {p0} + g FROM {series(pg)}"
            f" JOIN bench_nb b ON b.i = {mix} %% {len(nbs)}",
            [n],
        )
        # One in five also follows a second place (work) in another neighbourhood.
        c.execute(
            "INSERT INTO alerts_alertplace (id, subscriber_id, label, how, postcode, latitude, longitude,"
            f" radius_m) SELECT {p0 + n} + g, {s0} + g, 'work', 'postcode', '', NULL, NULL, NULL"
            f" FROM {series(pg)} WHERE g %% 5 = 1",
            [n],
        )
        c.execute(
            "INSERT INTO alerts_subscription (subscriber_id, neighbourhood_id, place_id)"
            f" SELECT {s0} + g, b.id, {p0 + n} + g FROM {series(pg)}"
            f" JOIN bench_nb b ON b.i = ({mix} + 7) %% {len(nbs)} WHERE g %% 5 = 1",
            [n],
        )
        c.execute("DROP TABLE bench_nb")
        if pg:
            for table in ("alerts_subscriber", "alerts_alertplace"):
                c.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
    return n


def add_crimes(total: int) -> int:
    """Copy the two real months into the months before them until `total` crimes are stored. Each
    copy gets its own street ImportBatch (the page reads the available months from those)."""
    from django.db import connection

    from safer.crime.importers.load import recount_batches
    from safer.crime.models import Crime, ImportBatch

    real = {
        b.month: b for b in ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET, month__in=REAL_MONTHS)
    }
    if set(real) != set(REAL_MONTHS):
        raise SystemExit(f"the demo should have imported {REAL_MONTHS}; it has {sorted(real)}")
    stored = Crime.objects.count()
    added = 0
    k = 0
    written: list[int] = []
    columns = (
        "persistent_id, persistent_key, category, reported_by, falls_within, lsoa_code, lsoa_name,"
        " outcome_category, context, location_id, neighbourhood_id"
    )
    while stored + added < total:
        k += 1
        year, month = divmod(2019 * 12 - k, 12)  # 2018-12, 2018-11, ...
        name = f"{year}-{month + 1:02d}"
        source = real[REAL_MONTHS[k % 2]]  # alternate winter months, as bench_crime_import.py does
        limit = min(source.rows, total - stored - added)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.STREET,
            force=source.force,
            month=name,
            source=f"bench-{name}-{source.force}-street.csv",
            rows=limit,
            lsoa_vintage=source.lsoa_vintage,
        )
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO crime_crime (month, batch_id, {columns})"
                f" SELECT %s, %s, {columns} FROM crime_crime WHERE batch_id = %s ORDER BY id LIMIT %s",
                [name, batch.pk, source.pk, limit],
            )
            added += c.rowcount
        written.append(batch.pk)
    recount_batches(written)  # the per-neighbourhood counts the importer would have written
    return added


def build(args: argparse.Namespace, env: dict[str, str]) -> None:
    started = time.perf_counter()
    safer(env, "migrate", "--verbosity", "0")
    safer(env, "demo", "--no-progress")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    subscribers = add_subscribers(args.subscribers)
    crimes = add_crimes(args.crimes)
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("VACUUM ANALYZE")
            c.execute("CHECKPOINT")
        else:
            c.execute("ANALYZE")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    took = time.perf_counter() - started
    print(f"built: demo + {subscribers:,} subscribers + {crimes:,} crimes in {took:.0f} s")


def counts() -> str:
    from safer.alerts.models import Subscriber, Subscription
    from safer.crime.analysis.counts import last_months
    from safer.crime.models import Crime

    months = last_months(12)
    return (
        f"{Subscriber.objects.count():,} subscribers, {Subscription.objects.count():,} subscriptions,"
        f" {Crime.objects.count():,} crimes ({Crime.objects.filter(month__in=months).count():,} in the"
        f" page's last {len(months)} months)"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "safer.wsgi:application",
        "--workers",
        "2",
        "--threads",
        "4",
        "--bind",
        f"127.0.0.1:{port}",
        # As `safer serve` logs (to a file here rather than stdout).
        "--access-logfile",
        str(log.with_suffix(".access")),
        "--access-logformat",
        "%(m)s %(U)s %(s)s %(M)sms",
        "--logger-class",
        "safer.gunicorn_logging.RedactingLogger",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


LUA = """
local paths = {%(paths)s}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("seed", %(seed)d + #threads)
end
function init(args)
  math.randomseed(seed)
  non200 = 0
  answered = 0
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then non200 = non200 + 1 end
end
%(delay)s
function done(summary, latency, requests)
  local bad, got = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    got = got + t:get("answered")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%%d answered=%%d seconds=%%.3f p50=%%d p95=%%d p99=%%d max=%%d non200=%%d"
    .. " connect=%%d read=%%d write=%%d timeout=%%d\\n",
    summary.requests, got, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, bad, e.connect, e.read, e.write, e.timeout))
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed")
    return found


def run_wrk(wrk: str, port: int, script: Path, users: int, seconds: int, threads: int) -> dict[str, float]:
    out = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{users}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^RESULT (.*)$", out, re.M)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{out}")
    return {k: float(v) for k, v in (pair.split("=") for pair in match.group(1).split())}


def profile_one(slug: str) -> None:
    """One request in this process, through Django's test client, against the same database and
    Redis: queries and time with a cold cache, then warm, then cProfile's top functions (warm)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = f"/neighbourhoods/{slug}/"
    # The first request in a process imports the whole URLconf (about 1 s, mostly crime analysis
    # modules): gunicorn's workers pay that once each, in the warm-up, so keep it out of the profile.
    client.get("/")
    cache.clear()
    for label in ("cold cache", "warm cache"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            status = client.get(url).status_code
            took = time.perf_counter() - started
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
        print(
            f"  {label}: {url} -> {status} in {took * 1000:.1f} ms, {len(queries)} queries"
            " (slowest, in 1 ms steps):"
        )
        for q in slowest:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    print("  cProfile, 20 warm requests: the project's own functions, top 20 by cumulative time:")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats("safer/", 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--postgres", nargs="?", const=POSTGRES, default="", help=f"PostgreSQL instead of SQLite ({POSTGRES})"
    )
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--crimes", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50, help="concurrent connections (default 50)")
    parser.add_argument("--duration", type=int, default=20, help="measured seconds (default 20)")
    parser.add_argument("--warmup", type=int, default=5, help="discarded seconds first (default 5)")
    parser.add_argument("--think-ms", type=int, default=0, help="pause between a user's requests")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile one request after the run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    wrk = ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="bench-page-"))
    if args.postgres:
        recreate_postgres(args.postgres)
    url = args.postgres or f"sqlite:///{tmp / 'safer.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "SAFER_VAR_DIR": str(tmp),
        "DATABASE_URL": url,
        "DEBUG": "false",
        "REDIS_URL": REDIS_URL,
    }
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # db 13 is this benchmark's own
    server: subprocess.Popen[bytes] | None = None
    try:
        build(args, env)
        from django.db import connection

        from safer.places.models import Neighbourhood

        vendor = connection.vendor
        print(f"database: {vendor} ({url.split('@')[-1] if args.postgres else 'temporary file'}); {counts()}")
        slugs = sorted(Neighbourhood.objects.values_list("slug", flat=True))
        connection.close()
        redis.Redis.from_url(REDIS_URL).flushdb()  # the run starts from an empty cache

        rng = random.Random(args.seed)
        rng.shuffle(slugs)
        script = tmp / "pages.lua"
        delay = f"function delay() return {args.think_ms} end" if args.think_ms else ""
        paths = ", ".join(f'"/neighbourhoods/{s}/"' for s in slugs)
        script.write_text(LUA % {"paths": paths, "seed": args.seed, "delay": delay})

        port = free_port()
        server = start_server(env, port, tmp / "gunicorn.log")
        print(f"server: gunicorn, 2 workers x 4 threads, DEBUG off, Redis cache, 127.0.0.1:{port}")
        print(f"machine: {machine()}; load average before: {load()}")
        think = f", {args.think_ms} ms think time" if args.think_ms else ", no think time"
        print(
            f"load: {args.users} users{think}, {len(slugs)} neighbourhood pages in random order,"
            f" {args.warmup} s warm-up then {args.duration} s measured (wrk, {args.wrk_threads} threads)"
        )
        if args.warmup:
            run_wrk(wrk, port, script, args.users, args.warmup, args.wrk_threads)
        r = run_wrk(wrk, port, script, args.users, args.duration, args.wrk_threads)
        after = load()
        errors = int(r["non200"] + r["connect"] + r["read"] + r["write"] + r["timeout"])
        p95 = r["p95"] / 1000
        print(
            f"requests: {int(r['requests']):,} in {r['seconds']:.1f} s = {r['requests'] / r['seconds']:,.1f}"
            " requests/s"
        )
        print(
            f"latency: p50 {r['p50'] / 1000:.1f} ms, p95 {p95:.1f} ms, p99 {r['p99'] / 1000:.1f} ms,"
            f" max {r['max'] / 1000:.1f} ms"
        )
        print(
            f"errors: {int(r['non200'])} non-200 answers; socket errors connect {int(r['connect'])},"
            f" read {int(r['read'])}, write {int(r['write'])}, timeout {int(r['timeout'])}"
        )
        print(f"load average after: {after}")
        met = p95 <= TARGET_P95_MS and errors == 0
        print(f"target (p95 <= {TARGET_P95_MS:.0f} ms, no errors): {'met' if met else 'MISSED'} on {vendor}")
        if args.profile:
            stop_server(server)
            server = None
            print("profile of one request (in this process, same database and Redis):")
            profile_one(slugs[0])
        code = 1 if errors else 0
    finally:
        if server is not None:
            stop_server(server)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
