"""The Knox permutation test against computations that share nothing with the compiled kernel.

Every reference here is plain numpy over all n(n-1)/2 pairs: distances from the coordinates, lags
from the times, and for simulations `rng.permutation(times)` once per simulation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from safer.crime.analysis.knox import knox

Array = NDArray[np.float64]


def all_pairs_bands(
    x: Array, y: Array, t: NDArray[np.int64], s_edges: list[float], t_edges: list[int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """For every unordered pair (i, j): its city-block distance band and its time-lag band, both
    with the last band open ("beyond"), plus the pair indices."""
    i, j = np.triu_indices(len(x), k=1)
    distance = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    lag = np.abs(t[i] - t[j])
    d_band = np.digitize(distance, s_edges[1:])
    t_band = np.digitize(lag, t_edges[1:])
    return d_band, t_band, i, j


def exact_expectation(
    x: Array, y: Array, t: NDArray[np.int64], s_edges: list[float], t_edges: list[int]
) -> NDArray[np.float64]:
    """Under a uniformly random permutation of the times each pair's lag is equally likely to be any
    pair's lag, and which pair gets which is independent of the pair's distance, so
    E[cell (d, t)] = (pairs in distance band d) × (pairs in time band t) / (all pairs)."""
    d_band, t_band, _, _ = all_pairs_bands(x, y, t, s_edges, t_edges)
    by_distance = np.bincount(d_band, minlength=len(s_edges)).astype(float)
    by_time = np.bincount(t_band, minlength=len(t_edges)).astype(float)
    return np.outer(by_distance, by_time) / len(d_band)


def planted_near_repeats(seed: int, n: int, copies: int, side: float = 2000.0, days: int = 180) -> tuple:
    """Uniform events, then `copies` of them repeated 30 m east and 2 days later."""
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(0, side, n), rng.uniform(0, side, n)
    t = rng.integers(0, days, n)
    x[:copies], y[:copies], t[:copies] = (
        x[copies : 2 * copies] + 30,
        y[copies : 2 * copies],
        t[copies : 2 * copies] + 2,
    )
    return x, y, t


def test_simulated_cell_means_equal_the_exact_expectation_within_half_a_percent() -> None:
    # 900 events with 80 planted repeats: the observed table is far from the expectation in the near
    # cells, so a kernel that lets any simulation keep the true times moves those means by percents.
    x, y, t = planted_near_repeats(seed=21, n=900, copies=80, side=1500, days=365)
    s_edges, t_edges = [0.0, 100, 200, 300], [0, 14, 28, 56]
    expected = exact_expectation(x, y, t, s_edges, t_edges)
    assert expected.min() > 200  # every cell is big enough for a 0.5 % tolerance at 9,999 permutations

    result = knox(
        x, y, t, s_edges, [int(e) for e in t_edges], permutations=9999, seed=7, keep_simulations=True
    )

    assert result.simulations is not None and result.sim_mean is not None
    np.testing.assert_allclose(result.expected, expected, rtol=1e-12)
    # The tolerance is fair: four Monte-Carlo standard errors of every mean are well inside it.
    standard_error = result.simulations.std(axis=0) / np.sqrt(9999)
    assert np.all(4 * standard_error < 0.005 * expected)
    assert np.all(np.abs(result.sim_mean - expected) <= 0.005 * expected)


def test_simulations_are_independent_of_each_other() -> None:
    """Consecutive simulations (inside a block of 16 and across blocks) share nothing: the lag-1
    correlation of a cell's simulated counts is within sampling error of zero."""
    x, y, t = planted_near_repeats(seed=5, n=500, copies=0)
    result = knox(x, y, t, [0, 150, 300], [0, 10, 20], permutations=4000, seed=3, keep_simulations=True)
    assert result.simulations is not None
    for row, col in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        counts = result.simulations[:, row, col].astype(float)
        r = np.corrcoef(counts[:-1], counts[1:])[0, 1]
        assert abs(r) < 4 / np.sqrt(len(counts)), (row, col, r)


def test_p_values_on_data_with_no_effect_are_uniform_over_many_seeds() -> None:
    """150 data sets with no near-repeat effect, each with its own seed. Cell counts are integers, so
    the reported p = (#simulations ≥ observed + 1)/(R + 1) is conservative by design; the exactly
    uniform p-value breaks ties between the observed count and equal simulations at random, and is
    computed here from the kernel's own simulations."""
    p_values = []
    reported = []
    for seed in range(150):
        rng = np.random.default_rng(seed)
        x, y, t = rng.uniform(0, 1500, 300), rng.uniform(0, 1500, 300), rng.integers(0, 120, 300)
        result = knox(x, y, t, [0, 100, 200], [0, 7, 14], permutations=99, seed=seed, keep_simulations=True)
        assert result.simulations is not None and result.p_values is not None
        sims, observed = result.simulations[:, 0, 0], result.observed[0, 0]
        above, ties = int((sims > observed).sum()), int((sims == observed).sum())
        assert result.p_values[0, 0] == (above + ties + 1) / (len(sims) + 1)
        p_values.append((above + rng.integers(0, ties + 1) + 1) / (len(sims) + 1))
        reported.append(result.p_values[0, 0])
    assert stats.kstest(p_values, "uniform").pvalue > 0.01
    assert 0.45 < np.mean(reported) < 0.6  # conservative only by the ties


def reference_permutation_p_value(
    x: Array,
    y: Array,
    t: NDArray[np.int64],
    cell: tuple[tuple[float, float], tuple[int, int]],
    runs: int,
    seed: int,
) -> float:
    """The textbook test: shuffle the times, recount the cell, `runs` times."""
    (d_lo, d_hi), (t_lo, t_hi) = cell
    i, j = np.triu_indices(len(x), k=1)
    distance = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    near = (distance >= d_lo) & (distance < d_hi)
    i, j = i[near], j[near]

    def count(times: NDArray[np.int64]) -> int:
        lag = np.abs(times[i] - times[j])
        return int(((lag >= t_lo) & (lag < t_hi)).sum())

    observed = count(t)
    rng = np.random.default_rng(seed)
    at_least = sum(count(rng.permutation(t)) >= observed for _ in range(runs))
    return (at_least + 1) / (runs + 1)


def test_the_p_value_agrees_with_a_straightforward_permutation_test_on_a_planted_effect() -> None:
    x, y, t = planted_near_repeats(seed=1, n=400, copies=15)
    runs = 3999
    ours = knox(x, y, t, [0, 1, 100, 200], [0, 7, 14], permutations=runs, seed=11)
    reference = reference_permutation_p_value(x, y, t, ((1, 100), (0, 7)), runs, seed=12)
    assert ours.p_values is not None
    p = ours.p_values[1, 0]
    assert 0.01 < reference < 0.1  # a moderate effect, where the bias was largest
    monte_carlo_error = np.sqrt(2 * reference * (1 - reference) / runs)
    assert abs(p - reference) < 4 * monte_carlo_error, (p, reference)
