"""Everything that changes a contact message: submit, confirm, assign, reply, erase (codes and
escalation live in codes.py and escalation.py, below the tasks that use them).

Views and tasks call these; each runs in a transaction and queues its sending with
`transaction.on_commit`, so nothing is sent for a change that was rolled back.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.contact.codes import CODE_PURPOSE, MAX_CODE_ATTEMPTS, bound_to
from safer.contact.models import ContactMessage, Reply, ReplyChannel, Status
from safer.lib import codes, signing
from safer.places.models import Neighbourhood

log = logging.getLogger(__name__)

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Submission:
    neighbourhood: Neighbourhood
    name: str
    channel: str
    email: str
    mobile: str
    body: str
    emergency_warning_shown: bool = False
    in_reply_to: Any = None  # an alerts Message, when this answers one


def submit(sub: Submission) -> ContactMessage:
    """Keep the message, unconfirmed, and send the confirmation link or code. The team sees nothing
    until the resident confirms."""
    from safer.contact import tasks

    with transaction.atomic():
        message = ContactMessage.objects.create(
            neighbourhood=sub.neighbourhood,
            name=sub.name,
            channel=sub.channel,
            email=sub.email if sub.channel == ReplyChannel.EMAIL else "",
            mobile=sub.mobile if sub.channel == ReplyChannel.SMS else "",
            body=sub.body,
            emergency_warning_shown=sub.emergency_warning_shown,
            in_reply_to=sub.in_reply_to,
        )
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(message.pk))
    log.info("contact.submitted message=%s channel=%s", message.pk, message.channel)
    return message


def check_code(message: ContactMessage, code: str) -> bool:
    """Confirm the message if `code` is right. Five wrong tries use the code up."""
    if message.status != Status.UNCONFIRMED or not message.code_hash or message.code_expires_at is None:
        return False
    # Take one attempt in a single conditional UPDATE before comparing: parallel guesses cannot all
    # read "4 tries so far" and each get a comparison (40 at once once checked 7 against a limit of 5).
    claimed = ContactMessage.objects.filter(
        pk=message.pk,
        status=Status.UNCONFIRMED,
        code_hash=message.code_hash,
        code_expires_at__gte=timezone.now(),
        code_attempts__lt=MAX_CODE_ATTEMPTS,
    ).update(code_attempts=F("code_attempts") + 1)
    message.refresh_from_db(fields=["code_attempts"])
    if not claimed or not codes.matches(
        message.code_hash, code, purpose=CODE_PURPOSE, bound_to=bound_to(message)
    ):
        return False
    return confirm(message)


def confirm(message: ContactMessage) -> bool:
    """The resident confirmed their address: the team receives the message and the clock starts.
    True the first time; a second click changes nothing."""
    from safer.contact import tasks

    now = timezone.now()
    due = now + dt.timedelta(hours=settings.CONTACT_REPLY_HOURS)
    with transaction.atomic():
        changed = ContactMessage.objects.filter(pk=message.pk, status=Status.UNCONFIRMED).update(
            status=Status.OPEN, confirmed_at=now, due_at=due, code_hash=""
        )
        if changed:
            transaction.on_commit(lambda: tasks.send_acknowledgement.enqueue(message.pk))
            transaction.on_commit(lambda: tasks.schedule_escalation(message.pk, due))
    message.refresh_from_db()
    if changed:
        log.info("contact.confirmed message=%s", message.pk)
    return bool(changed)


def assign(actor: User, message: ContactMessage, assignee: AbstractBaseUser | None) -> None:
    scopes.check(actor, scopes.TEAM_EDITORS, message.neighbourhood)
    if assignee is not None and not scopes.can_act_on(assignee, message.neighbourhood):
        raise PermissionDenied("Only a member of this team may be assigned its message.")
    before = message.assigned_to_id
    message.assigned_to = assignee  # type: ignore[assignment]
    message.assigned_at = timezone.now() if assignee is not None else None
    with transaction.atomic():
        message.save(update_fields=["assigned_to", "assigned_at"])
        audit.record(
            actor,
            "contact.assigned",
            message,
            {"assigned_to": [before, assignee.pk if assignee is not None else None]},
        )


def reply(
    actor: User,
    message: ContactMessage,
    body: str,
    *,
    explains_delay: bool = False,
    offers_recourse: bool = False,
) -> Reply:
    """Record the team's reply and send it to the resident through the channel they chose. The
    first reply answers the message (and is what the charter measure times)."""
    from safer.contact import tasks

    scopes.check(actor, scopes.TEAM_EDITORS, message.neighbourhood)
    now = timezone.now()
    with transaction.atomic():
        item = Reply.objects.create(
            message=message,
            author=actor if actor.is_authenticated else None,  # type: ignore[misc]
            body=body,
            created_at=now,
            explains_delay=explains_delay,
            offers_recourse=offers_recourse,
        )
        fields = ["status"]
        message.status = Status.ANSWERED
        if message.first_replied_at is None:
            message.first_replied_at = now
            fields.append("first_replied_at")
        message.save(update_fields=fields)
        audit.record(actor, "contact.replied", message, {"reply": [None, item.pk]})
        transaction.on_commit(lambda: tasks.send_reply.enqueue(item.pk))
    return item


def erase(message: ContactMessage, *, withdrawn: bool = False) -> None:
    """Remove the resident's personal data and the reply texts; keep the reference, the team and the
    times. A withdrawn message leaves the team's inbox; an answered one still counts as answered."""
    with transaction.atomic():
        if withdrawn and message.status in (Status.UNCONFIRMED, Status.OPEN):
            message.status = Status.WITHDRAWN
        message.name = message.email = message.mobile = message.body = message.code_hash = ""
        message.key = signing.new_key()  # revokes every link already sent
        message.erased_at = timezone.now()
        message.save()
        Reply.objects.filter(message=message).update(body="")


def purge(now: dt.datetime | None = None) -> tuple[int, int]:
    """Retention: delete messages never confirmed within the confirmation window, and erase the
    personal data of messages received more than CONTACT_RETENTION_DAYS ago. (deleted, erased)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(hours=settings.CONTACT_CONFIRM_HOURS)
    deleted, _ = ContactMessage.objects.filter(status=Status.UNCONFIRMED, created_at__lt=stale).delete()
    old = now - dt.timedelta(days=settings.CONTACT_RETENTION_DAYS)
    erased = 0
    to_erase = ContactMessage.objects.filter(erased_at__isnull=True).filter(
        Q(confirmed_at__lt=old) | Q(confirmed_at__isnull=True, created_at__lt=old)
    )
    for message in to_erase.iterator():
        erase(message)
        erased += 1
    return deleted, erased
