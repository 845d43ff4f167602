"""Codes that confirm a phone number: made here, below the actions and the tasks, because the task
that texts or reads out a code makes it, and the sign-up action checks it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safer.alerts.models import PhoneConfirmation, Subscriber
from safer.lib import codes

CODE_MINUTES = 30
CODE_ATTEMPTS = 5
CODE_PURPOSE = "alerts.phone-code"


def bound_to(subscriber: Subscriber) -> str:
    """What a code is bound to: a code for one subscriber (or one key, once revoked) fits no other."""
    return f"{subscriber.pk}:{subscriber.key}"


def new_phone_code(subscriber: Subscriber, field_name: str) -> str:
    """A fresh six-digit code for `mobile` or `landline`; only its hash is stored."""
    code = codes.new_code()
    PhoneConfirmation.objects.filter(subscriber=subscriber, field=field_name).delete()
    PhoneConfirmation.objects.create(
        subscriber=subscriber,
        field=field_name,
        code_hash=codes.code_hash(code, purpose=CODE_PURPOSE, bound_to=bound_to(subscriber)),
        expires_at=timezone.now() + dt.timedelta(minutes=CODE_MINUTES),
    )
    return code
