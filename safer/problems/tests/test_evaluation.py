"""WDQ and WDD against a hand computation on stated counts, and the counts from the crime tables."""

from __future__ import annotations

import math

import pytest

from safer.problems import evaluation
from safer.problems.evaluation import Counts
from safer.problems.tests.factories import E0, N0, crimes, place
from safer.testing import create_neighbourhood

# Stated counts: target 40 -> 20, buffer 30 -> 27, control 200 -> 190.
STATED = Counts(
    target_before=40,
    target_after=20,
    buffer_before=30,
    buffer_after=27,
    control_before=200,
    control_after=190,
)


def test_wdq_equals_the_hand_computation_of_bowers_and_johnson() -> None:
    # Buffer measure: 27/190 - 30/200 = 0.142105... - 0.15 = -0.0078947...
    # Success measure: 20/190 - 40/200 = 0.105263... - 0.2 = -0.0947368...
    # WDQ = -0.0078947 / -0.0947368 = 0.083333... (= 1/12: a small diffusion of benefits)
    assert evaluation.wdq(STATED) == pytest.approx(1 / 12, rel=1e-9)


def test_wdq_is_undefined_when_a_control_count_or_the_success_measure_is_zero() -> None:
    assert evaluation.wdq(Counts(5, 3, 2, 2, 0, 10)) is None
    assert evaluation.wdq(Counts(10, 10, 2, 2, 50, 50)) is None


def test_wdd_and_its_standard_error_follow_wheeler_and_ratcliffe() -> None:
    result = evaluation.wdd_for(STATED)
    # Local: (20 - 40) - (190 - 200) = -10; displacement: (27 - 30) - (190 - 200) = 7; total -3.
    assert result.local == -10
    assert result.displacement == 7
    assert result.total == -3
    # Variance = T1 + T0 + C1 + C0 + D1 + D0 + Cd1 + Cd0 (Poisson), control used for both.
    assert result.local_se == pytest.approx(math.sqrt(20 + 40 + 190 + 200))
    assert result.total_se == pytest.approx(math.sqrt(20 + 40 + 190 + 200 + 27 + 30 + 190 + 200))
    assert result.z == pytest.approx(-3 / math.sqrt(897))


def test_wdd_matches_the_published_ptools_example() -> None:
    # ptools R/wdd.R example: control (20, 20), treated (20, 10),
    # displacement control (30, 30), displacement treated (30, 20).
    result = evaluation.wdd((20, 20), (20, 10), (30, 30), (30, 20))
    assert (result.local, result.displacement, result.total) == (-10, -10, -20)
    assert result.local_se == pytest.approx(math.sqrt(70))
    assert result.displacement_se == pytest.approx(math.sqrt(110))
    assert result.total_se == pytest.approx(math.sqrt(180))


def test_months_between_spans_a_year_end() -> None:
    assert evaluation.months_between("2023-11", "2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert evaluation.months_between("2024-02", "2024-01") == []


@pytest.mark.django_db
def test_counts_come_from_the_crime_tables_for_target_buffer_and_control() -> None:
    nb, control_nb = create_neighbourhood(), create_neighbourhood()
    centre, ring, far = place(nb, 50, 0), place(nb, 300, 0), place(control_nb, 5000, 0)
    crimes(centre, "2024-01", 6)
    crimes(centre, "2024-05", 2)
    crimes(ring, "2024-01", 3)
    crimes(ring, "2024-05", 4)
    crimes(far, "2024-01", 20)
    crimes(far, "2024-05", 18)
    crimes(centre, "2024-05", 5, category="burglary")  # another category, left out below
    area = evaluation.Area(E0, N0, 200, 250)
    months = evaluation.months_between("2024-01", "2024-06")
    monthly = evaluation.monthly_counts(area, [control_nb.pk], months, "anti-social-behaviour")
    counts = evaluation.before_after(monthly, months[:3], months[3:])
    assert counts == Counts(6, 2, 3, 4, 20, 18)
    assert monthly["2024-01"] == [6, 3, 20]
