"""`safer run-schedule`: run the periodic jobs (safer/schedule/jobs.py) until stopped."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safer.schedule.jobs import run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs (escalations, reminders, purges) on their intervals until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run whatever is due once, then stop.")
        parser.add_argument("--tick", type=float, default=30.0, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = {"now": False}

        def stop(*_: object) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            ran = run_due_jobs()
            if options["once"]:
                self.stdout.write(f"Ran: {', '.join(ran) or 'nothing was due'}")
                return
            deadline = time.monotonic() + options["tick"]
            while time.monotonic() < deadline:
                if stopping["now"]:
                    return
                time.sleep(0.5)
