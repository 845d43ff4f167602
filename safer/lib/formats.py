"""How the service writes times, postcodes and people's names (GOV.UK style), as plain functions
and as template filters available in every template (TEMPLATES' "builtins").

- govuk_time: 7:16am, 10pm, midday, midnight (never "7:16 a.m." or "22:00:00")
- uk_postcode: WR1 2AB, with its space, whatever spacing or case it was stored in
- person_name: a user's full name, their username only when they have no name
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).time()
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


@register.filter
def uk_postcode(value: str | None) -> str:
    compact = "".join((value or "").split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


@register.filter
def person_name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or str(user.get_username())
