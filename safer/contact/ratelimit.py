"""Per-address limits on the public form, kept in the shared cache (Redis in production), so
every web process counts together. Only requests that would send something are counted."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

TOO_MANY = "You have sent too many messages in the last hour. Try again later, or call 101."


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def hit(request: HttpRequest, purpose: str, limit: int, window: int = 3600) -> bool:
    """Count one request; True once this address has made more than `limit` in the window."""
    bucket = int(time.time() // window)
    key = f"contact:rate:{purpose}:{client_ip(request)}:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
