"""The Knox near-repeat test, laid out like the Near Repeat Calculator but with explicit [a, b) bands.

How it is fast (see the analytics reference, section 1.5):
- only pairs closer than the largest finite spatial band matter per permutation; they are found once
  with a KD-tree and never recomputed (space is never permuted, only time);
- the "beyond" row and column, and the expected counts, depend only on margins that a permutation of
  times cannot change, so they cost nothing per permutation and the expectations are exact;
- permutations run in a compiled kernel, K at a time per pass over the pair list, in parallel blocks
  whose random streams are seeded from (seed, block), so a seed always gives the same answer.

Times are whole days (the NRC does the same); distances are in metres on a projected grid (the
British National Grid for incident data), either city-block (east–west plus north–south, the metric
called "manhattan") or straight-line ("euclidean"); neither follows the streets.
Memory is O(n + pairs), never O(n²).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numba
import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

Metric = Literal["manhattan", "euclidean"]
# What each metric is, in words. "manhattan" is |Δeasting| + |Δnorthing| on the grid: the city-block
# distance, which is NOT the distance along streets (nothing here knows where the streets are).
METRIC_NAMES: dict[str, str] = {"manhattan": "city-block", "euclidean": "straight-line"}
BLOCK = 16  # permutations evaluated per pass over the pair list


@dataclass
class KnoxResult:
    """Rows are spatial bands (the last is "beyond"), columns temporal bands (the last is "beyond")."""

    spatial_edges: list[float]
    temporal_edges: list[int]
    metric: str
    permutations: int
    seed: int
    n: int
    observed: NDArray[np.int64]
    expected: NDArray[np.float64]
    sim_mean: NDArray[np.float64] | None = None
    sim_median: NDArray[np.float64] | None = None
    p_values: NDArray[np.float64] | None = None
    close_pairs: int = 0
    simulations: NDArray[np.int64] | None = field(default=None, repr=False)

    @property
    def pairs(self) -> int:
        return self.n * (self.n - 1) // 2

    @property
    def knox_ratio(self) -> NDArray[np.float64]:
        """Observed over the exact expectation N_s·N_t/N (NaN where nothing is expected)."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.expected > 0, self.observed / self.expected, np.nan)

    @property
    def knox_ratio_sim(self) -> NDArray[np.float64] | None:
        """Observed over the mean of the simulations, as the NRC reports it."""
        if self.sim_mean is None:
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.sim_mean > 0, self.observed / self.sim_mean, np.nan)

    def significant(self, alpha: float = 0.05, min_ratio: float = 1.2) -> NDArray[np.bool_]:
        """Ratcliffe's highlighting rule: p ≤ alpha and a Knox ratio at least 20% above chance."""
        if self.p_values is None:
            return np.zeros(self.observed.shape, dtype=bool)
        return (self.p_values <= alpha) & (np.nan_to_num(self.knox_ratio) >= min_ratio)

    @property
    def row_labels(self) -> list[str]:
        return band_labels(self.spatial_edges, "m")

    @property
    def column_labels(self) -> list[str]:
        return band_labels([float(e) for e in self.temporal_edges], "days")

    def to_dict(self) -> dict[str, Any]:
        def grid(a: NDArray[Any] | None) -> list[list[float | None]] | None:
            if a is None:
                return None
            return [[None if np.isnan(v) else float(v) for v in row] for row in np.asarray(a, dtype=float)]

        return {
            "spatial_edges": self.spatial_edges,
            "temporal_edges": self.temporal_edges,
            "metric": self.metric,
            "metric_name": METRIC_NAMES[self.metric],
            "permutations": self.permutations,
            "seed": self.seed,
            "n": self.n,
            "rows": self.row_labels,
            "columns": self.column_labels,
            "observed": grid(self.observed),
            "expected": grid(self.expected),
            "knox_ratio": grid(self.knox_ratio),
            "sim_mean": grid(self.sim_mean),
            "p_values": grid(self.p_values),
        }


def band_labels(edges: Sequence[float], unit: str) -> list[str]:
    """Explicit interval labels: "[0, 1) m" ... "[400, ∞) m" (never the NRC's ambiguous "a to b")."""

    def num(v: float) -> str:
        return f"{v:g}"

    labels = [f"[{num(a)}, {num(b)}) {unit}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    labels.append(f"[{num(edges[-1])}, ∞) {unit}")
    return labels


def _check_edges(edges: Sequence[float], what: str) -> None:
    if len(edges) < 2:
        raise ValueError(f"{what} bands need at least two edges")
    if edges[0] != 0:
        raise ValueError(f"{what} bands must start at 0")
    if any(b <= a for a, b in zip(edges[:-1], edges[1:], strict=True)):
        raise ValueError(f"{what} band edges must increase")


def pair_distances(xy: NDArray[np.float64], i: NDArray[np.int64], j: NDArray[np.int64], metric: str) -> Any:
    """The one distance formula used everywhere (and by the brute-force test)."""
    d = xy[i] - xy[j]
    if metric == "manhattan":
        return np.abs(d[:, 0]) + np.abs(d[:, 1])
    return np.sqrt(d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1])


