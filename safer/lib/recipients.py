"""Caps per recipient: anyone can type someone else's email address or mobile number into a public
form, so the messages sent to one address in a day are limited, whoever asks.

Counts live in the shared cache (Redis in production) under a keyed hash of the normalised address,
never the address itself.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac

from safer.lib import phones

DAY_SECONDS = 24 * 3600


def normalise(address: str) -> str:
    """An email address lower-cased, a UK phone number in E.164, anything else stripped."""
    address = address.strip()
    if "@" in address:
        return address.lower()
    try:
        return phones.normalise(address) or address
    except ValidationError:
        return address


def cache_key(address: str, purpose: str) -> str:
    digest = salted_hmac("safer.recipient-cap", f"{purpose}:{normalise(address)}", algorithm="sha256")
    return f"cap:{purpose}:{digest.hexdigest()[:32]}"


def allow(address: str, purpose: str, per_day: int) -> bool:
    """Count one message to `address` for `purpose`; False once `per_day` have been counted in the
    day since the first."""
    key = cache_key(address, purpose)
    cache.add(key, 0, timeout=DAY_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=DAY_SECONDS)
        count = 1
    return count <= per_day
