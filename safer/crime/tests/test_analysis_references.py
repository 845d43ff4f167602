"""Each grid, concentration and repeat analysis against a computation that shares no code with it:
a peer library (esda for Gi*) or the definition evaluated by brute force. (Knox: test_knox.py and
test_knox_permutations.py; prior counts: test_concentration.py.)"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safer.crime.analysis.concentration import generalised_gini, gini, lorenz, share_at_top
from safer.crime.analysis.hotspots import gi_star, kernel_density, pai_pei
from safer.crime.analysis.repeats import prior_counts, summarise

counts_lists = st.lists(st.integers(0, 50), min_size=1, max_size=60)


def test_gi_star_inside_a_study_area_equals_esdas_on_the_same_cells() -> None:
    """Cells outside the mask are neither counted nor neighbours: esda on the queen graph cut down
    to the cells inside must give the same z-scores."""
    import esda
    import libpysal

    rng = np.random.default_rng(3)
    rows, cols = 17, 21
    values = rng.poisson(2, (rows, cols)).astype(float)
    values[6:9, 8:11] += 5
    yy, xx = np.mgrid[0:rows, 0:cols]
    mask = (yy - 8) ** 2 / 49 + (xx - 10) ** 2 / 81 <= 1  # an ellipse: no cell without neighbours
    inside = [int(k) for k in np.flatnonzero(mask.ravel())]
    w = libpysal.weights.w_subset(libpysal.weights.lat2W(rows, cols, rook=False), inside)
    expected = esda.G_Local(values.ravel()[inside], w, transform="B", star=True, permutations=0).Zs

    ours = gi_star(values, mask)

    assert np.max(np.abs(ours.ravel()[inside] - expected)) < 1e-9
    assert np.isnan(ours[~mask]).all()


def test_kernel_density_equals_the_sum_of_gaussians_at_each_cell_centre() -> None:
    """For events at cell centres, the binned filter must equal Σ φ(distance)/(2πh²) per km²."""
    rng = np.random.default_rng(4)
    cell, bandwidth, size = 50.0, 150.0, 40
    row, col = rng.integers(8, 32, 200), rng.integers(8, 32, 200)
    counts = np.zeros((size, size))
    np.add.at(counts, (row, col), 1)

    ours = kernel_density(counts, cell, bandwidth)

    centres = (np.arange(size) + 0.5) * cell
    cx, cy = np.meshgrid(centres, centres)
    dx = cx[..., None] - (col + 0.5) * cell
    dy = cy[..., None] - (row + 0.5) * cell
    per_m2 = np.exp(-(dx * dx + dy * dy) / (2 * bandwidth**2)) / (2 * np.pi * bandwidth**2)
    expected = per_m2.sum(axis=-1) * 1e6
    assert np.max(np.abs(ours - expected)) < 1e-3 * expected.max()


@settings(max_examples=60, deadline=None)
@given(counts_lists)
def test_gini_equals_the_mean_absolute_difference_over_twice_the_mean(counts: list[int]) -> None:
    a = np.array(counts, dtype=float)
    if a.sum() == 0:
        assert gini(a) is None
        return
    mean_abs_difference = np.abs(a[:, None] - a[None, :]).mean()
    assert gini(a) == pytest.approx(mean_abs_difference / (2 * a.mean()), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(1, 80), st.integers(1, 5))
def test_the_generalised_gini_of_crime_spread_as_evenly_as_possible_is_zero(
    crimes: int, extra_places: int, per_place: int
) -> None:
    """Bernasco & Steenbeek's correction: with fewer crimes than places, one crime at each of
    `crimes` places is as even as crime can be, so G_gen is 0 where the plain Gini is not; with the
    same number at every place both are 0."""
    one_each = np.zeros(crimes + extra_places)
    one_each[:crimes] = 1
    assert generalised_gini(one_each) == pytest.approx(0.0, abs=1e-12)
    assert gini(one_each) == pytest.approx(extra_places / (crimes + extra_places))
    assert generalised_gini(np.full(crimes, per_place)) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(counts_lists, st.floats(0.01, 1.0))
def test_share_at_top_and_the_lorenz_curve_match_a_direct_count(counts: list[int], fraction: float) -> None:
    a = np.array(counts, dtype=float)
    if a.sum() == 0:
        assert share_at_top(a, fraction) is None
        return
    places = int(np.ceil(round(fraction * len(a), 9)))
    busiest = sorted(counts, reverse=True)[: max(1, places)]
    assert share_at_top(a, fraction) == pytest.approx(sum(busiest) / a.sum())
    share_of_places, share_of_crime = lorenz(a)
    for k in range(len(a) + 1):
        assert share_of_places[k] == pytest.approx(k / len(a))
        assert share_of_crime[k] == pytest.approx(sum(sorted(counts, reverse=True)[:k]) / a.sum())


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([0.05, 0.1, 0.25, 0.5]),
)
def test_pai_and_pei_match_their_definitions(seed: int, coverage: float) -> None:
    rng = np.random.default_rng(seed)
    predicted = rng.random((6, 7))  # no ties, so the flagged cells are the top scores
    later = rng.poisson(1.0, (6, 7))
    result = pai_pei(predicted, later, coverage)

    cells = predicted.size
    flagged = max(1, int(round(coverage * cells)))
    top = np.argsort(predicted.ravel())[::-1][:flagged]
    assert result.flagged_cells == flagged
    if later.sum() == 0:
        assert result.pai is None
        return
    hit = later.ravel()[top].sum() / later.sum()
    assert result.hit_rate == pytest.approx(hit)
    assert result.pai == pytest.approx(hit / (flagged / cells))
    best_hit = np.sort(later.ravel())[::-1][:flagged].sum() / later.sum()
    if best_hit:
        assert result.pei == pytest.approx(hit / best_hit)
        assert result.pei is not None and result.pei <= 1 + 1e-12


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c", "d", ""]), st.integers(0, 900)), min_size=1, max_size=30
    )
)
def test_the_repeat_summary_matches_a_count_of_every_window(events: list[tuple[str, int]]) -> None:
    """A person's busiest window is the most incidents in any 365 days ending at one of theirs."""
    refs = [r for r, _ in events]
    prior = prior_counts(refs, np.array([d for _, d in events]) * 86400)
    result = summarise(refs, prior)
    busiest = {
        ref: max(
            sum(1 for r, d in events if r == ref and end - 365 <= d <= end) for r2, end in events if r2 == ref
        )
        for ref in set(refs) - {""}
    }
    repeaters = [n for n in busiest.values() if n >= 2]
    assert result.people == len(busiest)
    assert result.repeat_people == len(repeaters)
    assert result.two == sum(1 for n in repeaters if n == 2)
    assert result.three_or_more == sum(1 for n in repeaters if n >= 3)
    assert result.repeat_incidents == sum(1 for p in prior if p > 0)


@pytest.mark.django_db
def test_location_counts_equal_a_direct_count_of_the_crimes_at_each_place() -> None:
    from collections import Counter
    from pathlib import Path

    from safer.crime.importers import import_path
    from safer.crime.models import Crime, CrimeLocation
    from safer.crime.queries import location_counts
    from safer.testing import create_neighbourhood

    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    import_path(Path(__file__).resolve().parent.parent / "data" / "2019-01-west-mercia-street.csv")
    counts, places = location_counts([nb.pk], ["2019-01"])

    direct = Counter(
        Crime.objects.filter(neighbourhood=nb, month="2019-01", location__isnull=False).values_list(
            "location_id", flat=True
        )
    )
    known = set(CrimeLocation.objects.filter(neighbourhood=nb).values_list("pk", flat=True))
    assert {p["id"] for p in places} == known | set(direct)
    assert {p["id"]: p["count"] for p in places} == {pk: direct.get(pk, 0) for pk in known | set(direct)}
    assert counts.tolist() == sorted(counts.tolist(), reverse=True)
    assert counts.sum() == sum(direct.values()) > 0
