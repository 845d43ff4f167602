"""Staff's side of alerts: drafting a message to an area, sending or scheduling it, and the
supervisor's approval (approve, turn down) for wide reach; cancelling before it goes. Every step
checks the author's role and scope again and is written to the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.scopes import (
    ADMINISTRATORS,
    SUPERVISORS,
    TEAM_EDITORS,
    has_role,
    neighbourhoods_in_scope,
    role_names,
)
from safer.alerts import fanout
from safer.alerts.models import (
    Group,
    Message,
    MessageStatus,
    Target,
)
from safer.places.lookups import current_force
from safer.places.models import Force, Neighbourhood, PolicingArea

User = AbstractBaseUser | AnonymousUser


class ScopeError(Exception):
    """The target reaches beyond what this account may message."""


@dataclass
class Draft:
    title: str
    body: str
    kind: str
    urgency: str
    target: str
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    areas: list[PolicingArea] = field(default_factory=list)
    geometry_wkb: bytes | None = None
    group: Group | None = None
    scheduled_for: dt.datetime | None = None


def _check_scope(user: User, message: Message) -> None:
    allowed = set(neighbourhoods_in_scope(user).values_list("pk", flat=True))
    wanted = set(message.neighbourhoods.values_list("pk", flat=True))
    outside = wanted - allowed
    if outside:
        names = ", ".join(
            sorted(Neighbourhood.objects.filter(pk__in=outside).values_list("name", flat=True)[:5])
        )
        raise ScopeError(f"This message reaches neighbourhoods outside your area: {names}")
    if (
        message.target == Target.FORCE
        and len(allowed) < Neighbourhood.objects.filter(force=message.force).count()
    ):
        raise ScopeError("Only staff whose area is the whole force can message the whole force")


EDITED_FIELDS = ("title", "body", "kind", "urgency", "target", "scheduled_for")


def save_draft(user: User, draft: Draft, message: Message | None = None) -> Message:
    """Create or update a draft, resolve its target and count its reach. Raises ScopeError (and
    changes nothing) if the target reaches beyond the author's scope.

    Whoever edits a draft becomes its author: a message goes out under the name of the last person
    who wrote it, never under a colleague's who has not seen the change. The edit, and the change
    of author, go to the audit log."""
    if not has_role(user, TEAM_EDITORS):
        raise ScopeError("Your role cannot send messages")
    with transaction.atomic():
        before: dict[str, object] = {}
        if message is None:
            force = current_force()
            if force is None:
                raise Force.DoesNotExist(f"No force {settings.FORCE_ID!r}: load the force's data first")
            message = Message(force=force, author=user)  # type: ignore[misc]
        else:
            message = Message.objects.select_for_update().get(pk=message.pk)
            if message.status != MessageStatus.DRAFT:
                raise ScopeError("Only a draft can be changed")
            before = {name: getattr(message, name) for name in EDITED_FIELDS}
            before["author"] = message.author_id
            message.author = user  # type: ignore[assignment]
        for name in ("title", "body", "kind", "urgency", "target", "geometry_wkb", "group", "scheduled_for"):
            setattr(message, name, getattr(draft, name))
        message.save()
        message.target_areas.set(draft.areas if draft.target == Target.AREAS else [])
        if draft.target == Target.NEIGHBOURHOODS:
            message.neighbourhoods.set(draft.neighbourhoods)
        fanout.resolve_targets(message)
        _check_scope(user, message)
        _count_reach(message)
        if not before:
            audit.record(user, "alert.drafted", message, {"title": [None, message.title]})
        else:
            after = {name: getattr(message, name) for name in EDITED_FIELDS}
            after["author"] = message.author_id
            changes = {k: [_plain(before[k]), _plain(after[k])] for k in after if before[k] != after[k]}
            audit.record(user, "alert.edited", message, changes)
    return message


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def _count_reach(message: Message) -> None:
    """Count who the message reaches now, and so whether it needs a supervisor's approval."""
    message.reach = {str(k): v for k, v in fanout.reach(message).items()}
    total = sum(message.reach.values())
    message.needs_approval = message.target == Target.FORCE or total > settings.ALERTS_APPROVAL_THRESHOLD
    message.save(update_fields=["reach", "needs_approval"])


