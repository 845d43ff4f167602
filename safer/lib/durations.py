"""Time between two datetimes, worked out by the database itself.

Django subtracts datetimes on SQLite by calling a Python function for every row
(`django_timestamp_diff`): over a force's duty records that was a third of the demo scorecard's
time there. `SecondsBetween` uses SQLite's own `julianday()` and PostgreSQL's `EXTRACT(EPOCH …)`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import FloatField, Func
from django.db.models.expressions import Combinable


class SecondsBetween(Func):
    """Seconds from `earlier` to `later` (datetime expressions) as a float, to the microsecond on
    PostgreSQL and the millisecond on SQLite; negative when `later` comes first, null when either
    is null."""

    arity = 2
    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)"  # PostgreSQL
    arg_joiner = " - "

    def __init__(self, later: Combinable | str, earlier: Combinable | str, **extra: Any) -> None:
        super().__init__(later, earlier, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        # SQLite's date functions keep whole milliseconds (Django stores microseconds), and a
        # difference of two julian days as doubles is rounded back to them: 4 s is 4.0, not 3.99998.
        return self.as_sql(
            compiler,
            connection,
            template="(ROUND((julianday(%(expressions)s)) * 86400000.0) / 1000.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )
