"""Statutory clocks of the legal tools in the Anti-social Behaviour, Crime and Policing Act 2014
(../shared/reference/wave2-domain.md §1.5):

- Community Protection Warning: no statutory clock and no appeal; it must come before a notice.
- Community Protection Notice (s43): appeal to the magistrates within 21 days of service (s46).
- Closure notice (s76–77): lasts up to 24 hours, or 48 hours if a superintendent extends it;
  Christmas Day is not counted. The closure order application must be heard by the magistrates'
  court within 48 hours of service (s80).
- Closure order (s80): up to 3 months, extendable to 6 months in total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

CPN_APPEAL_DAYS = 21
CLOSURE_NOTICE_HOURS = 24
CLOSURE_NOTICE_EXTENDED_HOURS = 48
CLOSURE_HEARING_HOURS = 48
CLOSURE_ORDER_MONTHS = 3
CLOSURE_ORDER_MAX_MONTHS = 6


@dataclass(frozen=True)
class Clock:
    label: str
    due: dt.datetime | dt.date

    @property
    def shown(self) -> str:
        """The deadline as people read it: a date, or a date and time for the hour-based clocks."""
        if isinstance(self.due, dt.datetime):
            return timezone.localtime(self.due).strftime("%-d %b %Y %H:%M")
        return self.due.strftime("%-d %b %Y")

    @property
    def passed(self) -> bool:
        if isinstance(self.due, dt.datetime):
            return self.due < timezone.now()
        return self.due < timezone.localdate()


def hours_not_counting_christmas(start: dt.datetime, hours: int) -> dt.datetime:
    """`start` plus `hours`, with any time on Christmas Day (local time) not counted."""
    tz = timezone.get_current_timezone()
    cur = timezone.localtime(start, tz)
    remaining = dt.timedelta(hours=hours)
    while remaining > dt.timedelta(0):
        if cur.month == 12 and cur.day == 25:
            cur = dt.datetime(cur.year, 12, 26, tzinfo=tz)
            continue
        year = cur.year if (cur.month, cur.day) < (12, 25) else cur.year + 1
        christmas = dt.datetime(year, 12, 25, tzinfo=tz)
        step = min(remaining, christmas - cur)
        cur += step
        remaining -= step
    return cur


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    return dt.date(year, month, 28)


def clocks(tool: str, served_at: dt.datetime | None, extended_to_48h: bool = False) -> list[Clock]:
    """The deadlines that run from service of the tool (empty until it is served)."""
    if served_at is None:
        return []
    if tool == "cpn":
        served = timezone.localtime(served_at).date()
        return [Clock("Appeal to the magistrates' court closes", served + dt.timedelta(days=CPN_APPEAL_DAYS))]
    if tool == "closure_notice":
        hours = CLOSURE_NOTICE_EXTENDED_HOURS if extended_to_48h else CLOSURE_NOTICE_HOURS
        return [
            Clock("Closure notice ends", hours_not_counting_christmas(served_at, hours)),
            Clock(
                "Closure order must be heard in court by",
                served_at + dt.timedelta(hours=CLOSURE_HEARING_HOURS),
            ),
        ]
    if tool == "closure_order":
        made = timezone.localtime(served_at).date()
        return [
            Clock("Closure order ends (unless extended)", add_months(made, CLOSURE_ORDER_MONTHS)),
            Clock("Latest end with extensions", add_months(made, CLOSURE_ORDER_MAX_MONTHS)),
        ]
    return []
