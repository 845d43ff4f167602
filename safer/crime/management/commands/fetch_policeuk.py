"""safer fetch-policeuk: download the data.police.uk archive and import this force's files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.crime.fetch import fetch_and_import
from safer.crime.models import ArchiveFetch


class Command(BaseCommand):
    help = (
        "Download the monthly data.police.uk archive (POLICEUK_ARCHIVE_URL), resuming a partial download, "
        "and import the force's street, outcomes and stop-and-search files. A failed or partial download "
        "imports nothing and says why; every run is recorded (the Imports page lists them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="the archive's address (default: POLICEUK_ARCHIVE_URL)")
        parser.add_argument("--force", help="data.police.uk force id (default: FORCE_ID)")
        parser.add_argument(
            "--if-scheduled",
            action="store_true",
            help="do nothing unless POLICEUK_FETCH_SCHEDULED is on (the schedule's run)",
        )
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="let a month be replaced by under half its stored rows (refused otherwise)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_scheduled"] and not settings.POLICEUK_FETCH_SCHEDULED:
            self.stdout.write("POLICEUK_FETCH_SCHEDULED is off: nothing fetched.")
            return
        run = fetch_and_import(options["url"], options["force"], allow_shrink=options["allow_shrink"])
        if run.status == ArchiveFetch.Status.FAILED:
            raise CommandError(f"Nothing was changed: {run.message}")
        for kind, rows in sorted(run.rows.items()):
            self.stdout.write(f"{kind}: {rows:,} rows")
        months = f" ({', '.join(run.months)})" if run.months else ""
        self.stdout.write(self.style.SUCCESS(f"{run.get_status_display()}{months}. {run.message}"))
