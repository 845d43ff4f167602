"""`safer remind-correspondence`: email each assigned officer once when a reply agreed with a writer
is due within ENGAGEMENT_REMINDER_DAYS (default 2) or overdue. Run it on a schedule (hourly is fine):
a second run, even one overlapping the first, sends nothing already sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.engagement.tasks import send_correspondence_reminders


class Command(BaseCommand):
    help = "Remind officers of correspondence replies that are due soon or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_correspondence_reminders.call()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
