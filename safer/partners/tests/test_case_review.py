"""ASB Case Review rules and handling: the threshold, the clocks, the steps, the published figures."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.alerts.models import OutboxMessage
from safer.partners import actions, casereview
from safer.partners.clocks import add_working_days, months_before
from safer.partners.models import CaseReviewApplication, CaseReviewComplaint, CaseReviewSettings
from safer.partners.tests.factories import create_agency
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_neighbourhood, create_staff, send_queued_messages

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
_seq = itertools.count(1)


def test_working_days_skip_weekends_and_bank_holidays() -> None:
    # Thursday 24 December 2026: Friday 25 and Monday 28 (Boxing Day substitute) are bank holidays.
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)
    assert add_working_days(dt.date(2026, 12, 7), 3) == dt.date(2026, 12, 10)  # Monday + 3
    assert add_working_days(dt.date(2026, 12, 11), 1) == dt.date(2026, 12, 14)  # Friday + 1


def test_months_before_clamps_to_the_shorter_month() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_threshold_cannot_be_set_above_three() -> None:
    rules = CaseReviewSettings(area=create_area(), threshold=4)
    with pytest.raises(ValidationError):
        rules.full_clean()


def _hood() -> Neighbourhood:
    return create_neighbourhood(area=create_area())


def _application(
    hood: Neighbourhood, reports_days_ago: list[int], days_ago: int = 0
) -> CaseReviewApplication:
    area = hood.areas.get()
    a = CaseReviewApplication.objects.create(
        reference=f"CR-{next(_seq)}",
        area=area,
        neighbourhood=hood,
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        applicant_name="Sam Example",
        applicant_email="sam@example.org",
        applicant_postcode="WR1 1AA",
        behaviour="Shouting and bins set alight",
        location="Elm Road",
    )
    for d in reports_days_ago:
        CaseReviewComplaint.objects.create(
            application=a, reported_on=TODAY - dt.timedelta(days=d), reported_to="police"
        )
    return a


def test_three_complaints_in_six_months_meet_the_threshold_and_older_ones_do_not_count() -> None:
    hood = _hood()
    assert casereview.threshold_automatically_met(_application(hood, [10, 40, 90]))
    old = _application(hood, [10, 40, 200])
    assert casereview.qualifying_complaints(old) == 2
    assert not casereview.threshold_automatically_met(old)


def test_an_area_may_set_a_lower_threshold() -> None:
    hood = _hood()
    CaseReviewSettings.objects.create(area=hood.areas.get(), threshold=1)
    assert casereview.threshold_automatically_met(_application(hood, [10]))


def test_a_complaint_marked_not_qualifying_is_not_counted() -> None:
    hood = _hood()
    a = _application(hood, [10, 40, 90])
    a.complaints.filter(pk=a.complaints.first().pk).update(qualifying=False)  # type: ignore[union-attr]
    assert casereview.qualifying_complaints(a) == 2


def test_clocks_follow_the_areas_settings() -> None:
    hood = _hood()
    CaseReviewSettings.objects.create(
        area=hood.areas.get(), acknowledge_working_days=1, decide_working_days=5
    )
    a = _application(hood, [10])
    start = timezone.localdate(a.received_at)
    c = casereview.clocks(a)
    assert c.acknowledge_by == add_working_days(start, 1)
    assert c.decide_by == add_working_days(start, 5)
    assert c.review_by is None


def test_the_whole_handling_sends_each_message_and_audits_each_step() -> None:
    hood = _hood()
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[hood])
    council = create_agency(name="Malvern Hills District Council")
    a = _application(hood, [10, 40, 90])
    actions.acknowledge(sergeant, a)
    with pytest.raises(actions.ActionRefused, match="the threshold is met"):
        actions.decide(sergeant, a, False, "Not persistent.")
    actions.decide(sergeant, a, True, "Three reports in six months.")
    actions.record_review(
        sergeant, a, TODAY, "Joint plan agreed.", "Malvern Hills District Council: install CCTV\nMore patrols"
    )
    a.refresh_from_db()
    assert a.stage == "reviewed" and a.review_held_on == TODAY
    recs = list(a.recommendations.values_list("text", "agency"))
    assert recs == [("install CCTV", council.pk), ("More patrols", None)]
    send_queued_messages()
    sent = list(OutboxMessage.objects.order_by("id"))
    assert [m.to_address for m in sent] == ["sam@example.org"] * 3
    assert "CCTV" in sent[-1].body
    steps = set(AuditEvent.objects.filter(object_id=str(a.pk)).values_list("action", flat=True))
    assert {
        "partners.case_review.acknowledged",
        "partners.case_review.decided",
        "partners.case_review.reviewed",
    } <= steps


def test_steps_out_of_order_are_refused() -> None:
    hood = _hood()
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[hood])
    a = _application(hood, [10])
    with pytest.raises(actions.ActionRefused):
        actions.decide(sergeant, a, True, "x")
    actions.acknowledge(sergeant, a)
    with pytest.raises(actions.ActionRefused):
        actions.acknowledge(sergeant, a)
    actions.decide(sergeant, a, False, "One report, handled well.")
    with pytest.raises(actions.ActionRefused, match="only when the threshold is met"):
        actions.record_review(sergeant, a, TODAY, "x", "")
    actions.record_appeal(sergeant, a, TODAY)
    actions.decide_appeal(sergeant, a, False, "Decision stands.")
    a.refresh_from_db()
    assert a.stage == "closed" and a.appeal_upheld is False


def test_a_sergeant_elsewhere_cannot_handle_it() -> None:
    a = _application(_hood(), [10])
    with pytest.raises(PermissionDenied):
        actions.acknowledge(create_staff(Role.SERGEANT, neighbourhoods=[_hood()]), a)
    with pytest.raises(PermissionDenied):
        actions.acknowledge(create_staff(Role.PC, neighbourhoods=[a.neighbourhood]), a)


def test_the_four_published_numbers_count_by_year_from_april() -> None:
    hood = _hood()
    now = timezone.now()
    start = casereview.year_start(TODAY)
    # This year: one not met, one reviewed with a recommendation, one reviewed without, one open.
    not_met = _application(hood, [1], days_ago=0)
    CaseReviewApplication.objects.filter(pk=not_met.pk).update(threshold_met=False, decided_at=now)
    for n, recs in enumerate([1, 0]):
        a = _application(hood, [n + 2], days_ago=0)
        CaseReviewApplication.objects.filter(pk=a.pk).update(
            threshold_met=True, decided_at=now, review_held_on=TODAY
        )
        for _ in range(recs):
            a.recommendations.create(text="Patrols")
    _application(hood, [5, 6], days_ago=0)
    # Last year: one application.
    old = _application(hood, [7], days_ago=0)
    CaseReviewApplication.objects.filter(pk=old.pk).update(
        received_at=dt.datetime(start.year - 1, 6, 1, 12, tzinfo=dt.UTC)
    )
    this_year, last_year = casereview.published_years(TODAY, count=1)
    assert (
        this_year.applications,
        this_year.threshold_not_met,
        this_year.reviews,
        this_year.reviews_with_recommendations,
    ) == (4, 1, 2, 1)
    assert (last_year.applications, last_year.reviews) == (1, 0)
