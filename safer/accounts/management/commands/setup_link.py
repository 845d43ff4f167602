"""`safer setup-link USERNAME`: a one-time set-up link for an account's authenticator app, for the
first administrator (before anyone can issue one from the staff pages)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from safer.accounts import enrolment


class Command(BaseCommand):
    help = "Print a one-time link for USERNAME to set up an authenticator app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("No active account has that username.")
        self.stdout.write(enrolment.issue(None, user))
