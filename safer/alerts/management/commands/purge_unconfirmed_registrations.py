"""`safer purge-unconfirmed-registrations`: delete alert registrations with no address confirmed
after ALERTS_UNCONFIRMED_DAYS (7). The schedule runs it daily; running it twice does no harm."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.alerts.retention import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete alert registrations never confirmed within ALERTS_UNCONFIRMED_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_unconfirmed()
        self.stdout.write(f"{deleted} unconfirmed registration{'s' if deleted != 1 else ''} deleted.")
