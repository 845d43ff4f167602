"""Erase victim records whose retention has ended, and refresh the repeat and vulnerability flags
of the rest from incident data (daily, from `safer run-schedule`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.victims import retention, rules
from safer.victims.records import Victim


class Command(BaseCommand):
    help = "Erase victim records at the end of retention and refresh their flags."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = retention.erase_due()
        refreshed = 0
        for victim in Victim.objects.filter(erased_at__isnull=True).iterator():
            before = (victim.is_repeat, victim.is_vulnerable)
            rules.refresh_flags(victim)
            if (victim.is_repeat, victim.is_vulnerable) != before:
                victim.save(update_fields=["is_repeat", "is_vulnerable"])
                refreshed += 1
        if options["verbosity"]:
            self.stdout.write(f"{erased} victim records erased, {refreshed} flags changed")
