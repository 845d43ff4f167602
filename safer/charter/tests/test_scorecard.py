from __future__ import annotations

import copy
import datetime as dt
import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safer.charter.loader import CHARTER_DIR, Charter, load_charter, parse_charter
from safer.charter.scorecard import (
    MET,
    NO_DATA,
    NOT_MEASURED,
    NOT_MET,
    Scorecard,
    compute_history,
    compute_scorecard,
    get_scorecard,
)
from safer.lib.metrics import REGISTRY, Measurement, Period, metric
from safer.places.models import Neighbourhood
from safer.teams.models import Rank
from safer.testing import create_area, create_force, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db

CALLS: list[tuple[str, int]] = []


def promise(
    pid: str, metric_key: str, value: float = 50, op: str = ">=", level: str = "neighbourhood"
) -> dict:
    return {
        "id": pid,
        "theme": "t",
        "text": f"Promise {pid}",
        "metric": metric_key,
        "target": {"op": op, "value": value, "unit": "%"},
        "period": "P90D",
        "level": level,
    }


def status(card: Scorecard, promise_id: str, level: str, slug: str) -> str | None:
    scope = card.scope(level, slug)
    assert scope is not None
    result = card.result(promise_id, scope)
    return result.status if result else None


def make_charter(*promises: dict[str, Any]) -> Charter:
    data = {
        "id": "test",
        "title": "Test",
        "published": dt.date(2025, 1, 1),
        "source": "tests",
        "themes": [{"id": "t", "title": "T", "summary": "A theme."}],
        "promises": list(promises),
    }
    return parse_charter(copy.deepcopy(data), "test.yaml")


