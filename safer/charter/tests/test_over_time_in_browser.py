"""The scorecard over time in a real browser: every scorecard page at 320 px with no sideways scroll
and no axe violations, each promise's twelve months as a chart with the table beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from safer.charter.loader import charters_for_force
from safer.charter.snapshots import month_ends_before, take_snapshots
from safer.conftest import axe_violations
from safer.engagement.models import Answer, StandardQuestion, SurveyResponse
from safer.engagement.standard_questions import add_standard_questions
from safer.teams.models import Rank
from safer.testing import (
    create_area,
    create_force,
    create_neighbourhood,
    create_person,
    create_priority,
    create_survey,
)

# The first few elements reaching past the screen's edge, to name in a failure.
WIDER_THAN_320 = (
    "() => [...document.querySelectorAll('body *')]"
    ".filter(e => e.getBoundingClientRect().right > 321).slice(0, 5)"
    ".map(e => e.tagName + '.' + e.className)"
)


@pytest.fixture
def places(transactional_db: Any, settings: Any) -> None:
    settings.SURVEY_MIN_ANSWERS = 20
    create_force()
    north = create_area(slug="north", name="North")
    create_area(slug="south", name="South")
    nb = create_neighbourhood(area=north, slug="ludlow", name="Ludlow")
    for rank in (Rank.INSPECTOR, Rank.SERGEANT, Rank.PCSO):
        create_person(nb, rank=rank)
    create_priority(nb, is_published=True, action="Patrols", action_date=timezone.localdate())
    survey = create_survey(nb)
    question = add_standard_questions(survey, [StandardQuestion.CONFIDENCE])[0]
    for i in range(25):
        Answer.objects.create(
            response=SurveyResponse.objects.create(survey=survey),
            question=question,
            choice="Tend to agree" if i % 3 else "Tend to disagree",
        )
    for charter in charters_for_force():
        for on in month_ends_before(timezone.localdate(), 11):
            take_snapshots(charter, on, ("force", "area"), late=True)


def test_every_scorecard_page_reads_at_320px_with_charts_and_tables(
    phone_page: Any, live_server: Any, places: None, tmp_path: Path
) -> None:
    phone_page.set_viewport_size({"width": 320, "height": 800})
    pages = [
        "/scorecard/",
        "/scorecard/west-mercia-2025/",
        "/scorecard/west-mercia-2025/areas/north/",
        "/scorecard/west-mercia-2021/neighbourhoods/ludlow/",
        "/scorecard/national-neighbourhood-policing-guarantee/promises/abstraction/",
        "/scorecard/west-mercia-2025/promises/engagement-public-confidence/",
    ]
    for path in pages:
        phone_page.goto(live_server.url + path)
        wide = phone_page.evaluate(WIDER_THAN_320)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320, (path, wide)
        assert axe_violations(phone_page) == [], path
    phone_page.screenshot(path=str(tmp_path / "promise-320.png"), full_page=True)
    # The survey measure shows its sample size and interval; the chart has its table alternative.
    expect(phone_page.get_by_text("95% interval").first).to_be_visible()
    phone_page.goto(live_server.url + "/scorecard/west-mercia-2025/")
    chart = phone_page.locator("svg.app-chart").first
    expect(chart).to_be_visible()
    phone_page.get_by_text("The last 12 months as a table").first.click()
    expect(phone_page.locator("details[open] table tbody tr")).to_have_count(12)
    phone_page.set_viewport_size({"width": 1280, "height": 900})
    phone_page.screenshot(path=str(tmp_path / "scorecard-1280.png"))
