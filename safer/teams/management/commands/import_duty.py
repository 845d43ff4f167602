"""safer import-duty [SOURCE]: duty status from the force's rostering feed (docs/duty-feed.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.teams.rostering import FeedError, import_feed


class Command(BaseCommand):
    help = (
        "Import duty status from the rostering system's CSV or JSON feed (a file or an http(s) URL; "
        "default DUTY_FEED_URL). An error names its line and nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", nargs="?", help="file or URL (default: DUTY_FEED_URL)")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"] or settings.DUTY_FEED_URL
        if not source:
            self.stdout.write("DUTY_FEED_URL is not set: no duty feed to import.")
            return
        try:
            done = import_feed(source)
        except FeedError as error:
            raise CommandError(f"Nothing was changed: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(f"Duty status: {done.rows} people in the feed, {done.changed} changed.")
        )
