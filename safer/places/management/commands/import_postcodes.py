"""`safer import-postcodes CSV`: the ONS postcode directory (ONSPD or NSPL) as CSV."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safer.places.imports import PlacesImportError, import_postcodes


class Command(BaseCommand):
    help = "Import an ONS postcode directory CSV (ONSPD or NSPL), resolving each postcode's neighbourhood."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("csv", type=Path, help="the ONSPD or NSPL CSV file")
        parser.add_argument(
            "--pfa", help="keep only this police force area's postcodes, e.g. E23000016 (West Mercia)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        progress = not options["quiet"] and sys.stderr.isatty()
        try:
            count = import_postcodes(options["csv"], progress=progress, pfa=options["pfa"])
        except (PlacesImportError, OSError) as exc:
            raise CommandError(f"Nothing was imported. {exc}")
        if not options["quiet"]:
            self.stdout.write(self.style.SUCCESS(f"Imported {count} postcodes."))
