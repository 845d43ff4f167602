"""`safer escalate-overdue-contact`: escalate every open message past its reply deadline to the
team's sergeant. Safe to run as often as you like (cron every few minutes, or beside the worker):
each message is escalated once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safer.contact import escalation, tasks


class Command(BaseCommand):
    help = "Escalate contact messages whose reply deadline has passed (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue one escalation task per overdue message for the worker instead of running them here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = escalation.overdue()
        if options["enqueue"]:
            for pk in ids:
                tasks.escalate_if_overdue.enqueue(pk)
            self.stdout.write(f"Queued {len(ids)} overdue message(s) for escalation.")
            return
        escalated = sum(escalation.escalate(pk) for pk in ids)
        self.stdout.write(f"Escalated {escalated} overdue message(s).")
