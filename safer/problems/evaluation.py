"""Assessment on real data: before/after crime counts for a plan's target area, a buffer ring around
it and a control area, and the displacement statistics.

Formulas (docs: ../shared/reference/analytics.md §4.3), with R = response (target) area, D = buffer
(displacement) area, C = control area, b = before, a = after:

- WDQ = (D_a/C_a − D_b/C_b) / (R_a/C_a − R_b/C_b)   (Bowers & Johnson 2003). Undefined (None) when a
  control count is zero or the success measure is zero, as Ratcliffe's WDQ calculator warns.
- WDD = (R_a − R_b) − (C_a − C_b) + (D_a − D_b) − (Cd_a − Cd_b), with variance
  R_a + R_b + C_a + C_b + D_a + D_b + Cd_a + Cd_b, the normal approximation to the Poisson
  (Wheeler & Ratcliffe 2018, Crime Science 7:11; ptools `wdd()`). Here the control area serves as
  the control for the buffer too (Cd = C), as ptools allows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from safer.crime.models import Crime


@dataclass(frozen=True)
class Counts:
    target_before: int
    target_after: int
    buffer_before: int
    buffer_after: int
    control_before: int
    control_after: int


@dataclass(frozen=True)
class WddResult:
    local: float
    local_se: float
    displacement: float
    displacement_se: float
    total: float
    total_se: float

    @property
    def z(self) -> float | None:
        return self.total / self.total_se if self.total_se else None


def wdq(c: Counts) -> float | None:
    """The weighted displacement quotient, or None when it is undefined."""
    if not c.control_before or not c.control_after:
        return None
    success = c.target_after / c.control_after - c.target_before / c.control_before
    if success == 0:
        return None
    buffer = c.buffer_after / c.control_after - c.buffer_before / c.control_before
    return buffer / success


def wdd(
    control: tuple[int, int],
    treated: tuple[int, int],
    disp_control: tuple[int, int] = (0, 0),
    disp_treated: tuple[int, int] = (0, 0),
) -> WddResult:
    """The weighted displacement difference test; each pair is (before, after), unweighted."""
    local = (treated[1] - treated[0]) - (control[1] - control[0])
    var_local = treated[1] + treated[0] + control[1] + control[0]
    disp = (disp_treated[1] - disp_treated[0]) - (disp_control[1] - disp_control[0])
    var_disp = disp_treated[1] + disp_treated[0] + disp_control[1] + disp_control[0]
    return WddResult(
        local=float(local),
        local_se=math.sqrt(var_local),
        displacement=float(disp),
        displacement_se=math.sqrt(var_disp),
        total=float(local + disp),
        total_se=math.sqrt(var_local + var_disp),
    )


def wdd_for(c: Counts) -> WddResult:
    control = (c.control_before, c.control_after)
    return wdd(control, (c.target_before, c.target_after), control, (c.buffer_before, c.buffer_after))


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last inclusive (empty if last is before first)."""
    a = int(first[:4]) * 12 + int(first[5:7]) - 1
    b = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(a, b + 1)]


@dataclass(frozen=True)
class Area:
    easting: float
    northing: float
    radius_m: float
    buffer_m: float


def monthly_counts(
    area: Area, control_ids: Iterable[int], months: list[str], category: str = ""
) -> dict[str, list[int]]:
    """{month: [target, buffer, control]} from the street-level crime table. A crime is in the target
    when its police.uk snap point lies within the radius, in the buffer when within the ring
    outside it, and in the control when it is in a control neighbourhood and in neither."""
    out = {m: [0, 0, 0] for m in months}
    if not months:
        return out
    outer = area.radius_m + area.buffer_m
    base = Crime.objects.filter(month__gte=months[0], month__lte=months[-1], location__isnull=False)
    if category:
        base = base.filter(category=category)
    near = base.filter(
        location__easting__gte=area.easting - outer,
        location__easting__lte=area.easting + outer,
        location__northing__gte=area.northing - outer,
        location__northing__lte=area.northing + outer,
    )
    for month, d in _distances(near, area):
        if d <= area.radius_m:
            out[month][0] += 1
        elif d <= outer:
            out[month][1] += 1
    control = base.filter(neighbourhood_id__in=list(control_ids))
    for month, d in _distances(control, area):
        if d > outer:
            out[month][2] += 1
    return out


def _distances(qs: object, area: Area) -> list[tuple[str, float]]:
    rows = list(qs.values_list("month", "location__easting", "location__northing"))  # type: ignore[attr-defined]
    rows = [r for r in rows if r[1] is not None and r[2] is not None]
    if not rows:
        return []
    xy = np.array([(r[1], r[2]) for r in rows], dtype=float)
    d = np.hypot(xy[:, 0] - area.easting, xy[:, 1] - area.northing)
    return [(r[0], float(v)) for r, v in zip(rows, d, strict=True)]


def before_after(monthly: dict[str, list[int]], before: list[str], after: list[str]) -> Counts:
    def total(months: list[str], k: int) -> int:
        return sum(monthly.get(m, [0, 0, 0])[k] for m in months)

    return Counts(
        target_before=total(before, 0),
        target_after=total(after, 0),
        buffer_before=total(before, 1),
        buffer_after=total(after, 1),
        control_before=total(before, 2),
        control_after=total(after, 2),
    )
