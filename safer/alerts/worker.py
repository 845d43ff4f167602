"""The delivery worker: claims batches of delivery rows, sends them, records each result.

Claiming is one conditional UPDATE … RETURNING (with `FOR UPDATE SKIP LOCKED` on PostgreSQL), which
marks rows 'sending' with a claim token and a lease. While the batch is sent a heartbeat renews the
lease (`lease.py`), so a slow relay never lets another worker take rows this one is still sending,
and a killed worker's rows are taken again a lease (ALERTS_LEASE_SECONDS, 30 s) after its last beat.
Before each send the worker checks that its claim still holds; a status write that finds its row
taken, or a renewal that finds rows missing, ends the batch at once.

Each result is written, in its own short transaction, as soon as the channel reports it and before
the next item is sent (a write that fails with the connection is retried on a new connection). So
the only window for a duplicate is a worker dying after the provider accepted an item and before
that one status write; every email keeps a stable Message-ID per delivery, so such a duplicate is
detectable downstream.

No database transaction is held open while talking to a provider.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import random
import time
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from safer.alerts import fanout, links
from safer.alerts.channels import ChannelError, Content, Links, Outgoing, Result, Sender, make_sender
from safer.alerts.channels.outbox import OutboxSender
from safer.alerts.lease import Lease
from safer.alerts.models import Channel, Delivery, Message, Subscriber

log = logging.getLogger(__name__)

BATCH_SIZES = {Channel.EMAIL: 0, Channel.SMS: 50, Channel.VOICE: 10}  # 0: ALERTS_BATCH_SIZE
HOUSEKEEPING_SECONDS = 30.0
FAILURE_FIELDS = {
    Channel.EMAIL: "email_failures",
    Channel.SMS: "sms_failures",
    Channel.VOICE: "voice_failures",
}
COLUMNS = "id, message_id, subscriber_id, channel, to_address, attempts, digest, claim_token"


@dataclass(frozen=True)
class Row:
    id: int
    message_id: int
    subscriber_id: int | None
    channel: int
    to_address: str
    attempts: int
    digest: bool
    token: str


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table() -> str:
    return _q(Delivery._meta.db_table)


def _adapt(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _rows(cursor: Any) -> list[Row]:
    return [
        Row(int(r[0]), int(r[1]), r[2], int(r[3]), r[4], int(r[5]), bool(r[6]), r[7])
        for r in cursor.fetchall()
    ]


def claim(channel: int, limit: int, token: str, now: dt.datetime | None = None) -> list[Row]:
    """Claim up to `limit` rows due for sending on `channel`: first any whose lease has run out
    (their worker died), then queued rows in due order. Digest rows are claimed by `claim_digests`."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    table = _table()
    update = (
        f"UPDATE {table} SET status = 'sending', claim_token = %s, claimed_at = %s, attempts = attempts + 1"
    )
    claimed: list[Row] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"{update} WHERE status = 'sending' AND claimed_at < %s AND id IN (SELECT id FROM {table}"
            f" WHERE status = 'sending' AND claimed_at < %s AND channel = %s AND NOT digest LIMIT %s{lock})"
            f" RETURNING {COLUMNS}",
            [token, _adapt(now), _adapt(stale), _adapt(stale), channel, limit],
        )
        claimed.extend(_rows(cursor))
        if len(claimed) < limit:
            cursor.execute(
                f"{update} WHERE status IN ('created', 'temporary-failure') AND id IN (SELECT id FROM {table}"
                " WHERE status IN ('created', 'temporary-failure') AND channel = %s AND next_attempt_at <= %s"
                f" AND NOT digest ORDER BY next_attempt_at LIMIT %s{lock}) RETURNING {COLUMNS}",
                [token, _adapt(now), channel, _adapt(now), limit - len(claimed)],
            )
            claimed.extend(_rows(cursor))
    return claimed


