"""A worker's hold on the batch it claimed, kept alive by a heartbeat while the batch is sent.

A claim marks rows 'sending' with a token and stamps `claimed_at`. Another worker may take a row
whose stamp is older than ALERTS_LEASE_SECONDS, so while a batch is being sent a heartbeat thread
stamps every row still held again, every ALERTS_HEARTBEAT_SECONDS (at most a third of the lease).
A slow relay then never lets another worker in, and a killed worker's rows are free a lease after
its last beat.

Before each send the worker asks `usable()`: the claim must not be known lost, and the last renewal
the database confirmed must be under half a lease old (else it renews there and then). So a worker
whose heartbeat cannot reach the database stops sending long before anyone else may take its rows.

The heartbeat uses the worker's own database connection (shared with the thread, every use of it
under `lock`): a second connection would not see rows written in an enclosing transaction, and on
SQLite would queue behind the worker's own writes.
"""

from __future__ import annotations

import logging
import threading
import time
from types import TracebackType

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone

from safer.alerts.models import Delivery

log = logging.getLogger(__name__)


def lease_seconds() -> float:
    return float(settings.ALERTS_LEASE_SECONDS)


def heartbeat_seconds() -> float:
    return min(float(settings.ALERTS_HEARTBEAT_SECONDS), lease_seconds() / 3)


class Lease:
    """The claim on one batch: `held` rows under `token`, confirmed at `confirmed_at` (monotonic
    seconds, taken before the statement that stamped them)."""

    def __init__(self, token: str, held: int, confirmed_at: float) -> None:
        self.token = token
        self.held = held
        self.confirmed_at = confirmed_at
        self.lost = False
        self.lock = threading.RLock()
        self.seconds = lease_seconds()
        self.every = heartbeat_seconds()
        self._db = connections[DEFAULT_DB_ALIAS]
        self._table = self._db.ops.quote_name(Delivery._meta.db_table)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Lease:
        self._db.inc_thread_sharing()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{self.token[:8]}", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            # A renewal stuck on an unreachable database is left to finish on its own: the batch
            # is over either way, and nothing waits for its answer.
            self._thread.join(timeout=self.seconds)
        self._db.dec_thread_sharing()

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            if self.lost or not self.held:
                return
            try:
                self.renew()
            except DatabaseError as exc:
                # Not fatal by itself: `usable()` stops the sending if no renewal gets through.
                log.warning("alerts.lease renewal failed: %s", type(exc).__name__)

    def renew(self) -> bool:
        """Stamp every row still held; False (and the claim lost) if any has been taken."""
        with self.lock:
            if self.lost:
                return False
            started = time.monotonic()
            with self._db.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {self._table} SET claimed_at = %s WHERE claim_token = %s AND status = 'sending'",
                    [self._db.ops.adapt_datetimefield_value(timezone.now()), self.token],
                )
                renewed = cursor.rowcount
            if renewed < self.held:
                log.warning("alerts.lease lost: %d of %d rows taken", self.held - renewed, self.held)
                self.lost = True
                return False
            self.confirmed_at = started
            return True

    def usable(self) -> bool:
        """May the worker hand over one more item of this batch?"""
        if self.lost:
            return False
        if time.monotonic() - self.confirmed_at < self.seconds / 2:
            return True
        try:
            return self.renew()
        except DatabaseError:
            return False

    def owns(self, delivery_id: int) -> bool:
        """Does the row still carry this claim's token (whatever its status)?"""
        with self.lock, self._db.cursor() as cursor:
            cursor.execute(f"SELECT claim_token FROM {self._table} WHERE id = %s", [delivery_id])
            found = cursor.fetchone()
        return found is not None and found[0] == self.token

    def release(self) -> None:
        """Put back what the batch did not send (stopped, or the claim lost), not counting it as an
        attempt, so that no one waits for the lease to run out."""
        if not self.held:
            return
        try:
            with self.lock, self._db.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {self._table}"
                    " SET status = CASE WHEN error = '' THEN 'created' ELSE 'temporary-failure' END,"
                    " claim_token = '', next_attempt_at = %s,"
                    " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END"
                    " WHERE claim_token = %s AND status = 'sending'",
                    [self._db.ops.adapt_datetimefield_value(timezone.now()), self.token],
                )
        except DatabaseError as exc:
            log.warning("alerts.lease could not put back unsent rows (%s): the lease frees them", exc)

    def written(self) -> None:
        """One held row has left 'sending' (its result is recorded)."""
        self.held -= 1
