"""A national service in one PostgreSQL database: 5,000,000 subscribers and 10,000,000 crimes.

    .venv/bin/python bench/bench_national.py                                   # full size (long)
    .venv/bin/python bench/bench_national.py --subscribers 20000 --crimes 50000 --points 200000

Targets, each printed with its figure, met or missed (the script exits non-zero only on an error:
a failed request, a wrong count, a failed command; never because a target is missed):

  (a) an alert to ~10 % of subscribers (~500,000 people at full size) resolved and queued <= 5 s:
      `fanout.start_fan_out` (slices committed; the message is sending), then the slices written by
      two processes, through bench_fanout.time_sliced; one `fanout.queue(message, fresh=True)`
      rolled back (bench_fanout.time_fanout) as the baseline; medians of --fanout-runs.
  (b) a neighbourhood page cold <= 150 ms: Django's test client GETs `/neighbourhoods/<slug>/` for
      --pages neighbourhoods, the cache emptied before each request (PostgreSQL's own buffers stay
      warm: "cold" is the application's cache); median and max.
  (c) the monthly crime update into the full table >= 100,000 rows/s: one more month written as a
      data.police.uk CSV (the real West Mercia month repeated --update-copies times) and imported by
      `import_sources`, with every index and foreign key of the full table in place.
  (d) locating 1,000,000 points <= 3 s among 5,000 densified boundaries (~160 vertices each), with
      bench_locate.py's tessellation and `BoundaryIndex`.

The database is `bench_national` on 127.0.0.1 (dropped and re-created): `safer migrate`, `safer demo`
(85 real neighbourhoods, two real months), then bench_page.add_subscribers for the subscribers and
INSERT ... SELECT ... CROSS JOIN generate_series for the crimes, --months months before the real
ones, with crime_crime's secondary indexes dropped during the load and built again after. The cache
is Redis db 9 (emptied), or local memory with --redis-url ''.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import bench_page  # noqa: E402
from bench.bench_crime_import import write_archive  # noqa: E402

POSTGRES = "postgres://postgres@127.0.0.1:5432/bench_national"
REDIS_URL = "redis://127.0.0.1:6379/9"
TARGET_FANOUT_S = 5.0
TARGET_PAGE_MS = 150.0
TARGET_IMPORT_ROWS_S = 100_000
TARGET_LOCATE_S = 3.0
PHASES: list[tuple[str, float]] = []


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    took = time.perf_counter() - started
    PHASES.append((name, took))
    print(f"[{name}: {took:.1f} s; load {bench_page.load()}]", flush=True)


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def add_crimes(total: int, months: int) -> int:
    """Crimes up to `total`, spread over `months` months before the real ones: each month is a real
    month's rows (per force) repeated with generate_series, one street ImportBatch per (force, month)."""
    from django.db import connection
    from tqdm import tqdm

    from safer.crime.importers.load import recount_batches
    from safer.crime.models import Crime, ImportBatch

    real = list(ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET, month__in=bench_page.REAL_MONTHS))
    if {b.month for b in real} != set(bench_page.REAL_MONTHS):
        raise SystemExit(f"the demo should have imported {bench_page.REAL_MONTHS}")
    need = total - Crime.objects.count()
    if need <= 0:
        return 0
    per_month = -(-need // months)
    columns = (
        "persistent_id, persistent_key, category, reported_by, falls_within, lsoa_code, lsoa_name,"
        " outcome_category, context, location_id, neighbourhood_id"
    )
    added = 0
    written: list[int] = []
    with connection.cursor() as c:
        # The rows are copies of rows already checked, so skip the per-row foreign key triggers (a
        # superuser setting, this session only) and build the secondary indexes once at the end.
        c.execute("SET session_replication_role = replica")
        c.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = 'crime_crime'::regclass"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        )
        indexes = c.fetchall()
        for name, _ in indexes:
            c.execute(f"DROP INDEX {name}")
        with tqdm(total=need, unit=" crimes", unit_scale=True, desc="crimes", mininterval=2) as bar:
            for k in range(1, months + 1):
                year, month = divmod(2019 * 12 - k, 12)  # 2018-12, 2018-11, ...
                name = f"{year}-{month + 1:02d}"
                sources = [b for b in real if b.month == bench_page.REAL_MONTHS[k % 2]]
                month_rows = sum(b.rows for b in sources)
                copies = max(1, -(-per_month // month_rows))
                month_left = per_month
                for source in sources:
                    limit = min(source.rows * copies, month_left, need - added)
                    if limit <= 0:
                        break
                    batch = ImportBatch.objects.create(
                        kind=ImportBatch.Kind.STREET,
                        force=source.force,
                        month=name,
                        source=f"bench-{name}-{source.force}-street.csv",
                        rows=limit,
                        lsoa_vintage=source.lsoa_vintage,
                    )
                    c.execute(
                        f"INSERT INTO crime_crime (month, batch_id, {columns})"
                        f" SELECT %s, %s, {columns} FROM crime_crime"
                        " CROSS JOIN generate_series(1, %s) AS g(g) WHERE batch_id = %s LIMIT %s",
                        [name, batch.pk, copies, source.pk, limit],
                    )
                    added += c.rowcount
                    written.append(batch.pk)
                    month_left -= c.rowcount
                    bar.update(c.rowcount)
                if added >= need:
                    break
        c.execute("SET session_replication_role = DEFAULT")
        started = time.perf_counter()
        for _, definition in indexes:
            c.execute(definition)
        took = time.perf_counter() - started
        print(f"  crime_crime: {len(indexes)} secondary indexes built again in {took:.1f} s")
    started = time.perf_counter()
    recount_batches(written)  # the per-neighbourhood counts the importer would have written
    print(f"  crime counts written in {time.perf_counter() - started:.1f} s")
    return added


def build(args: argparse.Namespace, env: dict[str, str]) -> None:
    with phase("build: migrate + demo"):
        bench_page.recreate_postgres(args.database_url)
        bench_page.safer(env, "migrate", "--verbosity", "0")
        bench_page.safer(env, "demo", "--no-progress")
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    with phase("build: subscribers"):
        added = bench_page.add_subscribers(args.subscribers)
        print(f"  {added:,} subscribers added with places and subscriptions")
    with phase("build: crimes"):
        added = add_crimes(args.crimes, args.months)
        print(f"  {added:,} crimes added over {args.months} months")
    with phase("build: VACUUM ANALYZE + CHECKPOINT"), connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
        c.execute("CHECKPOINT")


def choose_target() -> tuple[object, int, str]:
    """An alert to about a tenth of the subscribers: the policing area closest to 10 %; if no area is
    within 8-12 %, neighbourhoods added largest first until 10 % is reached."""
    from django.db import connection

    from bench.bench_fanout import new_message
    from safer.alerts.models import Subscriber, Subscription, Target
    from safer.places.models import PolicingArea

    total = Subscriber.objects.count()

    areas = [
        (Subscription.objects.filter(neighbourhood__areas=a).values("subscriber_id").distinct().count(), a)
        for a in PolicingArea.objects.filter(force__slug="west-mercia")
    ]
    if areas:
        count, area = min(areas, key=lambda pair: abs(pair[0] - total / 10))
        if 0.08 <= count / total <= 0.12:
            return new_message(Target.AREAS, area.pk), count, f"policing area '{area.name}'"
    with connection.cursor() as c:
        c.execute("SELECT neighbourhood_id, COUNT(*) FROM alerts_subscription GROUP BY 1 ORDER BY 2 DESC, 1")
        chosen, rows = [], 0
        for nid, n in c.fetchall():
            if rows >= total / 10:
                break
            chosen.append(nid)
            rows += n
    message = new_message(Target.NEIGHBOURHOODS)
    message.neighbourhoods.set(chosen)  # type: ignore[attr-defined]
    people = Subscription.objects.filter(neighbourhood__in=chosen).values("subscriber_id").distinct().count()
    return message, people, f"{len(chosen)} neighbourhoods"


def target_fanout(runs: int) -> tuple[str, float, bool]:
    """fan_out as it is (slices committed, then written by two processes, as the task and a delivery
    worker would), and one INSERT ... SELECT (the design before) as the baseline, in the same run."""
    from bench.bench_fanout import time_fanout, time_sliced
    from safer.alerts.models import Subscriber

    message, people, what = choose_target()
    total = Subscriber.objects.count()
    queued_times, written_times, before_times, rows = [], [], [], 0
    for _ in range(runs):
        before, rows, _resolved = time_fanout(message, fresh=True)
        queued, written, rows, slices = time_sliced(message, processes=2)
        before_times.append(before)
        queued_times.append(queued)
        written_times.append(written)
        print(
            f"  fan-out run: sending with {slices} slices queued in {queued:.2f} s, all {rows:,} rows"
            f" written by 2 processes in {written:.2f} s; one insert (before) {before:.2f} s"
        )
    figure = statistics.median(queued_times)
    written, before = statistics.median(written_times), statistics.median(before_times)
    print(
        f"(a) alert to {what}: {people:,} people ({people / total:.1%} of {total:,} subscribers),"
        f" queued in {figure:.2f} s, all {rows:,} delivery rows written in {written:.2f} s"
        f" (one insert before: {before:.2f} s; medians of {runs})"
    )
    summary = f"{people:,} people: queued in {figure:.2f} s, {rows:,} rows written in {written:.2f} s"
    summary += f" (one insert: {before:.2f} s)"
    return summary, TARGET_FANOUT_S, figure <= TARGET_FANOUT_S


def target_page(pages: int, seed: int) -> tuple[str, float, bool, int]:
    from django.core.cache import cache
    from django.test import Client

    from safer.crime.analysis.counts import last_months
    from safer.crime.models import Crime
    from safer.places.models import Neighbourhood

    months = last_months(12)
    print(
        f"  crimes: {Crime.objects.count():,} stored, {Crime.objects.filter(month__in=months).count():,}"
        f" in the page's last {len(months)} months ({months[0]} to {months[-1]})"
    )
    slugs = sorted(
        Neighbourhood.objects.filter(pk__in=Crime.objects.values("neighbourhood_id")).values_list(
            "slug", flat=True
        )
    )
    slugs = random.Random(seed).sample(slugs, min(pages, len(slugs)))
    client = Client()
    client.get("/")  # the first request imports the URLconf; a server pays that once, at start-up
    times, failed = [], 0
    for slug in slugs:
        cache.clear()
        started = time.perf_counter()
        status = client.get(f"/neighbourhoods/{slug}/").status_code
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            failed += 1
            print(f"  ERROR: /neighbourhoods/{slug}/ answered {status}")
    median, worst = statistics.median(times), max(times)
    print(
        f"(b) neighbourhood page, cache emptied before each: {len(times)} pages,"
        f" median {median:.1f} ms, max {worst:.1f} ms"
    )
    return f"median {median:.1f} ms, max {worst:.1f} ms", TARGET_PAGE_MS, median <= TARGET_PAGE_MS, failed


def target_import(copies: int) -> tuple[str, float, bool, int]:
    from django.db.models import Count

    from safer.crime.categories import SLUG_BY_CSV
    from safer.crime.importers import discover, import_sources
    from safer.crime.models import Crime

    folder = Path(tempfile.mkdtemp(prefix="bench-national-"))
    expected = write_archive(folder, 1, first=2)  # 2019-03, the month after the newest stored
    path = next(folder.rglob("*.csv"))
    header, *body = path.read_text().splitlines(keepends=True)
    path.write_text(header + "".join(body) * copies)
    month = path.parent.name
    if month != update_month():
        raise SystemExit(f"the update was expected to be {update_month()}, not {month}")
    before = Crime.objects.count()
    started = time.perf_counter()
    report = import_sources(discover(folder))
    seconds = time.perf_counter() - started
    rate = report.rows / seconds
    stored = dict(
        Crime.objects.filter(month=month).values_list("category").annotate(n=Count("id")).order_by()
    )
    wanted: dict[str, int] = {}
    for (_, kind), n in expected.items():
        wanted[SLUG_BY_CSV[kind]] = wanted.get(SLUG_BY_CSV[kind], 0) + n * copies
    wrong = int(stored != wanted)
    if wrong:
        print(f"  WRONG: the stored counts per category for {month} differ from the file's")
    print(
        f"(c) monthly update: {report.rows:,} rows ({month}) into a table of {before:,} in {seconds:.2f} s"
        f" = {rate:,.0f} rows/s"
    )
    for p in sorted(folder.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    folder.rmdir()
    return (
        f"{report.rows:,} rows at {rate:,.0f} rows/s",
        TARGET_IMPORT_ROWS_S,
        rate >= TARGET_IMPORT_ROWS_S,
        wrong,
    )


def update_month() -> str:
    """The month the update brings: the one after the newest real month."""
    year, month = divmod(int(bench_page.REAL_MONTHS[-1][:4]) * 12 + int(bench_page.REAL_MONTHS[-1][5:]), 12)
    return f"{year}-{month + 1:02d}"


def remove_month(month: str) -> None:
    from django.db import connection

    from safer.crime.models import ImportBatch

    batches = list(
        ImportBatch.objects.filter(kind=ImportBatch.Kind.STREET, month=month).values_list("id", flat=True)
    )
    if not batches:
        return
    with connection.cursor() as c:
        c.execute("DELETE FROM crime_crime WHERE batch_id = ANY(%s)", [batches])
        c.execute("DELETE FROM crime_crimecount WHERE batch_id = ANY(%s)", [batches])
        ImportBatch.objects.filter(id__in=batches).delete()
        c.execute("VACUUM ANALYZE crime_crime")
        c.execute("CHECKPOINT")
    print(f"  removed an earlier run's {month} ({len(batches)} batches)")


def target_locate(
    points: int, neighbourhoods: int, densify: float, runs: int
) -> tuple[str, float, bool, int]:
    import numpy as np
    import shapely

    from bench.bench_locate import BoundaryIndex, brute_force, random_points, tessellation

    rng = np.random.default_rng(2026)
    ids, cells = tessellation(neighbourhoods, rng)
    cells = shapely.segmentize(cells, densify)
    lats, lngs = random_points(points, rng)
    index = BoundaryIndex(ids, cells)
    times = []
    result = np.empty(0, dtype=np.int64)
    for _ in range(runs):
        started = time.perf_counter()
        result = index.locate(lats, lngs)
        times.append(time.perf_counter() - started)
    figure = statistics.median(times)
    sample = rng.choice(points, size=min(300, points), replace=False)
    wrong = sum(int(result[i]) != brute_force(ids, cells, lats[i], lngs[i]) for i in sample)
    vertices = shapely.get_num_coordinates(cells).mean()
    print(
        f"(d) locate: {points:,} points among {len(cells):,} boundaries ({vertices:.0f} vertices each)"
        f" in {figure:.3f} s (median of {runs}); {wrong} wrong of {len(sample)} checked"
    )
    return f"{points:,} points in {figure:.3f} s", TARGET_LOCATE_S, figure <= TARGET_LOCATE_S, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--subscribers", type=int, default=5_000_000)
    parser.add_argument("--crimes", type=int, default=10_000_000)
    parser.add_argument(
        "--months", type=int, default=24, help="months the crimes are spread over (default 24)"
    )
    parser.add_argument(
        "--database-url", default=POSTGRES, help=f"dropped and re-created (default {POSTGRES})"
    )
    parser.add_argument(
        "--redis-url", default=REDIS_URL, help=f"cache, emptied (default {REDIS_URL}); '' for memory"
    )
    parser.add_argument("--fanout-runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument(
        "--update-copies", type=int, default=50, help="real month repeated (50: ~480,000 rows)"
    )
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--boundaries", type=int, default=5_000)
    parser.add_argument("--densify", type=float, default=0.0005)
    parser.add_argument("--locate-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database an earlier run built (its size is reported)"
    )
    parser.add_argument(
        "--only", default="abcd", help="the targets to measure, by letter (default abcd: all four)"
    )
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("this benchmark runs on PostgreSQL only")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safer.settings",
        "SAFER_VAR_DIR": tempfile.mkdtemp(prefix="bench-national-var-"),
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "REDIS_URL": args.redis_url,
    }
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
    print(
        f"bench_national: {args.subscribers:,} subscribers, {args.crimes:,} crimes,"
        f" database {args.database_url.split('@')[-1]}"
    )
    started = time.perf_counter()
    if args.reuse:
        os.environ.update(env)
        import django

        django.setup()
    else:
        build(args, env)
    built = time.perf_counter() - started
    from django.db import connection

    from safer.alerts.models import Subscriber
    from safer.crime.models import Crime

    if args.reuse:
        remove_month(update_month())  # an earlier run's update: measured again into the table without it
        args.subscribers, args.crimes = Subscriber.objects.count(), Crime.objects.count()
        print(f"reusing the database: {args.subscribers:,} subscribers, {args.crimes:,} crimes")

    with connection.cursor() as c:
        c.execute("SELECT version()")
        version = c.fetchone()[0].split(" on ")[0]  # type: ignore[index]
    print(f"build took {built:.0f} s in all")

    results: list[tuple[str, str, str, bool]] = []
    errors = 0
    if "a" in args.only:
        with phase("(a) fan-out"):
            figure, target, met = target_fanout(args.fanout_runs)
            results.append(("(a) alert to ~10 % resolved and queued", figure, f"<= {target:.0f} s", met))
    if "b" in args.only:
        with phase("(b) page"):
            figure, target, met, failed = target_page(args.pages, args.seed)
            results.append(("(b) neighbourhood page, cold cache", figure, f"median <= {target:.0f} ms", met))
            errors += failed
    if "c" in args.only:
        with phase("(c) monthly import"):
            figure, target, met, wrong = target_import(args.update_copies)
            results.append(
                ("(c) monthly update into the full table", figure, f">= {target:,.0f} rows/s", met)
            )
            errors += wrong
    if "d" in args.only:
        with phase("(d) locate"):
            figure, target, met, wrong = target_locate(
                args.points, args.boundaries, args.densify, args.locate_runs
            )
            results.append(("(d) locate points, densified boundaries", figure, f"<= {target:.0f} s", met))
            errors += wrong

    print(f"\nmachine: {bench_page.machine()}; {version}; load average {bench_page.load()}")
    print(f"size: {args.subscribers:,} subscribers, {args.crimes:,} crimes; build {built:.0f} s")
    for name, shown, wanted, met in results:
        print(f"{name}: {shown}; target {wanted}: {verdict(met)}")
    print("phases: " + "; ".join(f"{name} {took:.1f} s" for name, took in PHASES))
    if errors:
        print(f"{errors} error(s): see above")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    try:
        main()
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"command failed: {error}") from error