def claim_digests(limit_subscribers: int, token: str, now: dt.datetime | None = None) -> list[Row]:
    """Claim every due digest row of up to `limit_subscribers` subscribers, so each subscriber's
    digest is one email."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.ALERTS_LEASE_SECONDS)
    table = _table()
    due = (
        "channel = 1 AND digest AND ((status IN ('created', 'temporary-failure') AND next_attempt_at <= %s)"
        " OR (status = 'sending' AND claimed_at < %s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET status = 'sending', claim_token = %s, claimed_at = %s,"
            f" attempts = attempts + 1 WHERE {due} AND subscriber_id IN"
            f" (SELECT DISTINCT subscriber_id FROM {table} WHERE {due} LIMIT %s) RETURNING {COLUMNS}",
            [token, _adapt(now), _adapt(now), _adapt(stale), _adapt(now), _adapt(stale), limit_subscribers],
        )
        return _rows(cursor)


def backoff_seconds(attempts: int) -> float:
    """Exponential back-off with jitter: base × 2^(attempts-1), capped."""
    base = settings.ALERTS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return min(base, settings.ALERTS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2)


def in_quiet_hours(now_local: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= now_local < end
    return now_local >= start or now_local < end  # overnight, e.g. 22:00 to 07:00


def quiet_until(now: dt.datetime, end: dt.time) -> dt.datetime:
    local = timezone.localtime(now)
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if until <= local:
        until += dt.timedelta(days=1)
    return until


class Worker:
    """One delivery worker. `run()` loops; `run_once()` does one pass over every channel."""

    def __init__(
        self,
        senders: dict[int, Sender] | None = None,
        batch_size: int | None = None,
        channels: Sequence[int] = (Channel.EMAIL, Channel.SMS, Channel.VOICE),
        quiet_hours_clock: Callable[[], dt.datetime] = timezone.now,
    ) -> None:
        self.senders: dict[int, Sender] = dict(senders or {})
        # What time it is for subscribers' quiet hours: the demo sends its alert as in the morning,
        # so the demo built at night shows the same sent alert as by day.
        self.quiet_hours_clock = quiet_hours_clock
        self.batch_size = batch_size or settings.ALERTS_BATCH_SIZE
        self.channels = [Channel(c) for c in channels]
        self.contents: dict[int, Content] = {}
        self.housekept_at = 0.0
        self.lease: Lease | None = None
        self.stopping: Callable[[], bool] = lambda: False

    # --- the loop ------------------------------------------------------------------------------

    def run(
        self,
        should_stop: Callable[[], bool] = lambda: False,
        idle_sleep: float = 1.0,
        until_idle: bool = False,
    ) -> None:
        """Send until `should_stop()` (checked before each send too: the rest of a batch is put
        back) or, with `until_idle`, until nothing is due. A lost database connection is waited out."""
        self.stopping = should_stop
        try:
            while not should_stop():
                close_old_connections()
                try:
                    sent = self.run_once()
                except (OperationalError, InterfaceError) as exc:
                    log.warning("alerts.worker database unavailable (%s); trying again", type(exc).__name__)
                    if not connection.in_atomic_block:
                        connection.close()
                    time.sleep(idle_sleep)
                    continue
                if until_idle and not sent:
                    return
                if not until_idle and time.monotonic() - self.housekept_at > HOUSEKEEPING_SECONDS:
                    self.housekeeping()
                if not sent:
                    time.sleep(idle_sleep)
        finally:
            self.close()

    def run_once(self) -> int:
        if connection.vendor == "postgresql":
            # Each status is its own commit, written as soon as the provider answers. Not waiting
            # for the WAL flush makes that affordable; a database crash (not a worker crash) could
            # lose the last fraction of a second of statuses, and those rows would be sent again.
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        # A large alert's pending slices are written out here too, one a pass, so sending and
        # queueing go on together and a fan-out task that died part-way is finished.
        done = 0 if fanout.expand_one_slice() is None else 1
        for channel in self.channels:
            size = BATCH_SIZES.get(channel) or self.batch_size
            done += self._batch(functools.partial(claim, channel, size), self.process)
        if Channel.EMAIL in self.channels:
            done += self._batch(functools.partial(claim_digests, 100), self.process_digests)
        return done

    def _batch(self, take: Callable[[str], list[Row]], process: Callable[[list[Row]], None]) -> int:
        token = uuid.uuid4().hex
        claimed_at = time.monotonic()
        rows = take(token)
        if not rows:
            return 0
        with Lease(token, len(rows), claimed_at) as lease:
            self.lease = lease
            try:
                process(rows)
            finally:
                self.lease = None
                lease.release()
        return len(rows)

    def drain(self, max_passes: int = 10_000) -> int:
        """Send everything due now (tests and the demo's inline sending)."""
        total = 0
        for _ in range(max_passes):
            n = self.run_once()
            total += n
            if not n:
                break
        return total

    def housekeeping(self) -> None:
        from safer.alerts.retention import finish_messages, purge_expired

        self.housekept_at = time.monotonic()
        fanout.release_due()
        finish_messages()
        purge_expired()

    def close(self) -> None:
        for sender in self.senders.values():
            sender.close()
        self.senders.clear()

    # --- one batch -----------------------------------------------------------------------------

    def sender(self, channel: int) -> Sender:
        if channel not in self.senders:
            self.senders[channel] = make_sender(channel)
        return self.senders[channel]

    def content(self, message_id: int) -> Content:
        if message_id not in self.contents:
            from safer.alerts.render import render_content

            if len(self.contents) > 64:
                self.contents.clear()
            message = Message.objects.select_related("force").get(pk=message_id)
            self.contents[message_id] = render_content(message)
        return self.contents[message_id]

    def _subscribers(self, rows: Sequence[Row]) -> dict[int, tuple[str, dt.time | None, dt.time | None]]:
        ids = {r.subscriber_id for r in rows if r.subscriber_id is not None}
        found = Subscriber.objects.filter(pk__in=ids).values_list("pk", "key", "quiet_start", "quiet_end")
        return {pk: (key, start, end) for pk, key, start, end in found}

    @property
    def held(self) -> Lease:
        if self.lease is None:
            raise RuntimeError("no batch claimed")
        return self.lease

    def process(self, rows: list[Row]) -> None:
        with self.held.lock:
            batch, by_key = self._prepare(rows)
        self._send(rows[0].channel, batch, by_key)

    def _prepare(self, rows: list[Row]) -> tuple[list[Outgoing], dict[int, list[Row]]]:
        subscribers = self._subscribers(rows)
        now = self.quiet_hours_clock()
        now_local = timezone.localtime(now).time()
        batch: list[Outgoing] = []
        by_key: dict[int, list[Row]] = {}
        for row in rows:
            sub = subscribers.get(row.subscriber_id or 0)
            if sub is None or not row.to_address:
                self._write(row, status="cancelled", error="no-recipient")
                continue
            key, quiet_start, quiet_end = sub
            if row.channel != Channel.EMAIL and in_quiet_hours(now_local, quiet_start, quiet_end):
                assert quiet_end is not None
                self._defer(row, quiet_until(now, quiet_end))
                continue
            by_key[row.id] = [row]
            batch.append(self._outgoing(row, key, self.content(row.message_id)))
        return batch, by_key

    def process_digests(self, rows: list[Row]) -> None:
        with self.held.lock:
            batch, by_key = self._prepare_digests(rows)
        self._send(Channel.EMAIL, batch, by_key)

    def _prepare_digests(self, rows: list[Row]) -> tuple[list[Outgoing], dict[int, list[Row]]]:
        from safer.alerts.render import render_digest

        subscribers = self._subscribers(rows)
        groups: dict[int, list[Row]] = {}
        for row in rows:
            if row.subscriber_id not in subscribers or not row.to_address:
                self._write(row, status="cancelled", error="no-recipient")
                continue
            groups.setdefault(row.subscriber_id, []).append(row)
        batch: list[Outgoing] = []
        by_key: dict[int, list[Row]] = {}
        for subscriber_id, group in groups.items():
            content = render_digest(sorted({r.message_id for r in group}))
            first = min(group, key=lambda r: r.id)
            by_key[first.id] = group
            batch.append(self._outgoing(first, subscribers[subscriber_id][0], content))
        return batch, by_key

    def _outgoing(self, row: Row, key: str, content: Content) -> Outgoing:
        sid = row.subscriber_id or 0
        return Outgoing(
            key=row.id,
            to=row.to_address,
            content=content,
            links=Links(
                unsubscribe=links.unsubscribe_url(sid, key, row.channel),
                manage=links.manage_url(sid, key),
            ),
        )

    def _send(self, channel: int, batch: list[Outgoing], by_key: dict[int, list[Row]]) -> None:
        """Hand the items over one at a time, checking the claim before each; record each result."""
        if not batch:
            return
        lease = self.held
        pending = dict(by_key)
        sender = self.sender(channel)
        # The outbox writes to the database as it sends; other channels talk to a provider, and the
        # heartbeat must be free to use the connection meanwhile.
        sending_lock: AbstractContextManager[Any] = (
            lease.lock if isinstance(sender, OutboxSender) else nullcontext()
        )
        results: Iterator[Result] = iter(sender.send(batch))
        failure: ChannelError | None = None
        try:
            while pending and lease.usable() and not self.stopping():
                try:
                    with sending_lock:
                        result = next(results)
                except StopIteration:
                    break
                except ChannelError as exc:
                    log.warning("alerts.worker channel=%s batch failed: %s", channel, exc.code)
                    failure = exc
                    break
                except Exception as exc:  # a provider library's surprise: retry later, never lose the rows
                    log.error("alerts.worker channel=%s unexpected %s", channel, type(exc).__name__)
                    failure = ChannelError(f"error-{type(exc).__name__}", permanent=False)
                    break
                for row in pending.pop(result.key, []):
                    self.record(row, result)
        finally:
            if isinstance(results, Generator):
                results.close()
        if failure is not None:
            for rows in pending.values():
                for row in rows:
                    if lease.lost:
                        return
                    self.record(row, Result(key=row.id, error=failure))

    # --- status writes (each its own short transaction) ------------------------------------------

    def _write(self, row: Row, **fields: Any) -> None:
        """Write a held row's status. A row found taken by another worker marks the claim lost."""
        lease = self.held
        sets = ", ".join(f"{_q(name)} = %s" for name in fields)
        values = [_adapt(v) if isinstance(v, dt.datetime) else v for v in fields.values()]
        sql = f"UPDATE {_table()} SET {sets} WHERE id = %s AND claim_token = %s AND status = 'sending'"
        with lease.lock:
            if self._execute(sql, [*values, row.id, row.token], lease.seconds / 2):
                lease.written()
            elif lease.owns(row.id):
                lease.written()  # a try whose connection failed had written it after all
            else:
                log.warning("alerts.worker claim lost: a row of the batch was taken by another worker")
                lease.lost = True

    def _execute(self, sql: str, params: list[Any], patience: float) -> int:
        """Run one status write, on a new connection if the old one has gone (a database restart),
        for up to `patience` seconds; the number of rows written."""
        deadline = time.monotonic() + patience
        pause = 0.1
        while True:
            try:
                return _execute_once(sql, params)
            except (OperationalError, InterfaceError) as exc:
                if time.monotonic() + pause > deadline:
                    raise
                log.warning("alerts.worker status write failed (%s); reconnecting", type(exc).__name__)
                if not connection.in_atomic_block:
                    connection.close()
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    def _defer(self, row: Row, until: dt.datetime) -> None:
        """Quiet hours: back in the queue for later, without counting an attempt."""
        self._write(row, status="created", next_attempt_at=until, attempts=max(row.attempts - 1, 0))

    def record(self, row: Row, result: Result) -> None:
        with self.held.lock:
            self._record(row, result)

    def _record(self, row: Row, result: Result) -> None:
        now = timezone.now()
        if result.error is None:
            # An earlier attempt's temporary error is history now (the attempt count keeps it).
            if result.delivered:
                self._write(
                    row,
                    status="delivered",
                    sent_at=now,
                    delivered_at=now,
                    provider_ref=result.provider_ref,
                    error="",
                )
            else:
                self._write(row, status="sent", sent_at=now, provider_ref=result.provider_ref, error="")
            return
        error = result.error
        if error.permanent:
            self._write(row, status="permanent-failure", error=error.code)
            if row.subscriber_id is not None:
                count_permanent_failure(row.subscriber_id, row.channel)
        elif row.attempts >= settings.ALERTS_MAX_ATTEMPTS:
            self._write(row, status="permanent-failure", error=f"gave-up:{error.code}"[:200])
        else:
            retry_at = now + dt.timedelta(seconds=backoff_seconds(row.attempts))
            self._write(row, status="temporary-failure", error=error.code, next_attempt_at=retry_at)


def _execute_once(sql: str, params: list[Any]) -> int:
    if connection.vendor == "postgresql":
        # A server-side prepared statement: this runs once per message sent, so parsing and
        # planning it each time was a fifth of the worker's database time.
        connection.ensure_connection()
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            cursor.execute(sql, params, prepare=True)
            return int(cursor.rowcount)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def count_permanent_failure(subscriber_id: int, channel: int) -> None:
    """Count a provider's permanent failure; after ALERTS_PERMANENT_FAILURES_LIMIT, switch the
    channel off for this subscriber (they can turn it back on by confirming again)."""
    from safer.alerts.actions import switch_off_channel

    field = FAILURE_FIELDS[Channel(channel)]
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    failures = getattr(subscriber, field) + 1
    Subscriber.objects.filter(pk=subscriber_id).update(**{field: failures})
    if failures >= settings.ALERTS_PERMANENT_FAILURES_LIMIT:
        switch_off_channel(subscriber_id, channel, reason="repeated-permanent-failures")
