"""What an app shows on a staff member's "today" page (safer/today), in types any app may build.

Each domain app that has work for "today" keeps a `today.py` with a function

    def sections(user, now, *, counting=False) -> list[Section]

listed by dotted name in `safer/today/providers.py` (as demo steps are listed), so a lower app
never imports `today`. A provider returns nothing for a role it has no work for; with
`counting=True` (the header's counts) it may leave out sections that are only for information.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# How many items a section lists; its total says how many there are in all.
LIMIT = 10


@dataclass(frozen=True)
class Item:
    title: str  # what it is, e.g. "Message MX-4821 from Malvern Link"
    url: str  # where it is done
    action: str = "Open"  # the link's words, e.g. "Reply", "Approve"
    text: str = ""  # what it says (a message's own words), shortened
    when: dt.datetime | dt.date | None = None
    when_label: str = ""  # e.g. "Reply due", "Starts", "Status lapses"
    overdue: bool = False


@dataclass(frozen=True)
class Section:
    key: str  # unique on the page, e.g. "contact-due"
    heading: str
    items: list[Item] = field(default_factory=list)
    total: int = 0  # all there are (items holds at most LIMIT)
    more_url: str = ""  # the full list
    empty: str = ""  # said when there is nothing
    counted: bool = True  # part of the header's count (things to do, not information)


Provider = Callable[..., list[Section]]


def shorten(text: str, length: int = 280) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def section(key: str, heading: str, rows: Any, make: Callable[[Any], Item], **kwargs: Any) -> Section:
    """A section from a queryset (or list): the first LIMIT rows as items, and the total."""
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    items = [make(row) for row in rows[:LIMIT]] if total else []
    return Section(key=key, heading=heading, items=items, total=total, **kwargs)
