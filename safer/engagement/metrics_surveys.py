"""The charter's survey measures: each counts the answers to one standard question (see
standard_questions.py) given in the period to the teams' surveys, with the sample size and a 95%
Wilson interval, weighted by age and sex to the neighbourhoods' population where the answers allow,
and "too few answers" below the configured minimum (SURVEY_MIN_ANSWERS, SURVEY_MIN_COUNCIL_ANSWERS).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from django.conf import settings
from django.db.models import QuerySet

from safer.engagement.metrics_records import bounds
from safer.engagement.models import Answer, PopulationGroup, StandardQuestion
from safer.engagement.standard_questions import DONT_KNOW, STANDARD
from safer.lib.metrics import Measurement, Period, metric
from safer.lib.survey_stats import survey_share
from safer.places.models import Neighbourhood

COUNCIL_QUESTIONS = (StandardQuestion.COUNCIL_VISIBILITY, StandardQuestion.COUNCIL_CONTACTED)


def population_by_group(neighbourhoods: QuerySet[Neighbourhood]) -> dict[Hashable, float]:
    people: dict[Hashable, float] = defaultdict(float)
    for age, sex, n in PopulationGroup.objects.filter(neighbourhood__in=neighbourhoods).values_list(
        "age_band", "sex", "people"
    ):
        people[(age, sex)] += n
    return dict(people)


def survey_measure(neighbourhoods: QuerySet[Neighbourhood], period: Period, key: str) -> Measurement:
    std = STANDARD[key]
    start, end = bounds(period)
    rows = (
        Answer.objects.filter(
            question__standard=key,
            question__survey__neighbourhood__in=neighbourhoods,
            response__submitted_at__gte=start,
            response__submitted_at__lt=end,
        )
        .exclude(choice__in=["", DONT_KNOW])
        .values_list("choice", "response__age_band", "response__sex")
    )
    answers = [(choice in std.counted_yes, (age, sex) if age and sex else None) for choice, age, sex in rows]
    council = key in COUNCIL_QUESTIONS
    result = survey_share(
        answers,
        {} if council else population_by_group(neighbourhoods),
        min_answers=settings.SURVEY_MIN_COUNCIL_ANSWERS if council else settings.SURVEY_MIN_ANSWERS,
        min_per_group=settings.SURVEY_MIN_PER_GROUP,
    )
    note = result.note
    if council and result.share is not None:
        note = f"{result.n} councils answered (councils are not weighted)."
    return Measurement(
        value=result.share,
        numerator=result.positive,
        denominator=result.n,
        note=note if result.n else "No answers to this question in the period.",
        sample_size=result.n,
        ci_low=result.ci_low,
        ci_high=result.ci_high,
        too_few=result.too_few,
    )


def _method(key: str, council: bool = False) -> str:
    std = STANDARD[key]
    who = "councils" if council else "respondents"
    weighting = "" if council else ", weighted by age and sex to the population where the answers allow"
    return (
        f"Of the {who} answering '{std.text}' in the period (not counting \"Don't know\"), the share "
        f"answering {' or '.join(repr(c) for c in std.counted_yes)}{weighting}; with the number of "
        "answers and a 95% Wilson interval, and no figure when there are too few answers."
    )


@metric(
    "engagement.survey_confidence",
    label="Survey respondents who have confidence in the local police",
    method=_method(StandardQuestion.CONFIDENCE),
)
def survey_confidence(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.CONFIDENCE)


@metric(
    "engagement.survey_seen_or_heard",
    label="Survey respondents who have seen or heard what the local police are doing",
    method=_method(StandardQuestion.SEEN_OR_HEARD),
)
def survey_seen_or_heard(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.SEEN_OR_HEARD)


@metric(
    "engagement.survey_seen_foot_patrol",
    label="Survey respondents who see police on foot patrol at least once a week",
    method=_method(StandardQuestion.FOOT_PATROL),
)
def survey_seen_foot_patrol(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.FOOT_PATROL)


@metric(
    "engagement.survey_experienced_asb",
    label="Survey respondents who experienced or witnessed anti-social behaviour",
    higher_is_better=False,
    method=_method(StandardQuestion.EXPERIENCED_ASB),
)
def survey_experienced_asb(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.EXPERIENCED_ASB)


@metric(
    "engagement.parish_survey_visibility_good",
    label="Councils rating police visibility good or very good",
    method=_method(StandardQuestion.COUNCIL_VISIBILITY, council=True),
)
def parish_survey_visibility_good(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.COUNCIL_VISIBILITY)


@metric(
    "engagement.parish_survey_contacted_for_priorities",
    label="Councils saying police contacted them to identify priorities",
    method=_method(StandardQuestion.COUNCIL_CONTACTED, council=True),
)
def parish_survey_contacted_for_priorities(
    neighbourhoods: QuerySet[Neighbourhood], period: Period
) -> Measurement:
    return survey_measure(neighbourhoods, period, StandardQuestion.COUNCIL_CONTACTED)
