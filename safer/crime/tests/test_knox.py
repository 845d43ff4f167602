from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safer.crime.analysis.knox import _count_block, close_pairs, knox, pair_distances


def brute_force(
    x: np.ndarray, y: np.ndarray, t: np.ndarray, s_edges: list[float], t_edges: list[int], metric: str
) -> np.ndarray:
    """Every pair, O(n²), straight from the definition: [a, b) bands plus a "beyond" band each way."""
    n = len(x)
    table = np.zeros((len(s_edges), len(t_edges)), dtype=np.int64)
    xy = np.column_stack([x, y])
    for i in range(n):
        for j in range(i + 1, n):
            d = float(pair_distances(xy, np.array([i]), np.array([j]), metric)[0])
            lag = abs(int(t[i]) - int(t[j]))
            s = sum(1 for e in s_edges[1:] if d >= e)
            k = sum(1 for e in t_edges[1:] if lag >= e)
            table[s, k] += 1
    return table


edges_s = st.lists(st.integers(1, 60), min_size=1, max_size=4, unique=True).map(
    lambda v: [0.0] + sorted(float(e) for e in v)
)
edges_t = st.lists(st.integers(1, 30), min_size=1, max_size=4, unique=True).map(lambda v: [0] + sorted(v))


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 35),
    seed=st.integers(0, 2**31 - 1),
    s_edges=edges_s,
    t_edges=edges_t,
    metric=st.sampled_from(["manhattan", "euclidean"]),
)
def test_it_counts_exactly_what_a_brute_force_count_finds(
    n: int, seed: int, s_edges: list[float], t_edges: list[int], metric: str
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 50, n).astype(float)  # small integers: same places and band-edge ties happen
    y = rng.integers(0, 50, n).astype(float)
    t = rng.integers(0, 40, n)
    result = knox(x, y, t, s_edges, t_edges, metric=metric, permutations=0)  # type: ignore[arg-type]
    expected = brute_force(x, y, t, s_edges, t_edges, metric)
    assert np.array_equal(result.observed, expected)
    pairs = n * (n - 1) // 2
    assert result.observed.sum() == pairs
    rows, cols = expected.sum(axis=1), expected.sum(axis=0)
    assert np.allclose(result.expected, np.outer(rows, cols) / pairs)


def test_the_exact_expectation_is_the_mean_over_every_permutation() -> None:
    x = np.array([0.0, 10, 20, 200, 210, 500])
    y = np.array([0.0, 0, 5, 0, 10, 0])
    t = np.array([0, 3, 10, 12, 40, 41])
    s_edges, t_edges = [0.0, 15, 100], [0, 5, 20]
    result = knox(x, y, t, s_edges, t_edges, permutations=0)
    tables = [
        brute_force(x, y, t[list(p)], s_edges, t_edges, "manhattan") for p in itertools.permutations(range(6))
    ]
    assert np.allclose(result.expected, np.mean(tables, axis=0))


def test_the_permutation_kernel_counts_each_permuted_column_like_brute_force() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.uniform(0, 300, 60), rng.uniform(0, 300, 60)
    t = rng.integers(0, 50, 60)
    s_edges, t_edges = [0.0, 50, 100, 150], [0, 7, 14]
    pi, pj, band = close_pairs(np.column_stack([x, y]), s_edges, "euclidean")
    tmat = np.column_stack([rng.permutation(t) for _ in range(5)]).astype(np.int32)
    lut = np.array([0] * 7 + [1] * 7 + [2], dtype=np.int64)
    counts = _count_block(pi, pj, band, tmat, lut, 14, 3, 3)
    for q in range(5):
        expected = brute_force(x, y, tmat[:, q], s_edges, t_edges, "euclidean")[:3]
        assert np.array_equal(counts[q].reshape(3, 3), expected)


def test_permutations_are_seeded_keep_the_margins_and_give_p_values() -> None:
    rng = np.random.default_rng(11)
    x, y = rng.uniform(0, 2000, 400), rng.uniform(0, 2000, 400)
    t = rng.integers(0, 120, 400)
    # plant near repeats: 40 events copied 20 m and 2 days from others
    x[:40], y[:40], t[:40] = x[40:80] + 20, y[40:80], t[40:80] + 2
    args = (x, y, t, [0, 1, 100, 200], [0, 7, 14])
    a = knox(*args, permutations=99, seed=5, keep_simulations=True)
    b = knox(*args, permutations=99, seed=5)
    c = knox(*args, permutations=99, seed=6)
    assert a.p_values is not None and b.p_values is not None and c.p_values is not None
    assert np.array_equal(a.p_values, b.p_values)
    assert a.simulations is not None and a.sim_mean is not None and c.sim_mean is not None
    assert not np.array_equal(a.sim_mean, c.sim_mean)
    assert np.all(a.simulations.sum(axis=1) == a.observed.sum(axis=0))
    assert np.all(a.simulations.sum(axis=2) == a.observed.sum(axis=1))
    assert a.p_values[1, 0] == pytest.approx(0.01)  # the planted [1, 100) m × [0, 7) days cell
    assert a.significant()[1, 0]
    assert a.knox_ratio[1, 0] > 1.5
    assert np.all((a.p_values > 0) & (a.p_values <= 1))
    assert a.row_labels == ["[0, 1) m", "[1, 100) m", "[100, 200) m", "[200, ∞) m"]
    assert a.column_labels == ["[0, 7) days", "[7, 14) days", "[14, ∞) days"]


def test_it_refuses_bands_that_do_not_start_at_zero_or_do_not_increase() -> None:
    with pytest.raises(ValueError, match="start at 0"):
        knox([0, 1], [0, 1], [0, 1], [10, 20], [0, 7])
    with pytest.raises(ValueError, match="increase"):
        knox([0, 1], [0, 1], [0, 1], [0, 20, 20], [0, 7])
    with pytest.raises(ValueError, match="whole days"):
        knox([0, 1], [0, 1], [0, 1], [0, 20], [0, 7.5])  # type: ignore[list-item]
