"""Survey shares done properly: a share with its sample size and 95% Wilson interval, weighted to
the population by age and sex when the answers allow, and withheld when there are too few.

Weighting is post-stratification: each answer in an age-and-sex group is weighted by the group's
share of the population over its share of the answers. It is used only when every group that has
residents has at least `min_per_group` answers and every answer says its group; otherwise the
share is unweighted and the note says why. The interval of a weighted share uses Kish's effective
sample size, (sum of weights)² / sum of squared weights.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion, as fractions (0 to 1)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class SurveyShare:
    n: int  # answers counted
    positive: int  # answers counted as yes (unweighted)
    share: float | None  # percentage, None when too few answers
    ci_low: float | None
    ci_high: float | None
    weighted: bool
    too_few: bool
    note: str


def survey_share(
    answers: Sequence[tuple[bool, Hashable | None]],
    population: Mapping[Any, float],
    *,
    min_answers: int,
    min_per_group: int,
) -> SurveyShare:
    """`answers` are (counted as yes, age-and-sex group or None); `population` the residents per
    group. A share below `min_answers` answers is withheld as too few."""
    n = len(answers)
    positive = sum(1 for yes, _ in answers if yes)
    if n < min_answers:
        return SurveyShare(
            n,
            positive,
            None,
            None,
            None,
            False,
            n > 0,
            f"Too few answers to publish a figure: {n}, and at least {min_answers} are needed.",
        )
    weights, why_not = _weights(answers, population, min_per_group)
    if weights is None:
        low, high = wilson(positive, n)
        return SurveyShare(
            n,
            positive,
            100 * positive / n,
            100 * low,
            100 * high,
            False,
            False,
            f"{n} answers, not weighted: {why_not}.",
        )
    total = sum(weights)
    p = sum(w for w, (yes, _) in zip(weights, answers, strict=True) if yes) / total
    n_eff = total * total / sum(w * w for w in weights)
    low, high = wilson(p * n_eff, n_eff)
    return SurveyShare(
        n,
        positive,
        100 * p,
        100 * low,
        100 * high,
        True,
        False,
        f"{n} answers, weighted by age and sex to the population (effective sample size {n_eff:.0f}).",
    )


def _weights(
    answers: Sequence[tuple[bool, Hashable | None]], population: Mapping[Any, float], min_per_group: int
) -> tuple[list[float] | None, str]:
    if not population or sum(population.values()) <= 0:
        return None, "the population by age and sex is not recorded"
    if any(group is None for _, group in answers):
        return None, "some answers do not give an age and sex"
    counts = Counter(group for _, group in answers)
    if any(group not in population for group in counts):
        return None, "some answers are from groups the population figures do not have"
    thin = [g for g, people in population.items() if people > 0 and counts[g] < min_per_group]
    if thin:
        return None, f"fewer than {min_per_group} answers in {len(thin)} age-and-sex group(s)"
    n = len(answers)
    people = sum(population.values())
    factor = {g: (population[g] / people) / (counts[g] / n) for g in counts}
    return [factor[group] for _, group in answers], ""
