"""How "today" writes when something is due: "today at 3pm", "tomorrow at 9:30am", "Wed 9 Dec at
midday", "8 December 2026" (a date with no time)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from safer.lib.formats import govuk_time

register = template.Library()


@register.filter
def when(value: dt.datetime | dt.date | None, now: dt.datetime | None = None) -> str:
    if value is None:
        return ""
    today = timezone.localdate(now) if now else timezone.localdate()
    if not isinstance(value, dt.datetime):
        if value == today:
            return "today"
        return f"{value.day} {value:%B %Y}"
    local = timezone.localtime(value)
    day = local.date()
    if day == today:
        label = "today"
    elif day == today + dt.timedelta(days=1):
        label = "tomorrow"
    elif day == today - dt.timedelta(days=1):
        label = "yesterday"
    else:
        label = f"{local:%a} {local.day} {local:%b}" + ("" if local.year == today.year else f" {local.year}")
    return f"{label} at {govuk_time(local)}"
