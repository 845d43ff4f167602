"""Survey shares: the Wilson interval against scipy, weighting against a hand computation, and
"too few answers" below the minimum."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from safer.lib.survey_stats import survey_share, wilson


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1, max_value=2000), data=st.data())
def test_the_wilson_interval_matches_scipy(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(min_value=0, max_value=n))
    expected = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(k, n)
    assert low == pytest.approx(expected.low, abs=1e-9)
    assert high == pytest.approx(expected.high, abs=1e-9)


def test_an_unweighted_share_has_its_sample_size_and_interval() -> None:
    answers = [(i < 30, None) for i in range(50)]
    result = survey_share(answers, {}, min_answers=30, min_per_group=5)
    assert (result.n, result.positive, result.share, result.weighted) == (50, 30, 60.0, False)
    ci = binomtest(30, 50).proportion_ci(method="wilson")
    assert result.ci_low == pytest.approx(100 * ci.low) and result.ci_high == pytest.approx(100 * ci.high)
    assert "not weighted" in result.note


def test_too_few_answers_gives_no_figure_and_says_so() -> None:
    result = survey_share([(True, None)] * 12, {}, min_answers=30, min_per_group=5)
    assert result.share is None and result.ci_low is None and result.too_few
    assert result.note == "Too few answers to publish a figure: 12, and at least 30 are needed."


def test_it_weights_to_the_population_by_age_and_sex() -> None:
    # Young women answered 30 times (24 yes), older men 10 times (2 yes); the population is even.
    answers = [(i < 24, "young-f") for i in range(30)] + [(i < 2, "old-m") for i in range(10)]
    population = {"young-f": 500, "old-m": 500}
    result = survey_share(answers, population, min_answers=30, min_per_group=5)
    assert result.share is not None and result.ci_low is not None and result.ci_high is not None
    # Independent: the mean of the two groups' shares, as the population is split evenly.
    assert result.weighted and result.share == pytest.approx(100 * (24 / 30 + 2 / 10) / 2)
    weights = [0.5 / (30 / 40)] * 30 + [0.5 / (10 / 40)] * 10
    n_eff = sum(weights) ** 2 / sum(w * w for w in weights)
    p = result.share / 100
    centre = (p + 1.96**2 / (2 * n_eff)) / (1 + 1.96**2 / n_eff)
    assert (result.ci_low + result.ci_high) / 200 == pytest.approx(centre, abs=1e-3)
    assert result.ci_low < result.share < result.ci_high


def test_it_does_not_weight_when_a_group_has_too_few_answers() -> None:
    answers = [(True, "young-f")] * 35 + [(False, "old-m")] * 2
    result = survey_share(answers, {"young-f": 500, "old-m": 500}, min_answers=30, min_per_group=5)
    assert not result.weighted
    assert "fewer than 5 answers in 1 age-and-sex group(s)" in result.note
