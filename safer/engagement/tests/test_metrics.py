"""The six charter measures, each computed from a few records whose answer is known."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safer.engagement.models import Concern, CouncilAgreement, CouncilMeeting, EventStatus
from safer.lib.metrics import REGISTRY, Period
from safer.places.models import Neighbourhood, Parish
from safer.testing import (
    create_area,
    create_correspondence,
    create_council,
    create_event,
    create_neighbourhood,
    create_priority,
)

TZ = timezone.get_current_timezone()
KEYS = {
    "engagement.vehicle_visits_per_week",
    "engagement.advertised_ahead",
    "engagement.parish_agreements_attended",
    "engagement.correspondence_on_time",
    "engagement.parishes_with_concerns",
    "engagement.priorities_updated",
    # Issue 14: the rest of the charters' engagement promises.
    "engagement.beat_meetings_held",
    "engagement.drop_ins_held",
    "engagement.elected_correspondence_on_time",
    "engagement.hotspot_patrol_share",
    "engagement.key_places_visited",
    "engagement.parish_agreements_current",
    "engagement.parish_survey_contacted_for_priorities",
    "engagement.parish_survey_visibility_good",
    "engagement.priorities_from_public",
    "engagement.priorities_with_action",
    "engagement.public_events_attended",
    "engagement.schools_visited",
    "engagement.seldom_heard_events",
    "engagement.social_media_updates",
    "engagement.station_status_published",
    "engagement.survey_confidence",
    "engagement.survey_experienced_asb",
    "engagement.survey_responses_per_1000",
    "engagement.survey_seen_foot_patrol",
    "engagement.survey_seen_or_heard",
}
WEEK = Period(dt.date(2026, 11, 16), dt.date(2026, 11, 22))


def measure(key, neighbourhoods, period):
    return REGISTRY[key].compute(neighbourhoods, period)


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TZ)


def test_it_registers_exactly_its_keys():
    assert {k for k in REGISTRY if k.startswith("engagement.")} == KEYS


def test_it_counts_vehicle_visits_per_area_per_week_and_their_notice(team):
    other = create_neighbourhood(area=create_area())
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 17)), published_at=at(dt.date(2026, 11, 1)))
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 19)), published_at=at(dt.date(2026, 11, 16)))
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 20)), status=EventStatus.CANCELLED)
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 20)), kind="beat-meeting")
    create_event(
        other,
        start=at(dt.date(2026, 11, 10)),
        rrule="FREQ=WEEKLY;COUNT=3",
        published_at=at(dt.date(2026, 10, 1)),
    )
    area = Neighbourhood.objects.filter(areas=team.area)
    assert measure("engagement.vehicle_visits_per_week", area, WEEK).value == 2.0
    force = Neighbourhood.objects.all()
    assert measure("engagement.vehicle_visits_per_week", force, WEEK).value == 1.5  # 3 visits, 2 areas
    ahead = measure("engagement.advertised_ahead", force, WEEK)
    assert (ahead.numerator, ahead.denominator) == (2, 3)


def test_it_measures_vehicle_visits_and_their_notice_for_one_neighbourhood(team):
    """The promise is judged per neighbourhood too: a team's own visits a week and how many of them
    were advertised ahead, even for a neighbourhood that is in no current area."""
    next_door = create_neighbourhood(area=team.area)
    orphan = create_neighbourhood()  # its area has gone: still a place with visits to count
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 17)), published_at=at(dt.date(2026, 11, 1)))
    create_event(team.neighbourhood, start=at(dt.date(2026, 11, 19)), published_at=at(dt.date(2026, 11, 16)))
    create_event(next_door, start=at(dt.date(2026, 11, 18)), published_at=at(dt.date(2026, 11, 1)))
    create_event(orphan, start=at(dt.date(2026, 11, 18)), published_at=at(dt.date(2026, 11, 17)))
    mine = Neighbourhood.objects.filter(pk=team.neighbourhood.pk)
    visits = measure("engagement.vehicle_visits_per_week", mine, WEEK)
    assert (visits.value, visits.numerator, visits.denominator) == (2.0, 2, 1.0)
    ahead = measure("engagement.advertised_ahead", mine, WEEK)
    assert (ahead.value, ahead.numerator, ahead.denominator) == (50.0, 1, 2)
    alone = Neighbourhood.objects.filter(pk=orphan.pk)
    assert measure("engagement.vehicle_visits_per_week", alone, WEEK).value == 1.0
    assert measure("engagement.advertised_ahead", alone, WEEK).value == 0.0
    quiet = create_neighbourhood(area=team.area)
    assert (
        measure("engagement.vehicle_visits_per_week", Neighbourhood.objects.filter(pk=quiet.pk), WEEK).value
        == 0
    )
    assert (
        measure("engagement.advertised_ahead", Neighbourhood.objects.filter(pk=quiet.pk), WEEK).value is None
    )


def test_it_counts_councils_with_an_agreement_and_a_meeting_attended(team):
    quarter = Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    both, agreement_only, neither = (create_council(team.neighbourhood) for _ in range(3))
    for council in (both, agreement_only):
        CouncilAgreement.objects.create(council=council, agreed_on=dt.date(2026, 1, 1), updates="Quarterly")
    meeting = CouncilMeeting.objects.create(council=both, date=dt.date(2026, 8, 1))
    meeting.attended_by.add(team.officer)
    CouncilMeeting.objects.create(council=neither, date=dt.date(2026, 8, 1))  # nobody from the team went
    result = measure("engagement.parish_agreements_attended", Neighbourhood.objects.all(), quarter)
    assert (result.numerator, result.denominator) == (1, 3)


def test_it_counts_correspondence_answered_by_the_agreed_date(team):
    period = Period(dt.date(2026, 8, 1), dt.date(2026, 10, 31))
    due = dt.date(2026, 9, 10)
    received = dt.date(2026, 9, 1)
    create_correspondence(team.neighbourhood, received_on=received, reply_due=due, replied_on=due)
    create_correspondence(
        team.neighbourhood, received_on=received, reply_due=due, replied_on=dt.date(2026, 9, 12)
    )
    create_correspondence(team.neighbourhood, received_on=received, reply_due=due)  # never answered
    create_correspondence(team.neighbourhood, received_on=received, reply_due=dt.date(2026, 12, 1))  # outside
    result = measure("engagement.correspondence_on_time", Neighbourhood.objects.all(), period)
    assert (result.numerator, result.denominator) == (1, 3)


def test_it_counts_parishes_with_concerns_in_the_last_year(team):
    year = Period(dt.date(2025, 11, 28), dt.date(2026, 11, 27))
    a, b, c = (Parish.objects.create(neighbourhood=team.neighbourhood, name=n) for n in "ABC")
    Concern.objects.create(
        neighbourhood=team.neighbourhood,
        parish=a,
        category="drugs",
        source="survey",
        recorded_at=at(dt.date(2026, 6, 1)),
    )
    Concern.objects.create(
        neighbourhood=team.neighbourhood,
        parish=b,
        category="drugs",
        source="survey",
        recorded_at=at(dt.date(2025, 6, 1)),
    )
    result = measure("engagement.parishes_with_concerns", Neighbourhood.objects.all(), year)
    assert (result.numerator, result.denominator) == (1, 3)
    assert not Concern.objects.filter(parish=c).exists()


def test_it_counts_neighbourhoods_with_priorities_updated_in_three_months(team):
    period = Period(dt.date(2026, 8, 28), dt.date(2026, 11, 27))
    stale = create_neighbourhood(area=team.area)
    unpublished = create_neighbourhood(area=team.area)
    create_priority(
        team.neighbourhood,
        issue_date=dt.date(2026, 3, 1),
        reviewed_on=dt.date(2026, 10, 1),
        is_published=True,
    )
    create_priority(stale, issue_date=dt.date(2026, 3, 1), is_published=True)
    create_priority(unpublished, issue_date=dt.date(2026, 10, 1))
    result = measure("engagement.priorities_updated", Neighbourhood.objects.filter(areas=team.area), period)
    assert (result.numerator, result.denominator) == (1, 3)


def test_it_says_no_data_rather_than_met_when_there_is_nothing_to_count(team):
    result = measure("engagement.correspondence_on_time", Neighbourhood.objects.all(), WEEK)
    assert result.value is None
