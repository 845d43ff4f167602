"""Housekeeping: finished messages and the retention purge (the worker, every half minute), and
unconfirmed registrations (`safer purge-unconfirmed-registrations`, daily from the schedule).

After ALERTS_RETENTION_DAYS a delivery row keeps its message, channel, status and times (so the
counts and timings stay) but loses the address and any error text; outbox copies and settled
transactional messages are deleted. A registration with no address confirmed after
ALERTS_UNCONFIRMED_DAYS is deleted: someone typed an address that was never theirs, or gave up.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from safer.alerts.models import (
    Delivery,
    Message,
    MessageStatus,
    OutboxMessage,
    OutgoingMessage,
    OutgoingStatus,
    QueueSlice,
    Subscriber,
)

log = logging.getLogger(__name__)

UNFINISHED = ("created", "temporary-failure", "sending")


def finish_messages() -> int:
    """Messages whose every immediate delivery is settled are 'sent' (digest rows may still wait)."""
    unfinished = Delivery.objects.filter(message=OuterRef("pk"), status__in=UNFINISHED, digest=False)
    unexpanded = QueueSlice.objects.filter(message=OuterRef("pk"), expanded_at__isnull=True)
    return (
        Message.objects.filter(status=MessageStatus.SENDING)
        .exclude(Exists(unfinished))
        .exclude(Exists(unexpanded))
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
    OutgoingMessage.objects.filter(created_at__lt=cutoff).exclude(status=OutgoingStatus.QUEUED).delete()
    if purged:
        log.info("alerts.retention purged=%s", purged)
    return purged


def purge_unconfirmed(now: dt.datetime | None = None) -> int:
    """Delete registrations older than ALERTS_UNCONFIRMED_DAYS with no address confirmed (their
    places, subscriptions, codes and consent records go with them); the number deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
    stale = Subscriber.objects.filter(
        created_at__lt=cutoff,
        email_confirmed_at__isnull=True,
        mobile_confirmed_at__isnull=True,
        landline_confirmed_at__isnull=True,
    )
    deleted = stale.delete()[1].get("alerts.Subscriber", 0)
    if deleted:
        log.info("alerts.retention unconfirmed_deleted=%s", deleted)
    return deleted