def _morton_order(xy: NDArray[np.float64], cell: float) -> NDArray[np.intp]:
    """Order events along a Z curve of cells, so the two ends of a close pair sit close in memory."""
    g = np.floor((xy - xy.min(axis=0)) / cell).astype(np.uint64)
    g = np.minimum(g, np.uint64(0xFFFF))
    key = np.zeros(len(xy), dtype=np.uint64)
    for bit in range(16):
        b = np.uint64(bit)
        key |= ((g[:, 0] >> b) & np.uint64(1)) << np.uint64(2 * bit)
        key |= ((g[:, 1] >> b) & np.uint64(1)) << np.uint64(2 * bit + 1)
    return np.argsort(key, kind="stable")


def close_pairs(
    xy: NDArray[np.float64], spatial_edges: Sequence[float], metric: str
) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.int16]]:
    """Every unordered pair closer than the largest finite edge, with its spatial band."""
    r = float(spatial_edges[-1])
    tree = cKDTree(xy)
    # A hair wider than r so rounding inside the tree never drops a pair our own formula keeps.
    pairs = tree.query_pairs(
        r * (1 + 1e-9) + 1e-9, p=1.0 if metric == "manhattan" else 2.0, output_type="ndarray"
    )
    i = pairs[:, 0].astype(np.int64)
    j = pairs[:, 1].astype(np.int64)
    d = pair_distances(xy, i, j, metric)
    keep = d < r
    band = np.searchsorted(np.asarray(spatial_edges, dtype=float), d[keep], side="right") - 1
    return i[keep].astype(np.int32), j[keep].astype(np.int32), band.astype(np.int16)


