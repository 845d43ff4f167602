"""Working days in England and Wales: Monday to Friday, not a bank holiday. The bank holidays come
from the `holidays` library (subdivision ENG, which Wales shares), never a hand-written list."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The nth working day after `day` (n=0: `day` itself if a working day, else the next one)."""
    current = day
    if n == 0:
        while not is_working_day(current):
            current += dt.timedelta(days=1)
        return current
    while n > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current


def due_after(start: dt.datetime, working_days: int) -> dt.datetime:
    """The end (23:59:59 local time) of the `working_days`th working day after `start`'s date."""
    local = timezone.localtime(start)
    day = add_working_days(local.date(), working_days)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=local.tzinfo)
