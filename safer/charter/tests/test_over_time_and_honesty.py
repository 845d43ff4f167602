"""Issue 14: the honesty rules (met only when the data covers the period; every figure links to how it
is computed), every promise measured at force level, stored monthly snapshots that corrections do not
rewrite, and the twelve-month chart with its table on the public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from safer.charter.loader import CHARTER_DIR, Promise, Target, load_charters
from safer.charter.models import ScorecardSnapshot
from safer.charter.scorecard import MET, NO_DATA, NOT_MEASURED, compute_scorecard, judge
from safer.charter.snapshots import check_corrections, month_ends_before, take_snapshots
from safer.lib.metrics import Measurement, Period
from safer.teams.models import Rank
from safer.testing import create_area, create_force, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db

PROMISE = Promise(
    id="p",
    theme="t",
    text="x",
    metric="teams.named_team",
    target=Target(">=", 50, "%"),
    period="P3M",
    level="area",
)


def test_a_value_over_a_period_the_records_do_not_cover_is_no_data_never_met() -> None:
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    covered = Measurement(value=90.0, data_since=dt.date(2025, 6, 1))
    partial = Measurement(value=90.0, data_since=dt.date(2026, 2, 1))
    assert judge(PROMISE, covered, period) == MET
    assert judge(PROMISE, partial, period) == NO_DATA
    assert judge(PROMISE, Measurement(value=None), period) == NO_DATA
    assert judge(PROMISE, None, period) == NOT_MEASURED


@pytest.fixture
def places() -> dict:
    create_force()
    north = create_area(slug="north", name="North")
    south = create_area(slug="south", name="South")
    ludlow = create_neighbourhood(area=north, slug="ludlow", name="Ludlow")
    for rank in (Rank.INSPECTOR, Rank.SERGEANT, Rank.PCSO):
        create_person(ludlow, rank=rank)
    malvern = create_neighbourhood(area=south, slug="malvern", name="Malvern")
    return {"ludlow": ludlow, "malvern": malvern}


def test_at_force_level_no_promise_of_any_charter_is_not_measured_yet(places) -> None:
    left = []
    for charter in load_charters([CHARTER_DIR]).values():
        card = compute_scorecard(charter, timezone.localdate(), "west-mercia")
        for promise in charter.promises:
            result = card.result(promise.id, card.force)
            if result is not None and result.status == NOT_MEASURED:
                left.append(f"{charter.id}/{promise.id} ({promise.metric})")
    assert left == []


def test_stored_months_are_not_rewritten_when_the_records_change_and_a_correction_is_noted(places) -> None:
    from safer.testing import create_priority

    charter = load_charters([CHARTER_DIR])["west-mercia-2021"]
    last_month_end = month_ends_before(timezone.localdate(), 1)[0]
    priority = create_priority(
        places["ludlow"],
        issue_date=last_month_end - dt.timedelta(days=5),
        action="",
        action_date=None,
        is_published=True,
    )
    take_snapshots(charter, last_month_end, levels=("force", "area"))
    row = ScorecardSnapshot.objects.get(charter=charter.id, promise="e3-listen-and-act", level="force")
    assert row.final and row.as_of == last_month_end and row.month == last_month_end.replace(day=1)
    assert row.value == 0.0
    # The record is corrected later: the stored month is left alone, even if taken again...
    priority.action, priority.action_date = "Extra patrols", last_month_end - dt.timedelta(days=1)
    priority.save()
    take_snapshots(charter, last_month_end, levels=("force", "area"))
    row.refresh_from_db()
    assert row.value == 0.0 and row.corrected_at is None
    # ...and measuring it again notes the corrected figure beside it.
    assert check_corrections(charter, last_month_end, levels=("force", "area")) >= 1
    row.refresh_from_db()
    assert row.value == 0.0 and row.corrected_value == 100.0 and row.corrected_at is not None


def test_the_public_page_shows_a_12_month_chart_with_a_table_and_links_to_the_method(
    client: Client, places
) -> None:
    charter = load_charters([CHARTER_DIR])["west-mercia-2021"]
    for on in month_ends_before(timezone.localdate(), 2):
        take_snapshots(charter, on, levels=("force", "area"))
    text = client.get("/scorecard/west-mercia-2021/").content.decode()
    assert text.count('<svg class="app-chart"') >= 10
    assert "The last 12 months as a table" in text
    assert 'href="/scorecard/west-mercia-2021/promises/a6-dedicated-named-team/#method"' in text
    page = client.get("/scorecard/west-mercia-2021/promises/a6-dedicated-named-team/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "How this is measured" in body and "From which records" in body
    assert "North" in body and "South" in body  # areas side by side
    assert client.get("/scorecard/west-mercia-2021/promises/no-such-promise/").status_code == 404


def test_a_survey_measure_on_the_page_shows_its_interval_and_too_few_says_so(
    client: Client, places, settings
) -> None:
    from safer.engagement.models import Answer, StandardQuestion, SurveyResponse
    from safer.engagement.standard_questions import add_standard_questions
    from safer.testing import create_survey

    settings.SURVEY_MIN_ANSWERS = 20
    survey = create_survey(places["ludlow"])
    question = add_standard_questions(survey, [StandardQuestion.CONFIDENCE])[0]
    for i in range(30):
        response = SurveyResponse.objects.create(survey=survey)
        Answer.objects.create(
            response=response, question=question, choice="Tend to agree" if i < 21 else "Strongly disagree"
        )
    north = client.get("/scorecard/west-mercia-2025/areas/north/").content.decode()
    assert "70%" in north and "95% interval 52.1% to 83.3%; 30 answers" in north
    south = client.get("/scorecard/west-mercia-2025/areas/south/").content.decode()
    assert "Too few answers (0)" not in south and "No data" in south
    survey2 = create_survey(places["malvern"])
    q2 = add_standard_questions(survey2, [StandardQuestion.CONFIDENCE])[0]
    for _ in range(5):
        Answer.objects.create(
            response=SurveyResponse.objects.create(survey=survey2), question=q2, choice="Tend to agree"
        )
    from django.core.cache import cache

    cache.clear()
    south = client.get("/scorecard/west-mercia-2025/areas/south/").content.decode()
    assert "Too few answers (5) to give a figure" in south


def test_the_downloads_keep_one_shape_with_sample_size_and_interval(client: Client, places) -> None:
    import csv
    import io

    charter = load_charters([CHARTER_DIR])["west-mercia-2021"]
    take_snapshots(charter, month_ends_before(timezone.localdate(), 1)[0], levels=("force",))
    now = list(csv.DictReader(io.StringIO(client.get("/scorecard/west-mercia-2021.csv").content.decode())))
    months = list(
        csv.DictReader(io.StringIO(client.get("/scorecard/west-mercia-2021/history.csv").content.decode()))
    )
    assert list(now[0]) == list(months[0])
    assert {"sample_size", "ci_low", "ci_high", "month", "corrected_value", "method_url"} <= set(now[0])
    data = client.get("/scorecard/west-mercia-2021/history.json").json()
    assert set(data["results"][0]) == set(now[0])
