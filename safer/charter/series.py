"""A promise's last twelve months at one place: eleven stored monthly snapshots and this month as
measured now, drawn as a small server-rendered SVG chart (no JavaScript) with a table beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safer.charter.loader import Promise, format_value, shift_months
from safer.charter.models import ScorecardSnapshot
from safer.charter.scorecard import NO_DATA, Result, Scope
from safer.lib.metrics import get_metric

MONTHS = 12
WIDTH, HEIGHT, PAD = 300, 90, 6


@dataclass(frozen=True)
class Point:
    month: dt.date
    label: str  # "Jun 2026"
    value: float | None
    text: str  # the value as the table shows it
    status: str  # "" when nothing was stored for the month
    interval: str  # "55% to 69%, 180 answers" for a survey measure
    corrected: str  # a note when the figure was later corrected


@dataclass(frozen=True)
class Chart:
    """Geometry of the small chart, in the SVG's own units (WIDTH × HEIGHT)."""

    path: str  # the line through consecutive months with a value
    dots: list[tuple[float, float, str]]  # x, y, label
    target_y: float | None
    top_label: str
    bottom_label: str
    first_label: str
    last_label: str
    empty: bool


@dataclass(frozen=True)
class Series:
    promise: Promise
    scope: Scope
    points: list[Point]
    chart: Chart
    description: str  # what the chart shows, for screen readers


def months_to(on: dt.date, count: int = MONTHS) -> list[dt.date]:
    first = on.replace(day=1)
    return [shift_months(first, -k) for k in range(count - 1, -1, -1)]


def _unit(promise: Promise) -> str:
    metric = get_metric(promise.metric)
    return metric.unit if metric else promise.target.unit


def _text(value: float | None, status: str, unit: str, too_few: bool = False) -> str:
    if not status:
        return "Not recorded"
    if value is None:
        return "Too few answers" if too_few else "No data"
    text = format_value(value, unit)
    return f"{text} (no data: records do not cover the period)" if status == NO_DATA else text


def _interval(low: float | None, high: float | None, n: int | None, unit: str) -> str:
    if low is None or high is None:
        return f"{n} answers" if n else ""
    return f"{format_value(low, unit)} to {format_value(high, unit)}, {n} answers"


def series_for(
    promise: Promise,
    scope: Scope,
    current: Result | None,
    on: dt.date,
    snapshots: dict[dt.date, ScorecardSnapshot],
) -> Series:
    """The twelve months to `on`'s month: stored rows for the earlier months, `current` for this one."""
    unit = _unit(promise)
    points = []
    for month in months_to(on):
        label = month.strftime("%b %Y")
        if month == on.replace(day=1) and current is not None:
            m = current.measurement
            value = m.value if m else None
            points.append(
                Point(
                    month,
                    f"{label} (to date)",
                    value,
                    _text(value, current.status, unit, bool(m and m.too_few)),
                    current.status,
                    _interval(m.ci_low, m.ci_high, m.sample_size, unit) if m else "",
                    "",
                )
            )
            continue
        row = snapshots.get(month)
        if row is None:
            points.append(Point(month, label, None, "Not recorded", "", "", ""))
            continue
        corrected = ""
        if row.corrected_at is not None:
            now = _text(row.corrected_value, row.corrected_status, unit)
            corrected = (
                f"Records were corrected later: measured again on {row.corrected_at:%-d %b %Y}, {now}."
            )
        too_few = row.value is None and bool(row.sample_size)
        points.append(
            Point(
                month,
                label,
                row.value,
                _text(row.value, row.status, unit, too_few),
                row.status,
                _interval(row.ci_low, row.ci_high, row.sample_size, unit),
                corrected,
            )
        )
    chart = draw(points, promise, unit)
    shown = [p for p in points if p.value is not None and p.status != NO_DATA]
    if shown:
        description = (
            f"Line chart of {len(shown)} of the last {len(points)} months, from {shown[0].label}: "
            f"{shown[0].text}, to {shown[-1].label}: {shown[-1].text}. "
            f"Target {promise.target.describe()}. The table gives every month."
        )
    else:
        description = "No month of the last twelve has a figure yet. The table gives every month."
    return Series(promise, scope, points, chart, description)


def draw(points: list[Point], promise: Promise, unit: str) -> Chart:
    """Scale the months' values and the target into the chart's box."""
    values = [p.value for p in points if p.value is not None and p.status != NO_DATA]
    target = promise.target.value
    if unit == "%":
        low, high = min([0.0, *values, target]), max([100.0, *values, target])
    else:
        low, high = min([0.0, *values, target]), max([1.0, *values, target]) * 1.1
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1)

    dots: list[tuple[float, float, str]] = []
    path, drawing = [], False
    for i, p in enumerate(points):
        if p.value is None or p.status == NO_DATA:
            drawing = False
            continue
        x = round(PAD + i * step, 1)
        path.append(f"{'L' if drawing else 'M'}{x},{y(p.value)}")
        dots.append((x, y(p.value), f"{p.label}: {p.text}"))
        drawing = True
    return Chart(
        path=" ".join(path),
        dots=dots,
        target_y=y(target),
        top_label=format_value(round(high, 1), unit),
        bottom_label=format_value(round(low, 1), unit),
        first_label=points[0].label if points else "",
        last_label=points[-1].label.replace(" (to date)", "") if points else "",
        empty=not dots,
    )


def stored(charter_id: str, scope: Scope, on: dt.date) -> dict[str, dict[dt.date, ScorecardSnapshot]]:
    """The scope's stored months for the last year, by promise then month: one query."""
    first = months_to(on)[0]
    rows = ScorecardSnapshot.objects.filter(
        charter=charter_id, level=scope.level, place=scope.slug, month__gte=first, month__lt=on.replace(day=1)
    )
    out: dict[str, dict[dt.date, ScorecardSnapshot]] = {}
    for row in rows:
        out.setdefault(row.promise, {})[row.month] = row
    return out


def stored_for_places(
    charter_id: str, promise_id: str, scopes: list[Scope], on: dt.date
) -> dict[str, dict[dt.date, ScorecardSnapshot]]:
    """One promise's stored months for many places (areas side by side), by scope key: one query."""
    first = months_to(on)[0]
    rows = ScorecardSnapshot.objects.filter(
        charter=charter_id,
        promise=promise_id,
        month__gte=first,
        month__lt=on.replace(day=1),
        place__in=[s.slug for s in scopes],
    )
    out: dict[str, dict[dt.date, ScorecardSnapshot]] = {}
    for row in rows:
        out.setdefault(f"{row.level}:{row.place}", {})[row.month] = row
    return out
