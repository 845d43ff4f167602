"""Audit entries for staff reads of incident data (victim-related), all through accounts.audit.record.

A page about one record audits that record. A page about many incidents (a table, an analysis)
writes one entry per page view: object type `crime.incident`, the ids shown (or, for an analysis of
thousands, how many and the filters), so "who saw incident 123?" is answered by one search of the
log rather than one row per incident per view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from safer.accounts import audit
from safer.accounts.models import AuditEvent
from safer.crime.models import Incident

MAX_IDS = 200  # more than two pages' worth: an entry's ids list stays small


def read_incidents(
    actor: AbstractBaseUser | AnonymousUser,
    action: str,
    ids: Iterable[int],
    count: int | None = None,
    **context: Any,
) -> AuditEvent:
    """One entry for a view of many incidents: the ids shown (at most MAX_IDS, then only the count)
    and what was asked for (`context`: page, filters, ...)."""
    shown = sorted(set(ids))
    total = len(shown) if count is None else count
    changes: dict[str, Any] = {"incidents": [None, total]}
    if shown and len(shown) <= MAX_IDS:
        changes["ids"] = [None, shown]
    changes.update({key: [None, value] for key, value in context.items()})
    return audit.record_set(actor, action, Incident, total, changes)


def read_one(
    actor: AbstractBaseUser | AnonymousUser, action: str, obj: models.Model, **context: Any
) -> AuditEvent:
    """One entry for a view of one record (an incident, or a response to one)."""
    return audit.record(actor, action, obj, {key: [None, value] for key, value in context.items()})
