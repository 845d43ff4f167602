"""The scorecard in a real browser: without JavaScript, and on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from safer.conftest import axe_violations
from safer.teams.models import Rank
from safer.testing import create_area, create_force, create_neighbourhood, create_person


@pytest.fixture
def places(transactional_db: Any) -> None:
    create_force()
    north = create_area(slug="shropshire-telford", name="Shropshire and Telford")
    create_area(slug="herefordshire-worcestershire", name="Herefordshire and Worcestershire")
    nb = create_neighbourhood(area=north, slug="ludlow", name="Ludlow")
    for rank in (Rank.INSPECTOR, Rank.SERGEANT, Rank.PCSO):
        create_person(nb, rank=rank)


def test_it_filters_by_area_without_javascript(nojs_page: Any, live_server: Any, places: None) -> None:
    nojs_page.goto(live_server.url + "/scorecard/west-mercia-2021/")
    nojs_page.select_option("#area", label="Shropshire and Telford")
    nojs_page.get_by_role("button", name="Show").click()
    assert nojs_page.url.endswith("/scorecard/west-mercia-2021/areas/shropshire-telford/")
    assert nojs_page.inner_text("h1") == "Shropshire and Telford"
    nojs_page.get_by_role("link", name="Ludlow").click()
    assert nojs_page.inner_text("h1") == "Ludlow"


def test_it_reads_on_a_phone(phone_page: Any, live_server: Any, places: None) -> None:
    phone_page.goto(live_server.url + "/scorecard/west-mercia-2021/neighbourhoods/ludlow/")
    assert phone_page.get_by_text("Not measured yet").first.is_visible()
    # Nothing wider than the phone's screen: the page reflows rather than scrolling sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(phone_page) == []
