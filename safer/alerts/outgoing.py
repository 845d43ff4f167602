"""The queue behind `send_now` (safer/lib/sending.py): transactional messages stored as
OutgoingMessage rows and sent through the channels, with retries.

Each attempt first claims the row (a conditional UPDATE that pushes its next attempt past the time
a send could take), so two runners never send the same row at once, and a runner that dies
mid-send leaves the row to be retried after the claim lapses. A temporary failure is retried with
backoff, both by a deferred task and by the periodic sweep (`safer send-outgoing`), so a lost task
cannot strand a message. Nothing here logs an address or a message's words.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import default_task_backend

from safer.alerts.channels import ChannelError, Content, Links, Outgoing, make_sender
from safer.alerts.channels.base import Attachment
from safer.alerts.models import Channel, OutgoingMessage, OutgoingStatus
from safer.lib import sending

log = logging.getLogger(__name__)

CHANNELS = {sending.EMAIL: Channel.EMAIL, sending.SMS: Channel.SMS, sending.VOICE: Channel.VOICE}
CLAIM_SECONDS = 120  # longer than one send can take (the SMTP channel times out after 30 s)
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
KEY_OFFSET = 10**12  # keeps a transactional Message-ID apart from a delivery's


def queue(message: sending.Transactional) -> int:
    """Store `message` and queue its first attempt for when the transaction commits."""
    from safer.alerts import tasks

    row = OutgoingMessage.objects.create(
        channel=CHANNELS[message.channel],
        to_address=message.to,
        subject=message.subject[:300],
        text=message.text,
        html=message.html,
        attachments=[
            {"filename": a.filename, "mimetype": a.mimetype, "content": base64.b64encode(a.content).decode()}
            for a in message.attachments
        ],
        ref=message.ref[:80],
    )
    pk = row.pk
    transaction.on_commit(lambda: tasks.send_outgoing.enqueue(pk))
    log.info("outgoing.queued id=%s ref=%s", pk, row.ref)
    return pk


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def due(now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        OutgoingMessage.objects.filter(status=OutgoingStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )


def _item(row: OutgoingMessage) -> Outgoing:
    content = Content(
        message_id=0, subject=row.subject, text=row.text, html=row.html, sms=row.text, spoken=row.text
    )
    return Outgoing(
        key=KEY_OFFSET + row.pk,
        to=row.to_address,
        content=content,
        links=Links(unsubscribe="", manage=""),
        transactional=True,
        attachments=tuple(
            Attachment(a["filename"], base64.b64decode(a["content"]), a["mimetype"]) for a in row.attachments
        ),
    )


def _attempt(row: OutgoingMessage) -> tuple[str, ChannelError | None]:
    """(provider reference, None) when the provider took it; ("", error) otherwise."""
    try:
        sender = make_sender(row.channel)
    except Exception as exc:  # a setting to fix, not this message: retried once it is fixed
        return "", ChannelError(f"config-{type(exc).__name__}", permanent=False)
    try:
        results = list(sender.send([_item(row)]))
    except ChannelError as exc:
        return "", exc
    except Exception as exc:
        # Whatever a provider's client raises, the message waits for its next attempt; only the
        # error's type is kept, since its text can hold the address.
        return "", ChannelError(f"error-{type(exc).__name__}", permanent=False)
    finally:
        sender.close()
    if not results:
        return "", ChannelError("no-result", permanent=False)
    if results[0].error is not None:
        return "", results[0].error
    return results[0].provider_ref, None


def send(outgoing_id: int, now: dt.datetime | None = None) -> str:
    """One attempt at a queued, due message; its status afterwards ("" if it was not ours to try)."""
    now = now or timezone.now()
    claimed = OutgoingMessage.objects.filter(
        pk=outgoing_id, status=OutgoingStatus.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    if not claimed:
        return ""
    row = OutgoingMessage.objects.get(pk=outgoing_id)
    provider_ref, error = _attempt(row)
    if error is None:
        _finish(row, OutgoingStatus.SENT, provider_ref=provider_ref, sent_at=timezone.now())
        return OutgoingStatus.SENT
    if error.permanent or row.attempts >= settings.SEND_NOW_MAX_ATTEMPTS:
        _finish(row, OutgoingStatus.FAILED, error=error.code)
        return OutgoingStatus.FAILED
    retry_at = timezone.now() + backoff(row.attempts)
    OutgoingMessage.objects.filter(pk=row.pk, status=OutgoingStatus.QUEUED).update(
        next_attempt_at=retry_at, error=error.code
    )
    log.warning("outgoing.retry id=%s ref=%s attempt=%s error=%s", row.pk, row.ref, row.attempts, error.code)
    _schedule_retry(row.pk, retry_at)
    return OutgoingStatus.QUEUED


def _finish(
    row: OutgoingMessage,
    status: str,
    *,
    error: str = "",
    provider_ref: str = "",
    sent_at: dt.datetime | None = None,
) -> None:
    OutgoingMessage.objects.filter(pk=row.pk).update(
        status=status,
        text="",
        html="",
        attachments=[],
        error=error,
        provider_ref=provider_ref,
        sent_at=sent_at,
    )
    log.info("outgoing.%s id=%s ref=%s attempts=%s", status, row.pk, row.ref, row.attempts)
    if row.ref:
        sending.outcome.send(
            sender=OutgoingMessage, ref=row.ref, sent=status == OutgoingStatus.SENT, error=error
        )


def _schedule_retry(outgoing_id: int, retry_at: dt.datetime) -> None:
    """A deferred task where the backend can defer; otherwise the periodic sweep retries it."""
    from safer.alerts import tasks

    if default_task_backend.supports_defer:
        tasks.send_outgoing.using(run_after=retry_at).enqueue(outgoing_id)


def send_due(now: dt.datetime | None = None) -> int:
    """Try every queued message that is due; the number sent."""
    return sum(send(pk, now) == OutgoingStatus.SENT for pk in due(now))
