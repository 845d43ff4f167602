"""The charter files shipped with the platform."""

from __future__ import annotations

from collections import Counter

from safer.charter.loader import CHARTER_DIR, charters_for_force, load_charter, load_charters
from safer.lib.metrics import REGISTRY

SIX_THEMES = {"visibility", "responding", "prevention", "vulnerability", "relationships", "partnerships"}


def test_it_loads_the_2021_charter_with_all_six_themes() -> None:
    charter = load_charter(CHARTER_DIR / "west-mercia-2021.yaml")
    assert {t.id for t in charter.themes} == SIX_THEMES
    per_theme = Counter(p.theme for p in charter.promises)
    # Every theme's "we will" and "this will be achieved by" lines are promises.
    sections = Counter((p.theme, p.section) for p in charter.promises)
    for theme in SIX_THEMES:
        assert per_theme[theme] >= 8, theme
        assert sections[(theme, "We will")] >= 3, theme
        assert sections[(theme, "This will be achieved by")] >= 5, theme
    assert len(charter.promises) >= 60
    texts = " ".join(p.text for p in charter.promises)
    for phrase in (
        "engagement vehicles",
        "at least once a quarter",
        "A-boards",
        "Street Watch",
        "dare to share",
    ):
        assert phrase in texts


def test_it_measures_the_named_team_and_verified_details_in_the_2021_charter() -> None:
    charter = load_charter(CHARTER_DIR / "west-mercia-2021.yaml")
    metrics = {p.metric for p in charter.promises}
    assert {"teams.named_team", "teams.details_verified", "engagement.vehicle_visits_per_week"} <= metrics
    vehicle = next(p for p in charter.promises if p.metric == "engagement.vehicle_visits_per_week")
    assert (vehicle.level, vehicle.period, vehicle.target.value) == ("neighbourhood", "week", 1.0)


def test_it_ships_the_national_guarantee_and_the_2025_refresh() -> None:
    charters = load_charters([CHARTER_DIR])
    assert set(charters) == {
        "west-mercia-2021",
        "west-mercia-2025",
        "national-neighbourhood-policing-guarantee",
    }
    national = charters["national-neighbourhood-policing-guarantee"]
    assert national.force is None
    response = national.promise("response-within-72-hours")
    assert response.metric == "contact.answered_in_time"
    assert "72 hours" in response.text
    assert national.promise("named-contactable-officer").metric == "teams.contactable_officer"


def test_it_offers_a_force_its_own_charters_and_the_national_ones() -> None:
    assert {c.id for c in charters_for_force("west-mercia")} == {
        "west-mercia-2021",
        "west-mercia-2025",
        "national-neighbourhood-policing-guarantee",
    }
    assert [c.id for c in charters_for_force("dyfed-powys")] == ["national-neighbourhood-policing-guarantee"]


def test_it_states_targets_in_the_unit_their_registered_metric_measures() -> None:
    mismatches = [
        f"{charter.id}/{p.id}: target in {p.target.unit!r}, {p.metric} measures {REGISTRY[p.metric].unit!r}"
        for charter in load_charters([CHARTER_DIR]).values()
        for p in charter.promises
        if p.metric in REGISTRY and p.target.unit != REGISTRY[p.metric].unit
    ]
    assert mismatches == []
