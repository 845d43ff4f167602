"""Import data.police.uk street-level CSVs (target: >= 100,000 rows/s on a 2-core machine).

The data is the two real West Mercia months in safer/crime/data/, written out as a monthly archive
folder of `--months` files (each real month repeated under a new month name, so the snap points,
outside-the-force rows, ASB and no-location rows are exactly as real). 300 rectangular
neighbourhoods tile the force's box, so every row is located. The import runs into a fresh
database: SQLite in a temporary folder, and PostgreSQL too when --postgres or --database-url is
given (each engine in its own process, one after the other, so they never compete for the cores).

The figure is rows / wall time of `import_sources` (parse, check, locate, write, commit), the whole
import; then the same months are imported again (the replace path). With --runs N each is timed N
times (a replace each time after the first) and the median is the figure. The 1-minute load average
is printed beside every figure, and the CPU time of this process (all of SQLite's work; on
PostgreSQL the server's is not in it). Then one more month is imported into the full table: the
monthly-update path, where indexes are kept and updated row by row. Last, the stored counts per
(month, category) are checked against the files', and the script exits non-zero if they differ.

    .venv/bin/python bench/bench_crime_import.py [--months 10] [--runs 3] [--postgres]
        [--database-url postgres://...] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 100_000
DATA = Path(__file__).resolve().parent.parent / "safer" / "crime" / "data"
POSTGRES = "postgres://postgres@127.0.0.1:5432/crime_bench"


def write_archive(folder: Path, months: int, first: int = 0) -> Counter[tuple[str, str]]:
    """The archive folder; returns the expected count per (month, crime type)."""
    real = [
        (DATA / f"2019-0{m}-west-mercia-street.csv").read_text().splitlines(keepends=True) for m in (1, 2)
    ]
    expected: Counter[tuple[str, str]] = Counter()
    for k in range(first, first + months):
        year, month = divmod(2019 * 12 + k, 12)
        name = f"{year}-{month + 1:02d}"
        lines = real[k % 2]
        src_month = "2019-01" if k % 2 == 0 else "2019-02"
        (folder / name).mkdir(parents=True, exist_ok=True)
        body = [line.replace(f",{src_month},", f",{name},", 1) for line in lines[1:]]
        (folder / name / f"{name}-west-mercia-street.csv").write_text(lines[0] + "".join(body))
        for row in csv.reader(body):
            expected[(row[1], row[9])] += 1
    return expected


def run_engine(url: str, months: int, runs: int, profile: bool) -> int:
    """Set Django up on `url`, build the neighbourhoods and the archive, time the imports."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-crime-"))
    os.environ["DATABASE_URL"] = url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safer.settings")
    import django

    django.setup()
    import shapely
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from safer.crime.categories import SLUG_BY_CSV
    from safer.crime.importers import discover, import_sources
    from safer.crime.models import Crime
    from safer.places.models import Force, Neighbourhood

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]  # type: ignore[index]
        call_command("migrate", verbosity=0)
        call_command("flush", "--no-input", verbosity=0)
    else:
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version}"
        call_command("migrate", verbosity=0)
    force, _ = Force.objects.get_or_create(slug="west-mercia", defaults={"name": "West Mercia Police"})
    minx, miny, maxx, maxy = -3.30, 51.80, -1.70, 53.00
    nx, ny = 20, 15
    dx, dy = (maxx - minx) / nx, (maxy - miny) / ny
    for i in range(nx):
        for j in range(ny):
            nb = Neighbourhood(force=force, code=f"B{i}-{j}", slug=f"b-{i}-{j}", name=f"Box {i} {j}")
            nb.set_boundary(
                shapely.box(minx + i * dx, miny + j * dy, minx + (i + 1) * dx, miny + (j + 1) * dy)
            )
            nb.save()

    folder = tmp / "archive"
    expected = write_archive(folder, months)
    print(
        f"\n{version}; {months} monthly files; {platform.python_implementation()} {platform.python_version()}"
    )
    for label, count in (("first import", 1), ("re-import (replace)", runs)):
        rates = []
        for _ in range(count):
            sources = discover(folder)
            load = os.getloadavg()[0]
            profiler = cProfile.Profile() if profile else None
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            report = import_sources(sources)
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            rates.append(report.rows / seconds)
            print(
                f"  {label}: {report.rows:,} rows in {seconds:.2f} s = {report.rows / seconds:,.0f} rows/s"
                f" (CPU in this process {cpu:.2f} s; load {load:.1f})"
            )
            if profiler:
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        rate = statistics.median(rates)
        verdict = "meets" if rate >= TARGET else "MISSES"
        print(f"{label} median: {rate:,.0f} rows/s ({verdict} {TARGET:,}/s)")

    # One more month into the full table: too small a share to set the indexes aside, so this is the
    # row-by-row index (and PostgreSQL foreign key) path of a monthly update. Reported, not the target.
    extra = tmp / "extra"
    expected += write_archive(extra, 1, first=months)
    newest = next(extra.rglob("*.csv"))
    load = os.getloadavg()[0]
    started, cpu = time.perf_counter(), time.process_time()
    report = import_sources(discover(newest))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"  one more month into the {months}-month table: {report.rows:,} rows in {seconds:.2f} s"
        f" = {report.rows / seconds:,.0f} rows/s (CPU here {cpu:.2f} s; load {load:.1f})"
    )

    stored = Counter(
        {
            (m, c): n
            for m, c, n in Crime.objects.values_list("month", "category").annotate(n=Count("id")).order_by()
        }
    )
    wanted = Counter({(m, SLUG_BY_CSV[t]): n for (m, t), n in expected.items()})
    located = Crime.objects.exclude(neighbourhood=None).count()
    print(f"rows stored: {sum(stored.values()):,}; located in a neighbourhood: {located:,}")
    if stored != wanted:
        print("WRONG: stored counts per (month, category) differ from the files'")
        return 1
    print("stored counts per (month, category) equal the files'")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=10)
    parser.add_argument("--runs", type=int, default=1, help="timed re-imports; the median is the figure")
    parser.add_argument("--postgres", action="store_true", help=f"also run on PostgreSQL ({POSTGRES})")
    parser.add_argument("--database-url", default="", help="also run on this PostgreSQL database")
    parser.add_argument("--sqlite-only", action="store_true", help="only SQLite")
    parser.add_argument("--profile", action="store_true", help="cProfile each import (slows it down)")
    parser.add_argument("--engine", default=None, help=argparse.SUPPRESS)  # one engine, in a child process
    args = parser.parse_args()
    if args.engine is not None:
        sys.exit(run_engine(args.engine, args.months, args.runs, args.profile))
    engines = [""]
    pg = args.database_url or (POSTGRES if args.postgres else os.environ.get("DATABASE_URL", ""))
    if pg.startswith("postgres") and not args.sqlite_only:
        engines.append(pg)
    failed = 0
    for url in engines:
        command = [sys.executable, __file__, "--engine", url, "--months", str(args.months)]
        command += ["--runs", str(args.runs)] + (["--profile"] if args.profile else [])
        failed |= subprocess.run(command, check=False).returncode
    sys.exit(failed)


if __name__ == "__main__":
    main()
