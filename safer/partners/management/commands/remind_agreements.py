from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.partners.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind owners and partners of information-sharing agreements about to lapse."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{sent} agreement reminder(s) sent.")
