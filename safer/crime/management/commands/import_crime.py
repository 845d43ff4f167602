"""safer import-crime PATH [PATH ...]: data.police.uk street, outcomes and stop-and-search CSVs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.crime.bulk import ImportRefused, MalformedFile
from safer.crime.importers import discover, import_sources


class Command(BaseCommand):
    help = (
        "Import data.police.uk CSVs: a file, a monthly archive folder (YYYY-MM/YYYY-MM-<force>-<kind>.csv) "
        "or its zip. Importing a month again replaces it (by under half its rows: only with --allow-shrink);"
        " a malformed file imports nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="CSV files, archive folders or archive zips")
        parser.add_argument("--force", help="force id, when the file names do not say (default: FORCE_ID)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="let a month be replaced by under half its stored rows (refused otherwise)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            sources = [s for p in options["paths"] for s in discover(Path(p), options["force"])]
            if not sources:
                raise CommandError("No data.police.uk CSV files were found. Nothing was imported.")
            report = import_sources(
                sources, progress=not options["no_progress"], allow_shrink=options["allow_shrink"]
            )
        except (MalformedFile, ImportRefused) as error:
            raise CommandError(str(error))
        seconds = time.perf_counter() - started
        for kind, force, month, rows in report.batches:
            self.stdout.write(f"{month} {force} {kind}: {rows:,} rows")
        rate = report.rows / seconds if seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.rows:,} rows from {report.files} file(s) "
                f"in {seconds:.2f} s ({rate:,.0f} rows/s)."
            )
        )
