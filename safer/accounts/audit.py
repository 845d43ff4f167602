"""Writing to the audit log: `record` for one object, `record_set` for a read of many rows."""

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
    return _write(actor, action, obj._meta.label_lower, str(obj.pk), changes)


def _write(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: str,
    changes: dict[str, Any] | None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
        action=action,
        object_type=object_type,
        object_id=object_id,
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


def record_set(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    model: type[models.Model],
    count: int,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """One entry for a read of many rows of `model` at once (a table, an analysis): the object id
    says how many, `changes` carries the ids and what was asked for."""
    return _write(actor, action, model._meta.label_lower, f"set of {count}", changes)
