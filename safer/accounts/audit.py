"""Writing to the audit log: the one function every app calls."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from safer.accounts.models import AuditEvent


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
    )


def field_changes(
    before: models.Model | None, after: models.Model, fields: list[str]
) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose values differ (as strings, so JSON can hold them)."""
    diff: dict[str, list[Any]] = {}
    for name in fields:
        old = getattr(before, name, None) if before is not None else None
        new = getattr(after, name, None)
        if old != new:
            diff[name] = [None if old is None else str(old), None if new is None else str(new)]
    return diff
