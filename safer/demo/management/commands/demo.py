"""`safer demo`: build the seeded demo data set (idempotent) and say how to sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.demo.accounts import demo_password
from safer.demo.builder import build_demo


class Command(BaseCommand):
    help = "Build the seeded demo data set: West Mercia, its areas, teams, postcodes and demo accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = build_demo(progress=not options["no_progress"])
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write("Staff demo accounts (sign in at /staff/sign-in/):")
        for account in summary.accounts:
            self.stdout.write(f"  {account.username:<20} {account.role}, {account.scope}")
        self.stdout.write(f"Password for every demo account: {demo_password()}")
        self.stdout.write("Two-factor code: python -m safer demo-code USERNAME (prints the current code)")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