def lag_counts(days: NDArray[np.int64], maxlag: int) -> NDArray[np.int64]:
    """Pairs at each time lag 0..maxlag-1 over ALL n(n-1)/2 pairs (slot maxlag: every longer lag)."""
    h = np.bincount(days - days.min()).astype(np.int64)
    out = np.zeros(maxlag + 1, dtype=np.int64)
    out[0] = int((h * (h - 1) // 2).sum())
    for lag in range(1, min(maxlag, len(h))):
        out[lag] = int(np.dot(h[:-lag], h[lag:]))
    n = len(days)
    out[maxlag] = n * (n - 1) // 2 - int(out[:maxlag].sum())
    return out


@numba.njit(cache=True, nogil=True)
def _observed_kernel(
    pi: Any, pj: Any, band: Any, t: Any, lut: Any, maxlag: int, ncols: int, nrows: int
) -> Any:  # pragma: no cover - compiled
    out = np.zeros(nrows * ncols, dtype=np.int64)
    for k in range(pi.shape[0]):
        d = t[pi[k]] - t[pj[k]]
        if d < 0:
            d = -d
        if d > maxlag:
            d = maxlag
        out[band[k] * ncols + lut[d]] += 1
    return out


@numba.njit(cache=True, nogil=True)
def _count_block(
    pi: Any, pj: Any, band: Any, tmat: Any, lut: Any, maxlag: int, ncols: int, nrows: int
) -> Any:  # pragma: no cover - compiled
    """Counts for K time columns at once: tmat is (n, K), one permuted copy of the times per column."""
    k_perm = tmat.shape[1]
    c = np.zeros((k_perm, nrows * ncols), dtype=np.int64)
    for k in range(pi.shape[0]):
        a = pi[k]
        b = pj[k]
        base = band[k] * ncols
        for q in range(k_perm):
            d = tmat[a, q] - tmat[b, q]
            if d < 0:
                d = -d
            if d > maxlag:
                d = maxlag
            c[q, base + lut[d]] += 1
    return c


@numba.njit(cache=True, parallel=True)
def _permutation_tables(
    pi: Any,
    pj: Any,
    band: Any,
    pool: Any,
    m: int,
    lut: Any,
    maxlag: int,
    ncols: int,
    nrows: int,
    nperm: int,
    block_seeds: Any,
) -> Any:  # pragma: no cover - compiled
    """Tables for `nperm` random relabellings of the times. Only the m events that belong to some close
    pair (numbered 0..m-1 in pi/pj) need a time, so each permutation is a partial Fisher-Yates shuffle
    of the whole pool: m draws without replacement, O(m) rather than O(n).

    Each draw is the value swapped INTO position x (perm[x] after the swap); recording the value
    swapped out instead kept most true times in a block's first table and repeated times in the
    others, which biased every p-value upwards. A shuffle continued from the previous one is still
    uniform and independent of it, so one working copy serves the whole block."""
    n = pool.shape[0]
    nblocks = block_seeds.shape[0]
    out = np.zeros((nblocks * BLOCK, nrows * ncols), dtype=np.int64)
    for blk in numba.prange(nblocks):
        # Seeding inside the block makes its stream depend only on (seed, block), not on the thread.
        np.random.seed(block_seeds[blk])
        tmat = np.empty((m, BLOCK), dtype=pool.dtype)
        perm = pool.copy()
        for q in range(BLOCK):
            for x in range(m):
                y = np.random.randint(x, n)
                tmp = perm[x]
                perm[x] = perm[y]
                perm[y] = tmp
                tmat[x, q] = perm[x]
        c = _count_block(pi, pj, band, tmat, lut, maxlag, ncols, nrows)
        for q in range(BLOCK):
            for z in range(nrows * ncols):
                out[blk * BLOCK + q, z] = c[q, z]
    return out[:nperm]


def _block_seeds(seed: int, permutations: int) -> NDArray[np.uint32]:
    """One 32-bit seed per block of BLOCK permutations, from numpy's SeedSequence: streams for
    different seeds and blocks never coincide (seed·k + block would for seeds k apart)."""
    nblocks = (permutations + BLOCK - 1) // BLOCK
    return np.random.SeedSequence(seed).generate_state(nblocks, dtype=np.uint32).astype(np.uint32)


def _full_table(finite: NDArray[np.int64], col_totals: NDArray[np.int64], n_pairs: int) -> NDArray[np.int64]:
    """Add the "beyond" row: each column's total over all pairs minus the finite rows."""
    beyond = col_totals - finite.sum(axis=-2)
    return np.concatenate([finite, beyond[..., None, :]], axis=-2)


def knox(
    x: ArrayLike,
    y: ArrayLike,
    days: ArrayLike,
    spatial_edges: Sequence[float],
    temporal_edges: Sequence[int],
    *,
    metric: Metric = "manhattan",
    permutations: int = 999,
    seed: int = 0,
    keep_simulations: bool = False,
) -> KnoxResult:
    """The Knox table for events at (x, y) metres on whole-day times `days`.

    Bands are [a, b) intervals between consecutive edges, starting at 0, plus a "beyond" band
    [last, ∞) in each dimension. With permutations=0 only observed, expected and ratios are given.
    """
    if metric not in ("manhattan", "euclidean"):
        raise ValueError("metric must be manhattan or euclidean")
    _check_edges(spatial_edges, "spatial")
    _check_edges(temporal_edges, "temporal")
    if any(int(e) != e for e in temporal_edges):
        raise ValueError("temporal band edges are whole days")
    if permutations < 0:
        raise ValueError("permutations must be 0 or more")
    xy = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    t_all = np.asarray(days, dtype=np.int64)
    n = len(xy)
    if len(t_all) != n:
        raise ValueError("x, y and days must have the same length")
    s_edges = [float(e) for e in spatial_edges]
    t_edges = [int(e) for e in temporal_edges]
    nrows, ncols = len(s_edges) - 1, len(t_edges)  # finite spatial rows; temporal columns incl. beyond
    result = KnoxResult(
        spatial_edges=s_edges,
        temporal_edges=t_edges,
        metric=metric,
        permutations=permutations,
        seed=seed,
        n=n,
        observed=np.zeros((nrows + 1, ncols), dtype=np.int64),
        expected=np.zeros((nrows + 1, ncols)),
    )
    if n < 2:
        return result

    order = _morton_order(xy, s_edges[-1])
    xy, t_all = xy[order], t_all[order]
    t = (t_all - t_all.min()).astype(np.int32)
    pi, pj, band = close_pairs(xy, s_edges, metric)
    result.close_pairs = len(pi)

    maxlag = t_edges[-1]
    lut = (np.searchsorted(np.asarray(t_edges), np.arange(maxlag + 1), side="right") - 1).astype(np.int64)
    lut[maxlag] = ncols - 1

    n_pairs = n * (n - 1) // 2
    lags = lag_counts(t.astype(np.int64), maxlag)
    col_totals = np.bincount(lut, weights=lags, minlength=ncols).astype(np.int64)
    row_totals = np.bincount(band, minlength=nrows).astype(np.int64)
    row_totals = np.append(row_totals, n_pairs - row_totals.sum())

    finite = _observed_kernel(pi, pj, band, t, lut, maxlag, ncols, nrows).reshape(nrows, ncols)
    result.observed = _full_table(finite, col_totals, n_pairs)
    result.expected = (
        np.outer(row_totals.astype(float), col_totals.astype(float)) / n_pairs
    )  # float: no overflow

    if permutations:
        # Number the events that are in some close pair 0..m-1 (keeping the Z order) for the kernel.
        members = np.unique(np.concatenate([pi, pj]))
        index = np.full(n, -1, dtype=np.int32)
        index[members] = np.arange(len(members), dtype=np.int32)
        sims = _permutation_tables(
            index[pi],
            index[pj],
            band,
            t,
            len(members),
            lut,
            maxlag,
            ncols,
            nrows,
            permutations,
            _block_seeds(seed, permutations),
        )
        sims = _full_table(sims.reshape(permutations, nrows, ncols), col_totals, n_pairs)
        result.sim_mean = sims.mean(axis=0)
        result.sim_median = np.median(sims, axis=0)
        result.p_values = ((sims >= result.observed).sum(axis=0) + 1) / (permutations + 1)
        if keep_simulations:
            result.simulations = sims
    return result
