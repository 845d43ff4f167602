"""Measured values read as English: "1 visit a week", not "1 visits a week"."""

from __future__ import annotations

import pytest

from safer.charter.loader import format_value


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [
        (1, "visits a week", "1 visit a week"),
        (1.0, "visits a week", "1 visit a week"),
        (2, "visits a week", "2 visits a week"),
        (1.5, "visits a week", "1.5 visits a week"),
        (0, "visits a week", "0 visits a week"),
        (1, "seconds", "1 second"),
        (1, "per 1,000", "1 per 1,000"),
        (1, "count", "1 count"),
        (1, "%", "1%"),
        (1200, "seconds", "1,200 seconds"),
    ],
)
def test_format_value_agrees_with_its_number(value: float, unit: str, written: str) -> None:
    assert format_value(value, unit) == written
