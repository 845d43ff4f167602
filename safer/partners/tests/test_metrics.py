"""The partners.* measures (and crime.asb_case_reviews_on_time) against counts made by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.lib.metrics import Period, get_metric
from safer.partners.models import (
    AgreementReview,
    CaseReviewApplication,
    Forum,
    ForumMeeting,
    MeetingAttendance,
    Site,
)
from safer.partners.models.forums import Attendance, ForumKind
from safer.partners.tests.factories import create_agency, create_agreement
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_neighbourhood

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = Period(TODAY - dt.timedelta(days=364), TODAY)


def measure(key: str, period: Period = YEAR) -> float | None:
    found = get_metric(key)
    assert found is not None, key
    return found.compute(Neighbourhood.objects.all(), period).value


def test_every_partners_key_in_the_charters_is_registered() -> None:
    from safer.charter.loader import load_charters  # noqa: PLC0415

    keys = {p.metric for c in load_charters().values() for p in c.promises}
    wanted = {k for k in keys if k.startswith("partners.")} | {"crime.asb_case_reviews_on_time"}
    assert wanted and all(get_metric(k) is not None for k in wanted), wanted


def test_agreements_in_date_counts_agencies_with_a_live_agreement() -> None:
    a, b, c = create_agency(), create_agency(), create_agency()
    create_agency(active=False)
    create_agreement(a)
    create_agreement(b, start=TODAY - dt.timedelta(days=400), review=TODAY - dt.timedelta(days=2))
    assert c  # no agreement
    assert measure("partners.agreements_in_date") == pytest.approx(100 / 3)


def test_agreements_reviewed_counts_late_and_missed_reviews() -> None:
    agency = create_agency()
    on_time = create_agreement(agency, review=TODAY + dt.timedelta(days=100))
    AgreementReview.objects.create(
        agreement=on_time,
        reviewed_on=TODAY - dt.timedelta(days=20),
        was_due=TODAY - dt.timedelta(days=10),
        next_review_date=on_time.review_date,
    )
    late = create_agreement(agency, review=TODAY + dt.timedelta(days=100))
    AgreementReview.objects.create(
        agreement=late,
        reviewed_on=TODAY - dt.timedelta(days=5),
        was_due=TODAY - dt.timedelta(days=10),
        next_review_date=late.review_date,
    )
    create_agreement(
        agency, start=TODAY - dt.timedelta(days=300), review=TODAY - dt.timedelta(days=3)
    )  # missed
    assert measure("partners.agreements_reviewed") == pytest.approx(100 / 3)


def test_areas_with_colocation_and_joint_tasking() -> None:
    north, south = create_area(name="North"), create_area(name="South")
    create_neighbourhood(area=north)
    create_neighbourhood(area=south)
    council = create_agency()
    site = Site.objects.create(name="Hub", address="1 High St", area=north)
    site.agencies.add(council)
    Site.objects.create(name="Police only", address="2 High St", area=south)  # no partner: not co-located
    assert measure("partners.areas_with_colocation") == 50.0

    tasking = Forum.objects.create(name="North tasking", kind=ForumKind.TASKING, area=north)
    meeting = ForumMeeting.objects.create(forum=tasking, held_on=TODAY - dt.timedelta(days=3))
    MeetingAttendance.objects.create(meeting=meeting, agency=council, status=Attendance.PRESENT)
    south_tasking = Forum.objects.create(name="South tasking", kind=ForumKind.TASKING, area=south)
    alone = ForumMeeting.objects.create(forum=south_tasking, held_on=TODAY - dt.timedelta(days=3))
    MeetingAttendance.objects.create(meeting=alone, agency=council, status=Attendance.APOLOGIES)
    month = Period(TODAY - dt.timedelta(days=29), TODAY)
    assert measure("partners.joint_tasking_held", month) == 50.0


def test_forum_meetings_attended_by_police() -> None:
    area = create_area()
    create_neighbourhood(area=area)
    csp = Forum.objects.create(name="CSP", kind=ForumKind.CSP, area=area)
    for days, police in [(10, Attendance.PRESENT), (40, Attendance.APOLOGIES), (70, None)]:
        meeting = ForumMeeting.objects.create(forum=csp, held_on=TODAY - dt.timedelta(days=days))
        if police:
            MeetingAttendance.objects.create(meeting=meeting, agency=None, status=police)
    assert measure("partners.forum_meetings_attended") == pytest.approx(100 / 3)


def test_no_records_is_no_data_not_met() -> None:
    assert measure("partners.agreements_in_date") is None
    assert measure("partners.forum_meetings_attended") is None
    assert measure("crime.asb_case_reviews_on_time") is None


def _application(neighbourhood: Neighbourhood, days_ago: int, **values: object) -> CaseReviewApplication:
    received = timezone.now() - dt.timedelta(days=days_ago)
    area = neighbourhood.areas.first()
    assert area is not None
    return CaseReviewApplication.objects.create(
        reference=f"CR{days_ago}",
        area=area,
        neighbourhood=neighbourhood,
        received_at=received,
        applicant_name="A Person",
        applicant_postcode="WR1 1AA",
        behaviour="Noise",
        location="Street",
        **values,
    )


def test_asb_case_reviews_on_time() -> None:
    area = create_area()
    hood = create_neighbourhood(area=area)
    now = timezone.now()
    # Decided not met the day after, acknowledged the same day: on time.
    _application(
        hood,
        60,
        acknowledged_at=now - dt.timedelta(days=60),
        decided_at=now - dt.timedelta(days=59),
        threshold_met=False,
    )
    # Never acknowledged nor decided, 60 days on: late.
    _application(hood, 61)
    # Received today: nothing due yet, not judged.
    _application(hood, 0)
    assert measure("crime.asb_case_reviews_on_time") == 50.0
