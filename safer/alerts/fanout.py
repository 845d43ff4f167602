"""Fan-out: a message's recipients resolved in the database into delivery rows, in one statement.

`queue(message)` is a single `INSERT … SELECT` (with `ON CONFLICT DO NOTHING` unless the message
has no rows yet; SQLite and PostgreSQL alike): subscribers are found by joining their subscriptions
to the message's neighbourhoods (or the circle/polygon matches, or the group's members), crossed
with the channels, filtered by the bitmask preferences. Nothing loops over subscribers in Python;
drawn shapes are matched with shapely on arrays of points after a bounding-box prefilter in SQL.

A large neighbourhood, area or force alert is queued in slices (`QueueSlice`, ranges of subscriber
ids): `fan_out` commits the slices and marks the message sending in a fraction of a second, then
expands them; delivery workers expand any it has not reached, each slice once, in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from shapely import affinity

from safer.alerts.models import (
    KIND_BITS,
    AlertPlace,
    Channel,
    Delivery,
    GroupMember,
    Message,
    MessageTarget,
    QueueSlice,
    Subscriber,
    Subscription,
    Target,
)
from safer.places.models import Neighbourhood

log = logging.getLogger(__name__)

METRES_PER_DEGREE = 111_320.0


def circle(lat: float, lng: float, radius_m: float) -> shapely.Geometry:
    """A circle on the ground as a WGS84 polygon (an ellipse in degrees)."""
    dlat = radius_m / METRES_PER_DEGREE
    dlng = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    unit = shapely.Point(0, 0).buffer(1.0, quad_segs=32)
    return affinity.affine_transform(unit, [dlng, 0, 0, dlat, lng, lat])


def neighbourhood_ids_touching(geometry: shapely.Geometry) -> list[int]:
    """Neighbourhoods whose boundary meets the shape (through the process-wide boundary index)."""
    from safer.places.locate import get_index

    index = get_index()
    if len(index) == 0:
        return []
    hits = index.tree.query(geometry, predicate="intersects")
    return sorted(int(i) for i in index.ids[hits])


def channels_for(message: Message) -> list[int]:
    """Telephone calls are only for urgent messages."""
    channels = [Channel.EMAIL.value, Channel.SMS.value]
    if message.is_urgent:
        channels.append(Channel.VOICE.value)
    return channels


def resolve_targets(message: Message) -> None:
    """Turn the message's target into rows SQL can join: neighbourhoods, and for drawn shapes the
    matching subscribers. Called when the draft is saved (for the preview) and again at send."""
    if message.target == Target.AREAS:
        today = timezone.localdate()
        areas = [a for a in message.target_areas.all() if a.is_current(today)] or list(
            message.target_areas.all()
        )
        message.neighbourhoods.set(Neighbourhood.objects.filter(areas__in=areas).distinct())
    elif message.target == Target.FORCE:
        message.neighbourhoods.set(Neighbourhood.objects.filter(force=message.force))
    elif message.target == Target.GROUP and message.group is not None:
        message.neighbourhoods.set([message.group.neighbourhood])
    elif message.target in (Target.CIRCLE, Target.POLYGON):
        geometry = message.geometry
        message.neighbourhoods.set(neighbourhood_ids_touching(geometry))
        _store_shape_matches(message, geometry)


def subscribers_in_shape(geometry: shapely.Geometry) -> np.ndarray:
    """Subscriber ids with a place inside the shape: SQL bounding box, then shapely on arrays."""
    minx, miny, maxx, maxy = shapely.bounds(geometry)
    rows = np.array(
        AlertPlace.objects.filter(
            latitude__gte=miny, latitude__lte=maxy, longitude__gte=minx, longitude__lte=maxx
        ).values_list("subscriber_id", "latitude", "longitude"),
        dtype=np.float64,
    ).reshape(-1, 3)
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    inside = shapely.contains_xy(geometry, rows[:, 2], rows[:, 1])
    return np.unique(rows[inside, 0].astype(np.int64))


def _store_shape_matches(message: Message, geometry: shapely.Geometry) -> None:
    ids = subscribers_in_shape(geometry)
    MessageTarget.objects.filter(message=message).delete()
    table = connection.ops.quote_name(MessageTarget._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            cursor.executemany(
                f"INSERT INTO {table} (message_id, subscriber_id) VALUES (%s, %s)",
                [(message.pk, int(i)) for i in chunk],
            )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _recipients_sql(message: Message, bounds: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
    """The WHERE condition choosing subscriber ids `s.id` for the message's target (those with
    first <= id < end if `bounds`: the range is put inside the subscriptions' subquery too, so a
    slice reads only its own entries of the (neighbourhood, subscriber) index)."""
    within = "" if bounds is None else " AND sub.subscriber_id >= %s AND sub.subscriber_id < %s"
    within_params: list[Any] = [] if bounds is None else list(bounds)
    if message.target in (Target.CIRCLE, Target.POLYGON):
        table = _q(MessageTarget._meta.db_table)
        return f"s.id IN (SELECT mt.subscriber_id FROM {table} mt WHERE mt.message_id = %s)", [message.pk]
    if message.target == Target.GROUP:
        table = _q(GroupMember._meta.db_table)
        return f"s.id IN (SELECT gm.subscriber_id FROM {table} gm WHERE gm.group_id = %s)", [
            message.group_id or 0
        ]
    subs = _q(Subscription._meta.db_table)
    if connection.vendor == "postgresql":
        # A literal id list lets the planner estimate the match from column statistics; joining the
        # just-written target table made it guess a few rows and pick a nested loop (6x slower).
        ids = list(message.neighbourhoods.values_list("pk", flat=True))
        return (
            f"s.id IN (SELECT sub.subscriber_id FROM {subs} sub"
            f" WHERE sub.neighbourhood_id = ANY(%s){within})",
            [ids, *within_params],
        )
    through = _q(Message.neighbourhoods.through._meta.db_table)
    return (
        f"s.id IN (SELECT sub.subscriber_id FROM {subs} sub INNER JOIN {through} mn"
        f" ON mn.neighbourhood_id = sub.neighbourhood_id WHERE mn.message_id = %s{within})",
        [message.pk, *within_params],
    )


def _from_where(message: Message, bounds: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
    """FROM and WHERE shared by the reach preview and the INSERT: subscriber × wanted channel,
    with `bounds` only subscribers with first <= id < end (one slice)."""
    channels = " UNION ALL ".join(f"SELECT {int(c)} AS c" for c in channels_for(message))
    recipients, params = _recipients_sql(message, bounds)
    kind_bit = KIND_BITS[message.kind]
    sql = (
        f" FROM {_q(Subscriber._meta.db_table)} s CROSS JOIN ({channels}) ch"
        f" WHERE {recipients} AND (s.channels & ch.c) <> 0"
        " AND ((CASE ch.c WHEN 1 THEN s.email_kinds WHEN 2 THEN s.sms_kinds ELSE s.voice_kinds END)"
        f" & {kind_bit}) <> 0"
    )
    if bounds is not None:
        sql += " AND s.id >= %s AND s.id < %s"
        params = [*params, *bounds]
    return sql, params


def reach(message: Message) -> dict[int, int]:
    """How many people the message would reach on each channel now (the composer's preview)."""
    sql, params = _from_where(message)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ch.c, COUNT(*) {sql} GROUP BY ch.c", params)
        counts = {int(c): int(n) for c, n in cursor.fetchall()}
    return {c: counts.get(c, 0) for c in channels_for(message)}


def next_digest_times(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """When the next daily and weekly (Monday) digests go, at ALERTS_DIGEST_HOUR local time."""
    local = timezone.localtime(now)
    daily = local.replace(hour=settings.ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if daily <= local:
        daily += dt.timedelta(days=1)
    weekly = daily + dt.timedelta(days=(7 - daily.weekday()) % 7)
    return daily, weekly


def queue(
    message: Message,
    now: dt.datetime | None = None,
    *,
    fresh: bool = False,
    subscriber_ids: tuple[int, int] | None = None,
) -> int:
    """Insert one delivery row per (subscriber, channel) the message should reach; returns how many
    were added (re-running adds none: the rows are unique).

    `fresh`: the caller holds the message's lock and it has no delivery rows yet (fan_out), so the
    SELECT, one row per subscriber id and channel, cannot repeat a row and the insert needs no
    ON CONFLICT arbiter: on PostgreSQL its speculative insertion is a large share of a force-wide
    alert's time. The unique index still refuses a duplicate, with an error rather than silently.
    `subscriber_ids`: only subscribers with first <= id < end (one slice)."""
    now = now or timezone.now()
    daily, weekly = next_digest_times(now)
    digest_bits = 0 if message.is_urgent else KIND_BITS[message.kind]
    adapt = connection.ops.adapt_datetimefield_value
    where, params = _from_where(message, subscriber_ids)
    address = (
        "CASE ch.c WHEN 1 THEN s.email WHEN 2 THEN s.mobile ELSE (CASE WHEN s.landline <> ''"
        " AND s.landline_confirmed_at IS NOT NULL THEN s.landline ELSE s.mobile END) END"
    )
    digest = f"(ch.c = 1 AND (s.digest_kinds & {digest_bits}) <> 0)"
    sql = (
        f"INSERT INTO {_q(Delivery._meta.db_table)} (message_id, subscriber_id, channel, status, digest,"
        " to_address, attempts, next_attempt_at, claim_token, created_at, provider_ref, error, purged)"
        f" SELECT %s, s.id, ch.c, 'created', {digest}, {address}, 0,"
        f" CASE WHEN {digest} THEN (CASE WHEN s.digest_frequency = 'weekly' THEN %s ELSE %s END) ELSE %s END,"
        " '', %s, '', '', FALSE"
        f"{where}"
    )
    if not fresh:
        sql += " ON CONFLICT (message_id, subscriber_id, channel) DO NOTHING"
    args = [message.pk, adapt(weekly), adapt(daily), adapt(now), adapt(now), *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        added = max(cursor.rowcount, 0)
    return added


def fan_out(message_id: int) -> int:
    """Resolve and queue a message whose time has come; safe to run twice. Returns the rows added."""
    added = start_fan_out(message_id)
    while (more := expand_one_slice(message_id)) is not None:
        added += more
    return added


def start_fan_out(message_id: int) -> int:
    """The committed part of fan_out: the message is SENDING with its rows, or its slices, queued.
    Returns the rows added (none yet for a sliced message)."""
    from safer.alerts.models import MessageStatus

    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("force").get(pk=message_id)
        # One transaction: a message is SENDING only once its rows (or its slices) are all queued,
        # so a second run (a replayed task, or the worker's sweep racing the task) waits for the lock
        # and stops here.
        if message.status != MessageStatus.SCHEDULED:
            return 0
        if message.scheduled_for and message.scheduled_for > timezone.now():
            return 0
        resolve_targets(message)
        # A scheduled message has no rows: they are written in this transaction, under its lock.
        fresh = not Delivery.objects.filter(message_id=message.pk).exists()
        slices = slice_bounds(message) if fresh else []
        if slices:
            now = timezone.now()
            QueueSlice.objects.bulk_create(
                QueueSlice(message=message, first_subscriber_id=first, end_subscriber_id=end, created_at=now)
                for first, end in slices
            )
            added = 0
        else:
            added = queue(message, fresh=fresh)
        message.status = MessageStatus.SENDING
        message.sent_at = message.sent_at or timezone.now()
        message.queued += added
        message.save(update_fields=["status", "sent_at", "queued"])
    log.info("alerts.fan_out message=%s queued=%s slices=%s", message_id, added, len(slices))
    return added


def slice_bounds(message: Message) -> list[tuple[int, int]]:
    """Subscriber id ranges for a message reaching more than ALERTS_FANOUT_SLICE subscriptions
    (none for a smaller one, or a drawn shape or group, whose recipients are already a short list)."""
    size = settings.ALERTS_FANOUT_SLICE
    if message.target not in (Target.NEIGHBOURHOODS, Target.AREAS, Target.FORCE):
        return []
    ids = list(message.neighbourhoods.values_list("pk", flat=True))
    if Subscription.objects.filter(neighbourhood_id__in=ids)[: size + 1].count() <= size:
        return []
    bounds = Subscriber.objects.aggregate(first=Min("pk"), last=Max("pk"))
    first, last = int(bounds["first"]), int(bounds["last"])
    return [(start, min(start + size, last + 1)) for start in range(first, last + 1, size)]


def expand_one_slice(message_id: int | None = None) -> int | None:
    """Write the delivery rows of one pending slice (of this message, or any); returns how many, or
    None when no slice is pending. A worker killed part-way leaves its slice pending for another."""
    with transaction.atomic():
        pending = QueueSlice.objects.filter(expanded_at__isnull=True).order_by("pk")
        if message_id is not None:
            pending = pending.filter(message_id=message_id)
        if connection.vendor == "postgresql":
            pending = pending.select_for_update(skip_locked=True)
        piece = pending.select_related("message").first()
        if piece is None:
            return None
        now = timezone.now()
        # Marking it first makes a slice expand once even where SKIP LOCKED does not exist (SQLite:
        # a second writer waits for the first to commit, then finds it expanded).
        if not QueueSlice.objects.filter(pk=piece.pk, expanded_at__isnull=True).update(expanded_at=now):
            return 0
        # No rows of this message can have subscriber ids in the slice yet, so no arbiter is needed.
        bounds = (piece.first_subscriber_id, piece.end_subscriber_id)
        added = queue(piece.message, now, fresh=True, subscriber_ids=bounds)
        QueueSlice.objects.filter(pk=piece.pk).update(added=added)
        Message.objects.filter(pk=piece.message_id).update(queued=F("queued") + added)
    return added


def release_due(now: dt.datetime | None = None) -> int:
    """Fan out scheduled messages whose time has come but whose task has not run (a lost task, or a
    task backend that cannot defer). The delivery worker calls this every half minute."""
    from safer.alerts.models import MessageStatus

    now = now or timezone.now()
    due = Message.objects.filter(status=MessageStatus.SCHEDULED).filter(
        models.Q(scheduled_for__isnull=True) | models.Q(scheduled_for__lte=now)
    )
    ids = list(due.values_list("pk", flat=True)[:100])
    for pk in ids:
        fan_out(pk)
    return len(ids)
