"""`safer purge-contact-messages`: the contact app's retention (README.md, "Personal data").
Deletes messages never confirmed, and erases the personal data of messages older than
CONTACT_RETENTION_DAYS. Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safer.contact import actions


class Command(BaseCommand):
    help = "Delete unconfirmed contact messages and erase personal data past its retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, erased = actions.purge()
        self.stdout.write(f"Deleted {deleted} unconfirmed message(s); erased personal data from {erased}.")