@pytest.fixture
def test_metrics() -> Iterator[None]:
    """Metrics registered for one test only: a share of neighbourhoods named 'Good …', one with no
    data, and one that fails."""
    CALLS.clear()

    @metric("test.good_share", label="Good neighbourhoods")
    def good_share(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
        CALLS.append(("test.good_share", neighbourhoods.count()))
        total = neighbourhoods.count()
        return Measurement.share(neighbourhoods.filter(name__startswith="Good").count(), total)

    @metric("test.nothing", label="Nothing to count")
    def nothing(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
        return Measurement(value=None, note="No records yet.")

    @metric("test.broken", label="Broken")
    def broken(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
        raise RuntimeError("boom")

    yield
    for key in ("test.good_share", "test.nothing", "test.broken"):
        REGISTRY.pop(key, None)


@pytest.fixture
def places() -> dict[str, Any]:
    force = create_force()
    north = create_area(slug="north", name="North")
    south = create_area(slug="south", name="South")
    old = create_area(
        slug="old", name="Old", effective_from=dt.date(2015, 1, 1), effective_to=dt.date(2026, 1, 18)
    )
    good = create_neighbourhood(area=north, slug="good-1", name="Good One")
    bad = create_neighbourhood(area=north, slug="bad-1", name="Bad One")
    good_south = create_neighbourhood(area=south, slug="good-2", name="Good Two")
    old.neighbourhoods.add(good, bad)
    return {
        "force": force,
        "north": north,
        "south": south,
        "good": good,
        "bad": bad,
        "good_south": good_south,
    }


def test_it_judges_each_promise_at_the_force_each_area_and_each_neighbourhood(
    test_metrics: None, places: dict[str, Any]
) -> None:
    charter = make_charter(promise("p", "test.good_share", value=60))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")

    assert [s.key for s in card.areas()] == ["area:north", "area:south"]  # the old layout is not shown
    force = card.result("p", card.force)
    assert force is not None and force.measurement is not None
    assert force.measurement.value == pytest.approx(200 / 3) and force.status == MET
    assert status(card, "p", "area", "north") == NOT_MET
    assert status(card, "p", "area", "south") == MET
    assert status(card, "p", "neighbourhood", "bad-1") == NOT_MET
    assert [s.slug for s in card.neighbourhoods("north")] == ["bad-1", "good-1"]


def test_it_shows_an_unregistered_metric_as_not_measured_yet_never_met(places: dict[str, Any]) -> None:
    charter = make_charter(promise("p", "nobody.registers_this", value=0))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    result = card.result("p", card.force)
    assert result is not None
    assert result.status == NOT_MEASURED and result.measurement is None
    assert card.summary(card.force) == {MET: 0, NOT_MET: 0, NO_DATA: 0, NOT_MEASURED: 1}


def test_it_shows_a_value_of_none_as_no_data(test_metrics: None, places: dict[str, Any]) -> None:
    charter = make_charter(promise("p", "test.nothing", value=0, op=">="))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    assert status(card, "p", "force", "west-mercia") == NO_DATA


def test_it_shows_a_failing_metric_as_no_data(
    test_metrics: None, places: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    charter = make_charter(promise("p", "test.broken"))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    assert status(card, "p", "force", "west-mercia") == NO_DATA
    assert "test.broken failed" in caplog.text


def test_it_judges_lower_is_better_targets(test_metrics: None, places: dict[str, Any]) -> None:
    charter = make_charter(promise("p", "test.good_share", value=50, op="<="))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    assert status(card, "p", "neighbourhood", "bad-1") == MET
    assert status(card, "p", "force", "west-mercia") == NOT_MET


def test_it_judges_a_force_promise_only_for_the_force(test_metrics: None, places: dict[str, Any]) -> None:
    charter = make_charter(promise("p", "test.good_share", level="force"))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    assert card.result("p", card.force) is not None
    assert status(card, "p", "area", "north") is None
    neighbourhood = card.scope("neighbourhood", "good-1")
    assert neighbourhood is not None
    assert card.summary(neighbourhood) == {MET: 0, NOT_MET: 0, NO_DATA: 0, NOT_MEASURED: 0}


def test_it_calls_a_shared_metric_once_per_place(test_metrics: None, places: dict[str, Any]) -> None:
    charter = make_charter(promise("p1", "test.good_share"), promise("p2", "test.good_share", value=90))
    compute_scorecard(charter, timezone.localdate(), "west-mercia")
    # force + 2 areas + 3 neighbourhoods, not twice that.
    assert len(CALLS) == 6


def test_it_caches_the_computed_scorecard(test_metrics: None, places: dict[str, Any]) -> None:
    charter = make_charter(promise("p", "test.good_share"))
    first = get_scorecard(charter, "west-mercia")
    calls = len(CALLS)
    second = get_scorecard(charter, "west-mercia")
    assert len(CALLS) == calls
    assert second.computed_at == first.computed_at
    # Shared caches (Redis) pickle it.
    assert pickle.loads(pickle.dumps(first)) == first


def test_it_keeps_six_months_of_history_for_measured_promises(
    test_metrics: None, places: dict[str, Any]
) -> None:
    charter = make_charter(promise("p", "test.good_share"), promise("q", "nobody.registers_this"))
    card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    history = compute_history(charter, card.force, dt.date(2026, 3, 15), "west-mercia")
    assert history.points[-1] == dt.date(2026, 3, 15)
    assert [pid for pid, _ in history.rows] == ["p"]
    results = history.rows[0][1]
    assert len(results) == 6
    assert results[0].period == Period(dt.date(2025, 8, 3), dt.date(2025, 10, 31))


def test_it_scores_the_2021_charter_for_60_neighbourhoods_in_bounded_queries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the teams' metrics, each one query: what is bounded here is the scorecard's own work.
    one_query = {"teams.named_team", "teams.details_verified", "teams.contactable_officer"}
    teams_only = {key: m for key, m in REGISTRY.items() if key in one_query}
    monkeypatch.setattr("safer.lib.metrics.REGISTRY", teams_only)
    charter = load_charter(CHARTER_DIR / "west-mercia-2021.yaml")
    areas = [create_area(slug=f"lpa-{i}", name=f"LPA {i}") for i in range(2)]
    for i in range(60):
        nb = create_neighbourhood(area=areas[i % 2])
        create_person(nb, rank=Rank.INSPECTOR)
        create_person(nb, rank=Rank.SERGEANT)
        if i % 3:
            create_person(nb, rank=Rank.PCSO)
    with CaptureQueriesContext(connection) as queries:
        card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
    measured_metrics = {p.metric for p in charter.promises if p.metric in teams_only}
    places = 1 + 2 + 60
    # Four queries to list the places, then one per metric per place, however many promises share it.
    assert len(measured_metrics) == 3
    assert len(queries) == 4 + len(measured_metrics) * places
    named = card.result("a6-dedicated-named-team", card.force)
    assert named is not None and named.measurement is not None
    assert (named.measurement.numerator, named.measurement.denominator) == (40, 60)
    assert named.status == NOT_MET
