"""Monthly stored scorecards (ScorecardSnapshot): what each promise measured at each place, month by
month, so the scorecard over time shows what was published then, not today's recomputation.

- `take_snapshots(charter, on)` measures the charter as of `on` and stores it for `on`'s month.
  The row is final when `on` is the month's last day, and a final row is never rewritten.
- Rows of an earlier month still not final (the job missed the last day) are made final as they are.
- `check_corrections(charter, month_end)` measures a past month again; where a final row differs,
  the new figure is stored beside it (corrected_value, corrected_at) and the page says so.

`safer scorecard_snapshot` runs these daily (safer/schedule/jobs.py); `--backfill N` stores the
last N month-ends from today's records (for a new deployment or the demo), marked as measured late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safer.charter.loader import Charter, month_end, shift_months
from safer.charter.models import ScorecardSnapshot
from safer.charter.scorecard import Result, Scope, _Measurer, scopes_for

ALL_LEVELS = ("force", "area", "neighbourhood")


def _fields(result: Result) -> dict[str, object]:
    m = result.measurement
    return {
        "period_start": result.period.start,
        "period_end": result.period.end,
        "status": result.status,
        "value": m.value if m else None,
        "numerator": m.numerator if m else None,
        "denominator": m.denominator if m else None,
        "sample_size": m.sample_size if m else None,
        "ci_low": m.ci_low if m else None,
        "ci_high": m.ci_high if m else None,
        "note": (m.note if m else "")[:500],
    }


def measure(charter: Charter, on: dt.date, levels: Iterable[str] = ALL_LEVELS) -> list[tuple[Scope, Result]]:
    """Every measured promise at every place of the given levels, as of `on`."""
    force_id = settings.FORCE_ID
    measurer = _Measurer(force_id)
    wanted = set(levels)
    out = []
    for scope in scopes_for(force_id, on).values():
        if scope.level not in wanted:
            continue
        for promise in charter.promises:
            if promise.applies_at(scope.level):
                out.append((scope, measurer.result(promise, scope, on)))
    return out


@transaction.atomic
def take_snapshots(
    charter: Charter, on: dt.date | None = None, levels: Iterable[str] = ALL_LEVELS, *, late: bool = False
) -> int:
    """Store the charter as measured on `on` for its month; returns the rows written."""
    on = on or timezone.localdate()
    month = on.replace(day=1)
    ScorecardSnapshot.objects.filter(charter=charter.id, month__lt=month, final=False).update(final=True)
    final = on == month_end(on)
    existing = {
        (s.promise, s.level, s.place): s
        for s in ScorecardSnapshot.objects.filter(charter=charter.id, month=month)
    }
    now = timezone.now()
    written = 0
    for scope, result in measure(charter, on, levels):
        fields = _fields(result)
        if late:
            fields["note"] = (
                "Stored after the month ended, from the records as they stood then. " + str(fields["note"])
            )[:500]
        row = existing.get((result.promise_id, scope.level, scope.slug))
        if row is not None and row.final:
            continue
        if row is None:
            row = ScorecardSnapshot(
                charter=charter.id,
                promise=result.promise_id,
                level=scope.level,
                place=scope.slug,
                month=month,
            )
        for name, value in fields.items():
            setattr(row, name, value)
        row.place_name, row.as_of, row.final, row.taken_at = scope.name, on, final, now
        row.save()
        written += 1
    return written


@transaction.atomic
def check_corrections(charter: Charter, on: dt.date, levels: Iterable[str] = ALL_LEVELS) -> int:
    """Measure the final month ending `on` again; note each row whose figure has changed since."""
    rows = {
        (s.promise, s.level, s.place): s
        for s in ScorecardSnapshot.objects.filter(charter=charter.id, month=on.replace(day=1), final=True)
    }
    changed = 0
    for scope, result in measure(charter, on, levels):
        row = rows.get((result.promise_id, scope.level, scope.slug))
        if row is None:
            continue
        new = result.measurement.value if result.measurement else None
        same = (new is None and row.value is None) or (
            new is not None and row.value is not None and abs(new - row.value) < 0.05
        )
        if same and result.status == row.status:
            continue
        if (
            row.corrected_at is not None
            and row.corrected_value == new
            and row.corrected_status == result.status
        ):
            continue
        row.corrected_value, row.corrected_status, row.corrected_at = new, result.status, timezone.now()
        row.save(update_fields=["corrected_value", "corrected_status", "corrected_at"])
        changed += 1
    return changed


def month_ends_before(on: dt.date, count: int) -> list[dt.date]:
    """The last days of the `count` whole months before `on`'s month, oldest first."""
    first = on.replace(day=1)
    return [month_end(shift_months(first, -k)) for k in range(count, 0, -1)]
