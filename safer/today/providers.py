"""The apps whose work shows on "today", by dotted name (as demo steps are listed in
safer/demo/builder.py): each is a `sections(user, now, *, counting=False)` function returning
`safer.lib.today.Section`s. An app lower in the layers cannot import `today`, so it keeps its part
in its own `today.py` and is listed here; `tests/test_providers.py` fails when an app's `today.py`
is missing from this list.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils.module_loading import import_string

from safer.lib.today import Provider, Section

logger = logging.getLogger(__name__)

PROVIDERS: list[str] = [
    "safer.contact.today.sections",
    "safer.alerts.today.sections",
    "safer.engagement.today.sections",
    "safer.crime.today.sections",
    "safer.charter.today.sections",
    "safer.victims.today.sections",
    "safer.problems.today.sections",
    "safer.community.today.sections",
    "safer.volunteers.today.sections",
]


def providers() -> list[Provider]:
    return [import_string(name) for name in PROVIDERS]


def all_sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    """Every provider's sections for this user, in the list's order. A provider that fails is
    logged and left out: one broken part must not take "today" (or every staff page's header) down."""
    found: list[Section] = []
    for name, provider in zip(PROVIDERS, providers(), strict=True):
        try:
            found += provider(user, now, counting=counting)
        except Exception:
            logger.exception("today provider %s failed", name)
    return found
