"""safer import-incidents CSV: the force's own incident data (see safer/crime/incidents.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.crime.bulk import ImportRefused, MalformedFile
from safer.crime.incidents import import_incidents


class Command(BaseCommand):
    help = "Import internal incident data (reference, occurred_at, category, point, pseudonymised refs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--allow-shrink",
            action="store_true",
            help="let an import move more than half of a month's stored incidents to other months",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            new, updated = import_incidents(
                options["path"], progress=not options["no_progress"], allow_shrink=options["allow_shrink"]
            )
        except (MalformedFile, ImportRefused) as error:
            raise CommandError(str(error))
        self.stdout.write(self.style.SUCCESS(f"Imported {new:,} new incidents and updated {updated:,}."))
