"""Public pages read from a PostgreSQL read replica, when one is configured.

Inactive unless `DATABASE_REPLICA_URL` is set: settings.py then adds the `replica` database, this
router (`DATABASE_ROUTERS`) and `ReplicaReadsMiddleware`. Only GET and HEAD requests without a
session cookie, to paths starting with one of `REPLICA_READ_PATHS`, read from the replica: those are
anonymous public pages, which tolerate data a second or two old. Everything else, and every write,
uses `default`, so a signed-in user never reads behind their own writes (a replica lags the primary).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block go to the replica (when one is configured); writes never do."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Django database router: reads inside `replica_reads()` go to `replica`; all else to default."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        if _reading_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # The replica holds the same rows as default: a row read from either may point at the other's.
        if {obj1._state.db, obj2._state.db} <= {"default", REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary's schema through replication


def wants_replica(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.path.startswith(tuple(settings.REPLICA_READ_PATHS))
    )


class ReplicaReadsMiddleware:
    """Anonymous GET/HEAD requests to the public paths read from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not wants_replica(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
