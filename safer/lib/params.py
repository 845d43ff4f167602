"""Whole numbers from untrusted text: query parameters and admin search terms.

`str.isdigit()` is true for characters `int()` refuses ("²", "①") and says nothing of size, while
every id column holds at most a signed 64-bit integer; `int()` alone accepts "+1", " 1" and "1_000".
So an id is ASCII digits only, and at most `MAX_ID`: anything else is no number at all."""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1  # the largest value of a BIGINT column (PostgreSQL and SQLite)
_ASCII_DIGITS = re.compile(r"[0-9]+")


def whole_number(text: str, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """`text` as an int if it is ASCII digits with a value from `low` to `high`, else None."""
    if not _ASCII_DIGITS.fullmatch(text) or len(text) > len(str(high)) + 20:
        return None  # the length guard keeps int() away from a megabyte of digits
    value = int(text)
    return value if low <= value <= high else None
