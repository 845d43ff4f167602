"""`safer demo-code USERNAME`: the current two-factor code for a demo account, and only a demo one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.demo.accounts import current_code, demo_totp_key, is_demo_account


class Command(BaseCommand):
    help = "Print the current TOTP code for a demo account (refuses every other account)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None or not is_demo_account(user):
            raise CommandError(f"{options['username']} is not a demo account; demo-code only serves those.")
        device = TOTPDevice.objects.filter(user=user, key=demo_totp_key()).first()
        assert device is not None  # is_demo_account checked it exists
        self.stdout.write(current_code(device))
