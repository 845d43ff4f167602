"""Priorities: saved by the team, published by a supervisor, reviewed and closed ("you said, we
did"). Every change is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.models import (
    Priority,
)
from safer.places.models import Neighbourhood


def save_priority(
    user: User, neighbourhood: Neighbourhood, fields: Mapping[str, Any], priority: Priority | None = None
) -> Priority:
    check_team(user, neighbourhood)
    with transaction.atomic():
        priority = priority or Priority(neighbourhood=neighbourhood)
        for name, value in fields.items():
            setattr(priority, name, value)
        if priority.action and priority.action_date is None:
            priority.action_date = timezone.localdate()
        priority.full_clean(exclude=["published_by"])
        priority.save()
        audit.record(user, "priority.saved", priority)
    return priority


def publish_priority(user: User, priority: Priority) -> Priority:
    """Only a sergeant, inspector or administrator puts a priority on the public pages."""
    check_team(user, priority.neighbourhood, roles=scopes.SUPERVISORS)
    with transaction.atomic():
        priority.is_published = True
        priority.published_at = timezone.now()
        priority.published_by = _actor(user)
        priority.save(update_fields=["is_published", "published_at", "published_by"])
        audit.record(user, "priority.published", priority)
    return priority


def review_priority(user: User, priority: Priority, *, close: bool = False) -> Priority:
    check_team(user, priority.neighbourhood)
    today = timezone.localdate()
    priority.reviewed_on = today
    if close:
        priority.closed_on = today
    priority.save(update_fields=["reviewed_on", "closed_on"])
    audit.record(user, "priority.closed" if close else "priority.reviewed", priority)
    return priority
