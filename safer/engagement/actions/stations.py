"""Station availability (the "A-board"): each status change is kept as history and audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.models import (
    Station,
    StationStatus,
    StationStatusChange,
)

STATION_FIELDS = ["status", "available_until", "status_note"]


def set_station_status(
    user: User, station: Station, status: str, available_until: dt.time | None = None, note: str = ""
) -> Station:
    check_team(user, station.neighbourhood)
    if status == StationStatus.AVAILABLE_UNTIL and available_until is None:
        raise ValidationError("Say until what time officers are available.")
    with transaction.atomic():
        station = Station.objects.select_for_update().get(pk=station.pk)
        before = Station.objects.get(pk=station.pk)
        station.status = status
        station.available_until = available_until if status == StationStatus.AVAILABLE_UNTIL else None
        station.status_note = note.strip()[:200]
        station.status_set_at = timezone.now()
        station.save(update_fields=[*STATION_FIELDS, "status_set_at"])
        StationStatusChange.objects.create(
            station=station,
            status=station.status,
            available_until=station.available_until,
            status_note=station.status_note,
            at=station.status_set_at,
            by=_actor(user),
        )
        audit.record(
            user, "station.status_changed", station, audit.field_changes(before, station, STATION_FIELDS)
        )
    return station
