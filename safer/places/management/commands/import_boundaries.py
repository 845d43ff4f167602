"""`safer import-boundaries DIR`: data.police.uk neighbourhood boundary KML, a folder per force."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safer.places.imports import PlacesImportError, import_boundaries


class Command(BaseCommand):
    help = "Import data.police.uk neighbourhood boundaries: DIR holds a folder per force of <id>.kml files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "folder", type=Path, help="the unzipped boundaries folder (or one force's folder)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options["quiet"] and sys.stderr.isatty()
        try:
            count = import_boundaries(options["folder"], progress=progress)
        except (PlacesImportError, OSError) as exc:
            raise CommandError(f"Nothing was imported. {exc}")
        if not options["quiet"]:
            self.stdout.write(self.style.SUCCESS(f"Imported {count} neighbourhood boundaries."))
