"""Hot spots on a regular grid: counts, kernel density, Getis-Ord Gi* and PAI/PEI.

Everything works on a grid in metres (British National Grid for England and Wales), so a hot-spot
map of a force takes milliseconds: Gi* is a 3×3 box convolution (binary queen weights plus the cell
itself), which gives the same z-scores as esda's G_Local(star=True, transform="B") on lat2W(queen).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

# scipy is imported where it is used: importing scipy.stats costs about a second, and this module is
# imported at start-up by every process (through the charter's metrics), most of which never call it.


@dataclass(frozen=True)
class Grid:
    """A grid of square cells; row 0 is the southern edge, column 0 the western edge."""

    x0: float
    y0: float
    cell: float
    rows: int
    cols: int

    @classmethod
    def covering(cls, x: ArrayLike, y: ArrayLike, cell: float, pad: int = 1) -> Grid:
        xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if len(xa) == 0:
            return cls(0.0, 0.0, cell, 1, 1)
        x0 = np.floor(xa.min() / cell) * cell - pad * cell
        y0 = np.floor(ya.min() / cell) * cell - pad * cell
        cols = int(np.floor((xa.max() - x0) / cell)) + 1 + pad
        rows = int(np.floor((ya.max() - y0) / cell)) + 1 + pad
        return cls(float(x0), float(y0), float(cell), rows, cols)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.rows, self.cols)

    def cell_of(self, x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        col = np.floor((np.asarray(x, dtype=float) - self.x0) / self.cell).astype(np.intp)
        row = np.floor((np.asarray(y, dtype=float) - self.y0) / self.cell).astype(np.intp)
        return row, col

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Cell centre coordinates as two (rows, cols) arrays."""
        xs = self.x0 + (np.arange(self.cols) + 0.5) * self.cell
        ys = self.y0 + (np.arange(self.rows) + 0.5) * self.cell
        return np.meshgrid(xs, ys)


def grid_counts(x: ArrayLike, y: ArrayLike, grid: Grid) -> NDArray[np.int64]:
    """Events per cell; events outside the grid are left out."""
    row, col = grid.cell_of(x, y)
    inside = (row >= 0) & (row < grid.rows) & (col >= 0) & (col < grid.cols)
    flat = row[inside] * grid.cols + col[inside]
    return np.bincount(flat, minlength=grid.rows * grid.cols).reshape(grid.shape).astype(np.int64)


def kernel_density(counts: NDArray[Any], cell: float, bandwidth: float) -> NDArray[np.float64]:
    """Gaussian kernel density of binned events, in events per square kilometre.

    Binning then filtering is the standard fast approximation (exact to within a cell); the
    total mass is kept except what the kernel spreads past the grid's edge.
    """
    from scipy import ndimage

    smoothed = ndimage.gaussian_filter(counts.astype(float), sigma=bandwidth / cell, mode="constant")
    return smoothed / (cell * cell / 1e6)


_QUEEN_SELF = np.ones((3, 3))


def gi_star(values: NDArray[Any], mask: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
    """Getis-Ord Gi* z-scores with binary queen-contiguity weights that include the cell itself.

    z = (Σ_N x − x̄·W) / (S·√((n·W − W²)/(n − 1))), S the population standard deviation, W the
    number of cells in the 3×3 neighbourhood that are on the grid (and in `mask`, if given: cells
    outside the study area are neither counted nor neighbours). NaN outside the mask, and where
    every value is equal.
    """
    from scipy import ndimage

    x = values.astype(float)
    inside = np.ones(x.shape, dtype=bool) if mask is None else mask.astype(bool)
    xin = np.where(inside, x, 0.0)
    n = int(inside.sum())
    z = np.full(x.shape, np.nan)
    if n < 2:
        return z
    mean = xin.sum() / n
    s = np.sqrt(max((xin * xin).sum() / n - mean * mean, 0.0))
    if s == 0:
        return z
    w = ndimage.convolve(inside.astype(float), _QUEEN_SELF, mode="constant", cval=0.0)
    sx = ndimage.convolve(xin, _QUEEN_SELF, mode="constant", cval=0.0)
    denom = s * np.sqrt((n * w - w * w) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (sx - mean * w) / denom
    z[~inside] = np.nan
    return z


def gi_bins(z: NDArray[np.float64]) -> NDArray[np.int8]:
    """ArcGIS-style Gi_Bin: ±3, ±2, ±1 for 99%, 95% and 90% confidence (two-sided), else 0."""
    from scipy.stats import norm

    p = 2 * norm.sf(np.abs(np.nan_to_num(z)))
    level = np.where(p <= 0.01, 3, np.where(p <= 0.05, 2, np.where(p <= 0.10, 1, 0)))
    return (np.sign(np.nan_to_num(z)) * level).astype(np.int8)


@dataclass(frozen=True)
class PaiResult:
    coverage: float  # share of the study area flagged
    flagged_cells: int
    hit_rate: float  # share of the later period's events in flagged cells
    pai: float | None
    pei: float | None


def pai_pei(
    predicted: NDArray[Any], later: NDArray[Any], coverage: float, mask: NDArray[np.bool_] | None = None
) -> PaiResult:
    """Judge a hot-spot map made from one period against the events of a later one.

    The `coverage` share of cells with the highest predicted scores is flagged. PAI = (c/C)/(a/A);
    PEI = PAI / the best PAI any map flagging the same number of cells could reach on `later`.
    """
    if not 0 < coverage <= 1:
        raise ValueError("coverage is a share between 0 and 1")
    inside = np.ones(predicted.shape, dtype=bool) if mask is None else mask.astype(bool)
    pred = np.asarray(predicted, dtype=float)[inside]
    obs = np.asarray(later, dtype=float)[inside]
    total_cells = len(pred)
    k = max(1, int(round(coverage * total_cells)))
    # Ties broken by position so the answer is deterministic.
    flagged = np.argsort(-np.nan_to_num(pred, nan=-np.inf), kind="stable")[:k]
    total = obs.sum()
    if total == 0:
        return PaiResult(k / total_cells, k, 0.0, None, None)
    hit = obs[flagged].sum() / total
    area_share = k / total_cells
    pai = hit / area_share
    best = np.sort(obs)[::-1][:k].sum() / total / area_share
    return PaiResult(area_share, k, float(hit), float(pai), float(pai / best) if best else None)
