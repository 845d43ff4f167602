"""Repeat victims, repeat offenders and repeat locations within a rolling window (12 months by default).

An incident is a repeat when the same victim (or offender, or location) had at least one earlier
incident in the window; the CSEW-style split is "2" against "3 or more" incidents in the window.
Vectorised: one sort and one binary search, whatever the number of people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

YEAR_SECONDS = 365 * 86400


def prior_counts(
    refs: Sequence[str],
    seconds: Sequence[int] | NDArray[np.int64],
    window_seconds: int = YEAR_SECONDS,
    groups: Sequence[str] | None = None,
) -> NDArray[np.int64]:
    """For each incident, how many earlier incidents share its ref (and group) within the window.

    `seconds` are event times as whole seconds; an empty ref counts as unknown and gets 0. Incidents at
    the same instant are ordered by their position, so only the later one counts the earlier.
    """
    n = len(refs)
    out = np.zeros(n, dtype=np.int64)
    if n == 0:
        return out
    keys = np.array(
        [f"{g}\x1f{r}" for r, g in zip(refs, groups, strict=True)] if groups is not None else list(refs),
        dtype=object,
    )
    known = np.array([bool(r) for r in refs])
    if not known.any():
        return out
    idx = np.flatnonzero(known)
    _, code = np.unique(keys[idx].astype(str), return_inverse=True)
    t = np.asarray(seconds, dtype=np.int64)[idx]
    t = t - t.min()
    span = int(t.max()) + window_seconds + 1
    composite = code.astype(np.int64) * span + t
    order = np.lexsort((np.arange(len(idx)), composite))
    sorted_keys = composite[order]
    first = np.searchsorted(sorted_keys, sorted_keys - window_seconds, side="left")
    out[idx[order]] = np.arange(len(order)) - first
    return out


@dataclass(frozen=True)
class RepeatSummary:
    incidents: int
    with_ref: int
    people: int
    repeat_people: int  # people with 2 or more incidents inside some 12-month window
    repeat_incidents: int  # incidents with an earlier one in the window
    two: int  # people whose busiest window held exactly 2
    three_or_more: int


def summarise(refs: Sequence[str], prior: NDArray[np.int64]) -> RepeatSummary:
    busiest: dict[str, int] = {}
    for ref, p in zip(refs, prior.tolist(), strict=True):
        if ref:
            busiest[ref] = max(busiest.get(ref, 0), p + 1)
    repeaters = [v for v in busiest.values() if v >= 2]
    return RepeatSummary(
        incidents=len(refs),
        with_ref=sum(1 for r in refs if r),
        people=len(busiest),
        repeat_people=len(repeaters),
        repeat_incidents=int((prior > 0).sum()),
        two=sum(1 for v in repeaters if v == 2),
        three_or_more=sum(1 for v in repeaters if v >= 3),
    )
