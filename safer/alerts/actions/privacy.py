"""A subscriber's rights over their data: everything held about them (access) and erasure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from safer.alerts.models import (
    QUEUED_STATUSES,
    Channel,
    Delivery,
    OutboxMessage,
    Status,
    Subscriber,
    bits_to_kinds,
)


def export_data(subscriber: Subscriber) -> dict[str, Any]:
    """Everything held about a subscriber (their right of access), as plain JSON-able data."""

    def iso(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime | dt.time) else value

    s = subscriber
    deliveries = Delivery.objects.filter(subscriber=s).select_related("message").order_by("created_at", "id")
    return {
        "registration": {
            "email": s.email,
            "email_confirmed_at": iso(s.email_confirmed_at),
            "mobile": s.mobile,
            "mobile_confirmed_at": iso(s.mobile_confirmed_at),
            "landline": s.landline,
            "landline_confirmed_at": iso(s.landline_confirmed_at),
            "created_at": iso(s.created_at),
            "channels_switched_off": [c.label for c in Channel if s.switched_off & c],
            "permanent_failures": {
                "email": s.email_failures,
                "text": s.sms_failures,
                "call": s.voice_failures,
            },
        },
        "preferences": {
            "email": bits_to_kinds(s.email_kinds),
            "text": bits_to_kinds(s.sms_kinds),
            "call": bits_to_kinds(s.voice_kinds),
            "digest": bits_to_kinds(s.digest_kinds),
            "digest_frequency": s.digest_frequency,
            "quiet_hours": [iso(s.quiet_start), iso(s.quiet_end)],
        },
        "places": [
            {
                "label": p.label,
                "how": p.how,
                "postcode": p.postcode,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "radius_m": p.radius_m,
                "neighbourhoods": sorted(
                    sub.neighbourhood.name for sub in p.subscriptions.select_related("neighbourhood")
                ),
            }
            for p in s.places.all()
        ],
        "groups": sorted(g.name for g in s.groups.all()),
        "consent": [
            {"at": iso(e.at), "action": e.action, "detail": e.detail} for e in s.consent_events.all()
        ],
        "pending_phone_codes": [
            {"number": c.field, "expires_at": iso(c.expires_at)} for c in s.phone_confirmations.all()
        ],
        "messages_sent": [
            {
                "message": d.message.title,
                "kind": d.message.get_kind_display(),
                "channel": Channel(d.channel).label,
                "address": d.to_address,
                "status": d.status,
                "queued_at": iso(d.created_at),
                "delivered_at": iso(d.delivered_at),
                "digest": d.digest,
            }
            for d in deliveries
        ],
    }


def delete_registration(subscriber: Subscriber) -> None:
    """Erase a subscriber: their rows go, and delivery rows keep only what is not personal (so the
    force's counts stay right)."""
    with transaction.atomic():
        deliveries = Delivery.objects.filter(subscriber=subscriber)
        OutboxMessage.objects.filter(delivery_id__in=deliveries.values("pk")).delete()
        addresses = [a for a in (subscriber.email, subscriber.mobile, subscriber.landline) if a]
        if addresses:
            OutboxMessage.objects.filter(to_address__in=addresses).delete()
        deliveries.filter(status__in=QUEUED_STATUSES).update(status=Status.CANCELLED, error="deleted")
        deliveries.update(to_address="", error="", purged=True, subscriber=None)
        subscriber.delete()
