"""`safer send-outgoing`: retry every transactional message (send_now) whose next attempt is due.
The schedule runs it every minute; running it twice at once sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.alerts.tasks import send_due_outgoing


class Command(BaseCommand):
    help = "Send queued transactional messages (confirmations, replies, reminders) that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_outgoing.call()
        self.stdout.write(f"{sent} message{'s' if sent != 1 else ''} sent.")
