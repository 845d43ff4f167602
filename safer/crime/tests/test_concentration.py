from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safer.crime.analysis.concentration import generalised_gini, gini, lorenz, share_at_top, summary
from safer.crime.analysis.repeats import prior_counts, summarise


def test_the_gini_of_known_distributions_is_right() -> None:
    assert gini([3, 3, 3, 3]) == pytest.approx(0.0)
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)  # all in one of n places: (n - 1) / n
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    # Bernasco & Steenbeek's example (lorenzgini R/gini.R): 8 crimes over 10 places
    counts = [5, 2, 1] + [0] * 7
    assert gini(counts) == pytest.approx(0.80)
    assert generalised_gini(counts) == pytest.approx(0.75)
    assert generalised_gini([2, 2, 2, 2]) == pytest.approx(0.0)  # more crimes than places: unchanged
    assert gini([0, 0]) is None


def test_shares_at_the_top_places_and_the_lorenz_curve() -> None:
    counts = [50, 20, 10, 5, 5, 4, 3, 2, 1, 0]
    assert share_at_top(counts, 0.10) == pytest.approx(0.5)
    assert share_at_top(counts, 0.05) == pytest.approx(0.5)  # rounded up to one whole place
    assert share_at_top(counts, 0.20) == pytest.approx(0.7)
    places, crime = lorenz(counts)
    assert places[0] == crime[0] == 0 and places[-1] == crime[-1] == 1
    assert summary(counts)["places_with_crime"] == 9


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", "c", ""]), st.integers(0, 1000)), min_size=1, max_size=40)
)
def test_prior_counts_match_a_direct_count(events: list[tuple[str, int]]) -> None:
    refs = [r for r, _ in events]
    days = [d for _, d in events]
    got = prior_counts(refs, np.array(days) * 86400, window_seconds=365 * 86400)
    for k, (ref, day) in enumerate(events):
        expected = (
            0
            if not ref
            else sum(
                1
                for j, (r, d) in enumerate(events)
                if r == ref and (d < day or (d == day and j < k)) and day - d <= 365
            )
        )
        assert got[k] == expected


def test_the_repeat_summary_splits_two_from_three_or_more() -> None:
    refs = ["a", "a", "b", "b", "b", "c"]
    prior = prior_counts(refs, np.array([0, 10, 0, 1, 2, 0]) * 86400)
    s = summarise(refs, prior)
    assert (s.people, s.repeat_people, s.two, s.three_or_more, s.repeat_incidents) == (3, 2, 1, 1, 3)
