"""Store this month's scorecard for every charter that binds the force (run daily); optionally check
last month for corrections, or backfill the last N months from today's records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from safer.charter.loader import charters_for_force
from safer.charter.snapshots import ALL_LEVELS, check_corrections, month_ends_before, take_snapshots


class Command(BaseCommand):
    help = "Store the scorecard as measured today for this month (final on the month's last day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check-corrections", action="store_true", help="Measure last month again.")
        parser.add_argument("--backfill", type=int, default=0, help="Also store the last N whole months.")
        parser.add_argument(
            "--levels", default=",".join(ALL_LEVELS), help="Comma-separated: force,area,neighbourhood."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        levels = [lv for lv in options["levels"].split(",") if lv in ALL_LEVELS]
        if not levels:
            self.stderr.write("Give --levels from force, area, neighbourhood.")
            return
        for charter in charters_for_force():
            for on in month_ends_before(today, max(0, min(options["backfill"], 36))):
                take_snapshots(charter, on, levels, late=True)
            rows = take_snapshots(charter, today, levels)
            self.stdout.write(f"{charter.id}: {rows} rows stored for {today:%B %Y}")
            if options["check_corrections"]:
                changed = check_corrections(charter, month_ends_before(today, 1)[0], levels)
                self.stdout.write(f"{charter.id}: {changed} figures of last month corrected since")