def who_can_approve(message: Message) -> str:
    """The rule `can_approve` applies, in words: a supervisor other than the author whose area
    covers every neighbourhood the message reaches. Administrators' area is the whole force."""

    def either(roles: list[str]) -> str:
        return f"{', '.join(roles[:-1])} or {roles[-1]}" if len(roles) > 1 else roles[0]

    others = role_names(SUPERVISORS, without=ADMINISTRATORS)
    if message.target == Target.FORCE:
        return f"an administrator, or a {either(others)} whose area is the whole force (not its author)"
    every = [*others, *role_names(ADMINISTRATORS)]
    return f"a {either(every)} whose area covers every neighbourhood it reaches (not its author)"


def _schedule(message: Message) -> None:
    from safer.alerts import tasks

    message.status = MessageStatus.SCHEDULED
    message.save(update_fields=["status"])
    pk, when = message.pk, message.scheduled_for
    if when and when > timezone.now():
        # Backends that cannot defer leave it to the delivery worker's sweep (fanout.release_due).
        if tasks.fan_out_message.get_backend().supports_defer:
            transaction.on_commit(lambda: tasks.fan_out_message.using(run_after=when).enqueue(pk))
    else:
        transaction.on_commit(lambda: tasks.fan_out_message.enqueue(pk))


def submit(user: User, message: Message) -> Message:
    """Send (or schedule) a draft, or put it to a supervisor if its reach needs approval."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.author_id != getattr(user, "pk", None) and not has_role(user, SUPERVISORS):
            raise ScopeError("Only the author can send this draft")
        if message.status != MessageStatus.DRAFT:
            raise ScopeError("This message has already been sent or submitted")
        _check_scope(user, message)
        _count_reach(message)  # people confirm between the preview and the send
        if message.needs_approval:
            message.status = MessageStatus.AWAITING_APPROVAL
            message.save(update_fields=["status"])
            audit.record(user, "alert.submitted-for-approval", message)
        else:
            _schedule(message)
            audit.record(user, "alert.sent", message)
    return message


def can_approve(user: User, message: Message) -> bool:
    if not has_role(user, SUPERVISORS):
        return False
    if message.author_id == getattr(user, "pk", None):
        return False  # four eyes: a supervisor's own wide message needs another supervisor
    try:
        _check_scope(user, message)
    except ScopeError:
        return False
    return True


def approve(user: User, message: Message) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.AWAITING_APPROVAL:
            raise ScopeError("This message is not waiting for approval")
        if not can_approve(user, message):
            raise ScopeError("You cannot approve this message")
        message.approved_by = user  # type: ignore[assignment]
        message.approved_at = timezone.now()
        message.save(update_fields=["approved_by", "approved_at"])
        _schedule(message)
        audit.record(user, "alert.approved", message)
    return message


def reject(user: User, message: Message, reason: str) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.AWAITING_APPROVAL or not can_approve(user, message):
            raise ScopeError("You cannot turn this message down")
        message.status = MessageStatus.REJECTED
        message.rejection_reason = reason[:500]
        message.save(update_fields=["status", "rejection_reason"])
        audit.record(user, "alert.rejected", message)
    return message


def cancel(user: User, message: Message) -> Message:
    """Stop a scheduled or waiting message before it goes."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        allowed = message.author_id == getattr(user, "pk", None) or can_approve(user, message)
        if not allowed or message.status not in (
            MessageStatus.DRAFT,
            MessageStatus.SCHEDULED,
            MessageStatus.AWAITING_APPROVAL,
        ):
            raise ScopeError("This message cannot be cancelled")
        message.status = MessageStatus.CANCELLED
        message.save(update_fields=["status"])
        audit.record(user, "alert.cancelled", message)
    return message
