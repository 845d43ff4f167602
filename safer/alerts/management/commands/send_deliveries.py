"""`safer send-deliveries`: the delivery worker. `safer serve` starts one; run more for throughput
(they share the queue safely: claims never overlap)."""

from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safer.alerts.worker import Worker


class Command(BaseCommand):
    help = "Send queued alert deliveries (email, text, calls) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--until-idle", action="store_true", help="Stop when nothing is due.")
        parser.add_argument("--batch-size", type=int, default=0, help="Rows claimed at a time.")
        parser.add_argument(
            "--channel", action="append", choices=["email", "sms", "voice"], help="Only these channels."
        )
        parser.add_argument("--idle-sleep", type=float, default=1.0, help="Seconds to wait when idle.")

    def handle(self, *args: Any, **options: Any) -> None:
        from safer.alerts.models import Channel

        names = {"email": Channel.EMAIL, "sms": Channel.SMS, "voice": Channel.VOICE}
        channels = [names[c] for c in options["channel"]] if options["channel"] else list(names.values())
        worker = Worker(batch_size=options["batch_size"] or None, channels=channels)
        stopping = {"now": False}

        def stop(*_: object) -> None:
            stopping["now"] = True  # finish the item in hand, put the rest of the batch back, leave

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker.run(
            should_stop=lambda: stopping["now"],
            idle_sleep=options["idle_sleep"],
            until_idle=options["until_idle"],
        )
