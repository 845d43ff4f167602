"""The code texted to a resident who wrote in by text: made here, below the actions and the tasks,
because the task that texts it makes it and the confirm action checks it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safer.contact.models import ContactMessage
from safer.lib import codes

CODE_MINUTES = 30
MAX_CODE_ATTEMPTS = 5
CODE_PURPOSE = "contact.code"


def bound_to(message: ContactMessage) -> str:
    """What a code is bound to: a code for one message (or one key, once revoked) fits no other."""
    return f"{message.pk}:{message.key}"


def new_code(message: ContactMessage) -> str:
    """A fresh 6-digit code for the resident's mobile; only its hash is kept."""
    code = codes.new_code()
    message.code_hash = codes.code_hash(code, purpose=CODE_PURPOSE, bound_to=bound_to(message))
    message.code_expires_at = timezone.now() + dt.timedelta(minutes=CODE_MINUTES)
    message.code_attempts = 0
    message.save(update_fields=["code_hash", "code_expires_at", "code_attempts"])
    return code
