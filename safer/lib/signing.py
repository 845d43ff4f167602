"""Signed, expiring links: a token that names a row (its id and random key) for one purpose.

Tokens are signed, not encrypted, and link paths reach access logs, so a token holds ids and keys,
never personal data: an address stands in a token only as its `fingerprint`. Rotating the row's
key revokes every link already sent.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac


def new_key() -> str:
    """A random key for a row whose links should be revocable (store it; rotate to revoke)."""
    return secrets.token_urlsafe(12)


def make_token(values: list[Any], purpose: str) -> str:
    """`values` (JSON-able: ids, keys, short strings) signed for `purpose`, which is the salt: a
    token made for one purpose is refused for any other."""
    return signing.dumps(values, salt=purpose, compress=False)


def read_token(token: str, purpose: str, max_age_seconds: int) -> list[Any] | None:
    """The values a valid token for `purpose` holds, if signed within `max_age_seconds`; else None."""
    try:
        values = signing.loads(token, salt=purpose, max_age=max_age_seconds)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return values if isinstance(values, list) else None


def fingerprint(value: str, purpose: str) -> str:
    """A short keyed digest that stands for `value` (an email address, say) in a token."""
    return salted_hmac(purpose, value.lower()).hexdigest()[:20]


def absolute(path: str) -> str:
    """The full URL of a site path, for links that leave the site in an email or text."""
    return settings.SITE_URL.rstrip("/") + path
