"""Crime concentration at places: top locations, share at the top x% of places, Lorenz curve, Gini.

Following Bernasco & Steenbeek (2017), the generalised Gini corrects the standard one for data with
more places than crimes, where even perfectly spread crime cannot reach every place.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _counts(values: ArrayLike) -> NDArray[np.float64]:
    a = np.asarray(values, dtype=float).ravel()
    if (a < 0).any():
        raise ValueError("counts cannot be negative")
    return a


def share_at_top(counts: ArrayLike, fraction: float) -> float | None:
    """Share of all crime at the busiest `fraction` of places (rounded up to whole places)."""
    a = _counts(counts)
    total = a.sum()
    if not len(a) or total == 0:
        return None
    k = max(1, int(np.ceil(fraction * len(a) - 1e-9)))
    return float(np.sort(a)[::-1][:k].sum() / total)


def lorenz(counts: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Cumulative share of places (busiest first) against cumulative share of crime, from (0, 0)."""
    a = np.sort(_counts(counts))[::-1]
    total = a.sum() or 1.0
    places = np.arange(len(a) + 1) / max(len(a), 1)
    crime = np.concatenate([[0.0], np.cumsum(a) / total])
    return places, crime


def gini(counts: ArrayLike) -> float | None:
    """The standard Gini coefficient: mean absolute difference over twice the mean."""
    a = np.sort(_counts(counts))
    n, total = len(a), a.sum()
    if n == 0 or total == 0:
        return None
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * a).sum()) / (n * total) - (n + 1) / n)


def generalised_gini(counts: ArrayLike, unbiased: bool = False) -> float | None:
    """G_gen = max(1, places/crimes)·(G − 1) + 1.

    With `unbiased`, also × m/(m − 1), m = min(places, crimes)."""
    a = _counts(counts)
    g = gini(a)
    if g is None:
        return None
    places, crimes = len(a), a.sum()
    gg = max(1.0, places / crimes) * (g - 1) + 1
    if unbiased:
        m = min(places, crimes)
        gg = gg * m / (m - 1) if m > 1 else float("nan")
    return float(gg)


def summary(counts: ArrayLike) -> dict[str, Any]:
    a = _counts(counts)
    return {
        "places": len(a),
        "crimes": int(a.sum()),
        "places_with_crime": int((a > 0).sum()),
        "top5": share_at_top(a, 0.05),
        "top10": share_at_top(a, 0.10),
        "gini": gini(a),
        "generalised_gini": generalised_gini(a),
    }
