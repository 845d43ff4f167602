from __future__ import annotations

import datetime as dt

import pytest

from safer.charter.loader import describe_period, period_ending
from safer.charter.scorecard import history_points
from safer.lib.metrics import Period

D = dt.date


@pytest.mark.parametrize(
    ("spec", "on", "expected"),
    [
        ("P90D", D(2026, 3, 31), Period(D(2026, 1, 1), D(2026, 3, 31))),
        ("P1W", D(2026, 3, 31), Period(D(2026, 3, 25), D(2026, 3, 31))),
        ("P3M", D(2026, 5, 31), Period(D(2026, 3, 1), D(2026, 5, 31))),
        ("P1M", D(2026, 3, 31), Period(D(2026, 3, 1), D(2026, 3, 31))),
        ("P12M", D(2026, 11, 27), Period(D(2025, 11, 28), D(2026, 11, 27))),
        ("P1Y", D(2024, 2, 29), Period(D(2023, 3, 1), D(2024, 2, 29))),
        ("day", D(2026, 3, 4), Period(D(2026, 3, 4), D(2026, 3, 4))),
        # Wednesday: the last whole ISO week ended on the Sunday before.
        ("week", D(2026, 3, 4), Period(D(2026, 2, 23), D(2026, 3, 1))),
        ("week", D(2026, 3, 1), Period(D(2026, 2, 23), D(2026, 3, 1))),
        ("month", D(2026, 3, 4), Period(D(2026, 2, 1), D(2026, 2, 28))),
        ("month", D(2026, 3, 31), Period(D(2026, 3, 1), D(2026, 3, 31))),
        ("quarter", D(2026, 5, 15), Period(D(2026, 1, 1), D(2026, 3, 31))),
        ("quarter", D(2026, 6, 30), Period(D(2026, 4, 1), D(2026, 6, 30))),
        ("quarter", D(2026, 1, 2), Period(D(2025, 10, 1), D(2025, 12, 31))),
        ("year", D(2026, 5, 15), Period(D(2025, 1, 1), D(2025, 12, 31))),
    ],
)
def test_it_works_out_the_period_a_promise_is_judged_over(spec: str, on: dt.date, expected: Period) -> None:
    assert period_ending(spec, on) == expected


def test_it_describes_periods_in_words() -> None:
    assert describe_period("P90D") == "over the last 90 days"
    assert describe_period("P1M") == "over the last month"
    assert describe_period("quarter") == "over the last whole quarter"
    assert describe_period("day") == "on the day"


def test_it_takes_history_at_each_month_end_and_today() -> None:
    assert history_points(D(2026, 3, 15)) == [
        D(2025, 10, 31),
        D(2025, 11, 30),
        D(2025, 12, 31),
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 15),
    ]
