"""The contact app's settings, each with the default the app runs with when settings.py sets none.

The lead adds env-driven lines for these to safer/settings.py (see README.md); until then a
deployment may set them in its own settings module.
"""

from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # The national Neighbourhood Policing Guarantee: a meaningful response within 72 hours.
    "CONTACT_REPLY_HOURS": 72,
    # Messages one IP address may send in an hour (confirmation codes and links count separately).
    "CONTACT_MESSAGES_PER_HOUR": 5,
    # How long the confirmation link or code works; unconfirmed messages are deleted after it.
    "CONTACT_CONFIRM_HOURS": 24,
    # Personal data in a message and its replies is erased this many days after it was received.
    "CONTACT_RETENTION_DAYS": 365,
}


def get(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))
