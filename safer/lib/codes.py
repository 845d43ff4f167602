"""One-time codes sent by text or read out in a call: made at random, stored only as a keyed hash
bound to what they confirm, compared in constant time."""

from __future__ import annotations

import hmac
import secrets

from django.utils.crypto import salted_hmac

DIGITS = 6


def new_code(digits: int = DIGITS) -> str:
    """A random code of `digits` decimal digits, leading zeros kept."""
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def code_hash(code: str, *, purpose: str, bound_to: str) -> str:
    """The stored form of `code`. `bound_to` names what the code confirms (a row's id and random
    key), so a code, or its hash, is worthless anywhere else; `purpose` separates the apps."""
    return salted_hmac(purpose, f"{bound_to}:{normalise(code)}", algorithm="sha256").hexdigest()


def matches(stored_hash: str, code: str, *, purpose: str, bound_to: str) -> bool:
    if not stored_hash:
        return False
    return hmac.compare_digest(stored_hash, code_hash(code, purpose=purpose, bound_to=bound_to))


def normalise(code: str) -> str:
    """What people type: spaces and dashes between digits are allowed ("123 456")."""
    return "".join(ch for ch in code if ch not in " -\t")
