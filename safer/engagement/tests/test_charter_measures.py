"""The charter measures engagement counts from its records added for issue 14: survey measures with
sample size and interval (or "too few answers"), patrols at hot spots, event tags, social posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from scipy.stats import binomtest

from safer.engagement.metrics_records import (
    beat_meetings_held,
    hotspot_patrol_share,
    schools_visited,
    seldom_heard_events,
    social_media_updates,
)
from safer.engagement.metrics_surveys import survey_confidence
from safer.engagement.models import (
    Answer,
    EventKind,
    EventStatus,
    EventTag,
    KeyPlace,
    KeyPlaceKind,
    PatrolLog,
    PopulationGroup,
    SocialPost,
    StandardQuestion,
    SurveyResponse,
)
from safer.engagement.standard_questions import add_standard_questions
from safer.lib.metrics import Period
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_event, create_neighbourhood, create_survey

pytestmark = pytest.mark.django_db


def last_days(n: int) -> Period:
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=n - 1), today)


def answer_confidence(nb: Neighbourhood, yes: int, no: int, dont_know: int = 0, **who: str) -> None:
    survey = create_survey(nb)
    question = add_standard_questions(survey, [StandardQuestion.CONFIDENCE])[0]
    for choice, count in (("Tend to agree", yes), ("Tend to disagree", no), ("Don't know", dont_know)):
        for _ in range(count):
            response = SurveyResponse.objects.create(survey=survey, **who)
            Answer.objects.create(response=response, question=question, choice=choice)


def test_a_survey_measure_has_its_sample_size_and_wilson_interval(settings) -> None:
    settings.SURVEY_MIN_ANSWERS = 30
    nb = create_neighbourhood()
    answer_confidence(nb, yes=27, no=13, dont_know=5)
    m = survey_confidence(Neighbourhood.objects.filter(pk=nb.pk), last_days(365))
    ci = binomtest(27, 40).proportion_ci(method="wilson")
    assert (m.value, m.sample_size, m.numerator) == (pytest.approx(67.5), 40, 27)  # "Don't know" left out
    assert (m.ci_low, m.ci_high) == (pytest.approx(100 * ci.low), pytest.approx(100 * ci.high))
    assert "not weighted" in m.note


def test_a_survey_measure_with_too_few_answers_says_so_and_gives_no_figure(settings) -> None:
    settings.SURVEY_MIN_ANSWERS = 30
    nb = create_neighbourhood()
    answer_confidence(nb, yes=10, no=2)
    m = survey_confidence(Neighbourhood.objects.filter(pk=nb.pk), last_days(365))
    assert m.value is None and m.too_few and m.sample_size == 12
    assert "Too few answers" in m.note


def test_a_survey_measure_is_weighted_by_age_and_sex_when_every_group_has_enough(settings) -> None:
    settings.SURVEY_MIN_ANSWERS, settings.SURVEY_MIN_PER_GROUP = 10, 5
    nb = create_neighbourhood()
    PopulationGroup.objects.create(neighbourhood=nb, age_band="16-34", sex="female", people=300)
    PopulationGroup.objects.create(neighbourhood=nb, age_band="55+", sex="male", people=900)
    answer_confidence(nb, yes=10, no=0, age_band="16-34", sex="female")
    answer_confidence(nb, yes=0, no=10, age_band="55+", sex="male")
    m = survey_confidence(Neighbourhood.objects.filter(pk=nb.pk), last_days(365))
    # Unweighted 50%; weighted to a population three-quarters older men: 25%.
    assert m.value == pytest.approx(25.0) and "weighted by age and sex" in m.note


def test_hot_spot_share_counts_logged_minutes_at_listed_hot_spots() -> None:
    nb = create_neighbourhood()
    today = timezone.localdate()
    hot = KeyPlace.objects.create(
        neighbourhood=nb,
        kind=KeyPlaceKind.HOT_SPOT,
        name="Bus station",
        listed_on=today - dt.timedelta(days=60),
    )
    cooled = KeyPlace.objects.create(
        neighbourhood=nb,
        kind=KeyPlaceKind.HOT_SPOT,
        name="Old car park",
        listed_on=today - dt.timedelta(days=60),
        delisted_on=today - dt.timedelta(days=30),
    )
    shop = KeyPlace.objects.create(neighbourhood=nb, kind=KeyPlaceKind.KEY_PLACE, name="High Street")
    now = timezone.now()
    PatrolLog.objects.create(place=hot, started_at=now - dt.timedelta(days=40), minutes=30)
    PatrolLog.objects.create(place=cooled, started_at=now - dt.timedelta(days=5), minutes=30)  # no longer hot
    PatrolLog.objects.create(place=shop, started_at=now - dt.timedelta(days=2), minutes=60)
    m = hotspot_patrol_share(Neighbourhood.objects.filter(pk=nb.pk), last_days(90))
    assert (m.numerator, m.denominator) == (30, 120) and m.value == 25.0


def test_schools_visited_is_the_share_of_listed_schools_with_a_logged_visit() -> None:
    nb = create_neighbourhood()
    a = KeyPlace.objects.create(
        neighbourhood=nb, kind=KeyPlaceKind.SCHOOL, name="St Mary's", listed_on=dt.date(2020, 1, 1)
    )
    KeyPlace.objects.create(
        neighbourhood=nb, kind=KeyPlaceKind.SCHOOL, name="Grange Primary", listed_on=dt.date(2020, 1, 1)
    )
    PatrolLog.objects.create(place=a, started_at=timezone.now() - dt.timedelta(days=3), minutes=45)
    m = schools_visited(Neighbourhood.objects.filter(pk=nb.pk), last_days(30))
    assert m.value == 50.0


def test_event_tags_count_seldom_heard_events_and_beat_meetings() -> None:
    area = create_area()
    nb = create_neighbourhood(area=area)
    start = timezone.now() - dt.timedelta(days=3)
    published = start - dt.timedelta(days=10)
    create_event(
        nb,
        kind=EventKind.PUBLIC_EVENT,
        tags=[EventTag.SELDOM_HEARD],
        start=start,
        end=start + dt.timedelta(hours=1),
        status=EventStatus.PUBLISHED,
        published_at=published,
    )
    create_event(
        nb,
        kind=EventKind.DROP_IN,
        tags=[EventTag.BEAT_MEETING],
        start=start,
        end=start + dt.timedelta(hours=1),
        status=EventStatus.PUBLISHED,
        published_at=published,
    )
    other = create_neighbourhood(area=area)
    both = Neighbourhood.objects.filter(pk__in=[nb.pk, other.pk])
    assert seldom_heard_events(both, last_days(30)).value == 1.0
    assert beat_meetings_held(both, last_days(30)).value == 50.0


def test_social_media_measure_is_no_data_until_posts_are_logged_then_covers_from_the_first() -> None:
    nb = create_neighbourhood()
    qs = Neighbourhood.objects.filter(pk=nb.pk)
    assert social_media_updates(qs, last_days(30)).value is None
    SocialPost.objects.create(
        neighbourhood=nb, platform="facebook", posted_on=timezone.localdate(), summary="Hi"
    )
    m = social_media_updates(qs, last_days(30))
    assert m.value == 100.0 and not m.covers(last_days(30))  # the log began today: not the whole period
