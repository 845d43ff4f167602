"""Housekeeping the worker runs every half minute: finished messages, and the retention purge.

After ALERTS_RETENTION_DAYS a delivery row keeps its message, channel, status and times (so the
counts and timings stay) but loses the address and any error text; outbox copies are deleted.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from safer.alerts.models import Delivery, Message, MessageStatus, OutboxMessage

log = logging.getLogger(__name__)

UNFINISHED = ("created", "temporary-failure", "sending")


def finish_messages() -> int:
    """Messages whose every immediate delivery is settled are 'sent' (digest rows may still wait)."""
    unfinished = Delivery.objects.filter(message=OuterRef("pk"), status__in=UNFINISHED, digest=False)
    return (
        Message.objects.filter(status=MessageStatus.SENDING)
        .exclude(Exists(unfinished))
        .update(status=MessageStatus.SENT)
    )


def purge_expired(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ALERTS_RETENTION_DAYS)
    purged = (
        Delivery.objects.filter(created_at__lt=cutoff, purged=False)
        .exclude(status__in=UNFINISHED)
        .update(to_address="", error="", purged=True)
    )
    OutboxMessage.objects.filter(created_at__lt=cutoff).delete()
    if purged:
        log.info("alerts.retention purged=%s", purged)
    return purged
