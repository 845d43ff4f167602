"""Plans through their stages: start from an analysis result, sign-offs, reviews, time, responses,
the legal clocks, assessment and closure, and the public summary on the neighbourhood page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.problems import assessment, hub, legal, plans
from safer.problems.models import Plan, Stage
from safer.problems.tests.factories import crimes, new_plan, place
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> dict:
    area = create_area()
    nb = create_neighbourhood(area=area)
    control = create_neighbourhood(area=area)
    return {
        "nb": nb,
        "control": control,
        "pc": create_staff(Role.PC, neighbourhoods=[nb]),
        "sergeant": create_staff(Role.SERGEANT, neighbourhoods=[nb, control]),
        "inspector": create_staff(Role.INSPECTOR, neighbourhoods=[nb, control]),
        "analyst": create_staff(Role.ANALYST, neighbourhoods=[nb, control]),
    }


def _with_crimes(team: dict) -> Plan:
    spot = place(team["nb"], 20, 0)
    crimes(spot, "2024-02", 5)
    return new_plan(team["pc"], team["nb"])


def _to_response(team: dict) -> Plan:
    plan = _with_crimes(team)
    plans.edit_plan(team["pc"], plan, {"scanning": "Five reports in February.", "analysis": "Poor lighting."})
    for _ in range(2):
        plans.submit(team["pc"], plan)
        plans.sign_off(team["sergeant"], plan, approve=True)
    return plan


def test_a_plan_started_from_a_hot_spot_brings_its_crimes_area_and_months(team: dict) -> None:
    spot, outside = place(team["nb"], 100, 0), place(team["nb"], 900, 0)
    crimes(spot, "2024-02", 4)
    crimes(outside, "2024-02", 3)
    client = sign_in(Client(), team["analyst"])
    query = f"?source=hotspot&e={spot.easting}&n={spot.northing}&cell=250&first=2024-01&last=2024-03"
    page = client.get(reverse("problems:plan-start") + query)
    assert page.status_code == 200
    assert page.context["form"].initial["radius_m"] == 177  # a circle round the 250 m square
    data = {**page.context["form"].initial, "objective": "Cut ASB", "category": ""}
    data["neighbourhood"] = team["nb"].pk
    response = client.post(reverse("problems:plan-start") + query, data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.source == "hotspot" and plan.stage == Stage.SCANNING
    assert plan.crimes.count() == 4
    assert plan.links.get().kind == "hotspot"
    assert plan.review_due == timezone.localdate() + dt.timedelta(days=30)
    assert AuditEvent.objects.filter(action="problems.plan.started").count() == 1


def test_a_bad_analysis_reference_gives_a_message_not_an_error(team: dict) -> None:
    client = sign_in(Client(), team["pc"])
    for query in (
        "?source=hotspot&e=x&n=1&cell=250",
        "?source=repeat_location&location=999999",
        "?source=concern&parish=abc",
    ):
        page = client.get(reverse("problems:plan-start") + query)
        assert page.status_code == 200
        assert page.context["start"].error


def test_a_sergeant_signs_off_scanning_and_analysis_and_a_pc_cannot(team: dict) -> None:
    plan = _with_crimes(team)
    with pytest.raises(plans.PlanError, match="Write the scanning"):
        plans.submit(team["pc"], plan)
    plans.edit_plan(team["pc"], plan, {"scanning": "Five reports in February."})
    plans.submit(team["pc"], plan)
    assert plan.awaiting == "sergeant"
    with pytest.raises(PermissionDenied):
        plans.sign_off(team["pc"], plan, approve=True)
    with pytest.raises(plans.PlanError, match="Say what needs more work"):
        plans.sign_off(team["sergeant"], plan, approve=False)
    plans.sign_off(team["sergeant"], plan, approve=True)
    assert plan.stage == Stage.ANALYSIS and plan.submitted_at is None


def test_a_problem_needs_two_or_more_incidents(team: dict) -> None:
    plan = new_plan(team["pc"], team["nb"])
    plans.edit_plan(team["pc"], plan, {"scanning": "One report."})
    with pytest.raises(plans.PlanError, match="two or more"):
        plans.submit(team["pc"], plan)


def test_a_plan_cannot_close_without_an_assessment_and_then_an_inspector_closes_it(team: dict) -> None:
    plan = _to_response(team)
    assert plan.stage == Stage.RESPONSE
    plan.stage, plan.submitted_at = Stage.ASSESSMENT, timezone.now()
    plan.save()
    with pytest.raises(plans.PlanError, match="cannot close without an assessment"):
        plans.sign_off(team["inspector"], plan, approve=True)
    plan.stage = Stage.RESPONSE
    plan.save()
    crimes(place(team["control"], 6000, 0), "2024-02", 30)
    crimes(place(team["control"], 6000, 0), "2024-05", 28)
    periods = assessment.Periods("2024-01", "2024-03", "2024-04", "2024-06")
    controls = type(team["nb"]).objects.filter(pk=team["control"].pk)
    result = assessment.assess(team["pc"], plan, periods, 250, controls, "reduced")
    assert (result.target_before, result.target_after, result.control_before, result.control_after) == (
        5,
        0,
        30,
        28,
    )
    assert result.wdd == pytest.approx(-1)  # (0 - 5) - (28 - 30) + (0 - 0) - (28 - 30)
    with pytest.raises(PermissionDenied):
        plans.sign_off(team["sergeant"], plan, approve=True)
    plans.sign_off(team["inspector"], plan, approve=True)
    assert plan.stage == Stage.CLOSED and plan.closed_at is not None


def test_the_public_summary_shows_on_the_neighbourhood_page_once_an_inspector_approves(team: dict) -> None:
    plan = _to_response(team)
    crimes(place(team["control"], 6000, 0), "2024-02", 30)
    periods = assessment.Periods("2024-01", "2024-03", "2024-04", "2024-06")
    assessment.assess(
        team["pc"], plan, periods, 250, type(team["nb"]).objects.filter(pk=team["control"].pk), "reduced"
    )
    plans.sign_off(team["inspector"], plan, approve=True)
    assessment.save_write_up(
        team["pc"],
        plan,
        {"summary": "We fixed the lights.", "public_title": "the park", "public_summary": "New lights."},
    )
    url = team["nb"].get_absolute_url()
    assert "What we did about the park" not in Client().get(url).content.decode()
    with pytest.raises(PermissionDenied):
        assessment.approve_public_summary(team["sergeant"], plan)
    assessment.approve_public_summary(team["inspector"], plan)
    assert "What we did about the park" in Client().get(url).content.decode()


def test_the_write_up_word_limits_are_enforced(team: dict) -> None:
    plan = _with_crimes(team)
    with pytest.raises(plans.PlanError, match="400 words"):
        assessment.save_write_up(team["pc"], plan, {"summary": "word " * 401})
    with pytest.raises(plans.PlanError, match="4,000 words"):
        assessment.save_write_up(team["pc"], plan, {"scanning": "w " * 2000, "analysis": "w " * 2001})
    assessment.save_write_up(team["pc"], plan, {"summary": "word " * 400})


def test_reviews_move_the_due_date_and_missed_ones_reach_the_hub_queue(team: dict) -> None:
    plan = _with_crimes(team)
    plan.review_due = timezone.localdate() - dt.timedelta(days=3)
    plan.save()
    q = hub.queue(team["sergeant"], type(team["nb"]).objects.all())
    assert q.overdue_reviews == [plan] and q.missed_reviews == 1 and q.to_triage == [plan]
    review = plans.review(team["sergeant"], plan, "Lighting survey booked.")
    assert not review.on_time and plan.review_due == timezone.localdate() + dt.timedelta(days=30)
    q = hub.queue(team["sergeant"], type(team["nb"]).objects.all())
    assert q.overdue_reviews == [] and q.missed_reviews == 1  # late, still counted


def test_time_is_logged_per_plan_and_parish(team: dict) -> None:
    plan = _with_crimes(team)
    parish = team["nb"].parishes.create(name="Upton")
    plans.log_time(team["pc"], plan, 90, timezone.localdate(), parish)
    with pytest.raises(plans.PlanError):
        plans.log_time(team["pc"], plan, 0, timezone.localdate())
    page = sign_in(Client(), team["pc"]).get(reverse("problems:time"))
    assert [(r["parish"].name, r["hours"]) for r in page.context["page"]] == [("Upton", 1.5)]


def test_an_analyst_answers_a_request_with_a_linked_analysis(team: dict) -> None:
    plan = _with_crimes(team)
    req = hub.request_analysis(team["pc"], team["nb"], "When does it peak?", plan)
    with pytest.raises(PermissionDenied):
        hub.answer(team["pc"], req, "Fridays", "/crime/hot-spots/")
    with pytest.raises(plans.PlanError, match="Link the analysis"):
        hub.answer(team["analyst"], req, "Fridays", "https://example.org/")
    hub.answer(team["analyst"], req, "Friday evenings", "/crime/hot-spots/")
    assert plan.links.filter(kind="analysis").count() == 1
    assert hub.turnaround_days([req]) is not None


def test_a_notice_must_follow_a_warning_and_its_clocks_run_from_service(team: dict) -> None:
    plan = _with_crimes(team)
    values = {"kind": "legal", "description": "CPN", "due": timezone.localdate(), "legal_tool": "cpn"}
    with pytest.raises(plans.PlanError, match="must follow a Community Protection Warning"):
        plans.add_response(team["pc"], plan, values)
    warning = plans.add_response(team["pc"], plan, {**values, "description": "CPW", "legal_tool": "cpw"})
    notice = plans.add_response(team["pc"], plan, {**values, "warning": warning})
    served = dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC)
    plans.update_response(team["pc"], notice, "under_way", "Served in person", served)
    (appeal,) = legal.clocks("cpn", served)
    assert appeal.due == dt.date(2024, 3, 22)


def test_a_closure_notice_does_not_count_christmas_day() -> None:
    served = timezone.make_aware(dt.datetime(2024, 12, 24, 12))  # noqa: DTZ001
    ends, court = legal.clocks("closure_notice", served)
    assert ends.due == timezone.make_aware(dt.datetime(2024, 12, 26, 12))  # noqa: DTZ001
    assert court.due == served + dt.timedelta(hours=48)
    ends48, _ = legal.clocks("closure_notice", served, extended_to_48h=True)
    assert ends48.due == timezone.make_aware(dt.datetime(2024, 12, 27, 12))  # noqa: DTZ001
    order, longest = legal.clocks("closure_order", served)
    assert (order.due, longest.due) == (dt.date(2025, 3, 24), dt.date(2025, 6, 24))
