from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safer.lib.params import MAX_ID, whole_number


@pytest.mark.parametrize("text", ["0", "7", "0042", str(MAX_ID)])
def test_ascii_digits_within_the_range_are_numbers(text: str) -> None:
    assert whole_number(text) == int(text)


@pytest.mark.parametrize(
    "text", ["", "²", "①", "٣", "-1", "+1", " 1", "1 ", "1_000", "1.0", "1e3", str(MAX_ID + 1), "9" * 5000]
)
def test_anything_else_is_no_number(text: str) -> None:
    assert whole_number(text) is None


def test_the_range_is_inclusive() -> None:
    assert whole_number("5", low=5, high=5) == 5
    assert whole_number("4", low=5) is None and whole_number("6", high=5) is None


@given(st.text())
def test_any_text_gives_a_storable_number_or_none_and_never_raises(text: str) -> None:
    value = whole_number(text)
    assert value is None or (0 <= value <= MAX_ID and str(value) == text.lstrip("0").rjust(1, "0"))
