from __future__ import annotations

import numpy as np
import pytest

from safer.crime.analysis.hotspots import Grid, gi_bins, gi_star, grid_counts, kernel_density, pai_pei


def test_gi_star_z_scores_equal_esdas_on_a_test_grid() -> None:
    import esda
    import libpysal

    rng = np.random.default_rng(7)
    values = rng.poisson(1.5, (23, 31)).astype(float)
    values[5:8, 10:13] += 6  # a hot spot
    w = libpysal.weights.lat2W(23, 31, rook=False)
    expected = esda.G_Local(values.ravel(), w, transform="B", star=True, permutations=0).Zs
    ours = gi_star(values)
    assert np.max(np.abs(ours.ravel() - expected)) < 1e-6
    assert gi_bins(ours)[6, 11] == 3


def test_grid_counts_and_kernel_density_keep_every_event() -> None:
    grid = Grid.covering([0, 10, 990, 500], [0, 5, 990, 500], cell=100, pad=6)
    counts = grid_counts([0, 10, 990, 500, 99999], [0, 5, 990, 500, 0], grid)
    assert counts.sum() == 4
    row, col = grid.cell_of([10], [5])
    assert counts[row[0], col[0]] == 2
    density = kernel_density(counts, 100, 150)
    assert density.sum() * (0.1 * 0.1) == pytest.approx(4, rel=0.01)


def test_pai_and_pei_judge_a_map_against_a_later_period() -> None:
    predicted = np.array([[5, 0, 0, 0], [0, 0, 3, 0]])
    later = np.array([[4, 0, 0, 1], [0, 0, 0, 5]])
    result = pai_pei(predicted, later, coverage=0.25)  # 2 of 8 cells flagged: the 5 and the 3
    assert result.flagged_cells == 2
    assert result.hit_rate == pytest.approx(0.4)
    assert result.pai == pytest.approx(0.4 / 0.25)
    assert result.pei == pytest.approx(0.4 / 0.9)
