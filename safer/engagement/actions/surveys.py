"""Surveys and concerns: creating a survey, a resident's answers, and concerns recorded by staff or
raised through a survey answer (which feed the parish ranking and the priorities)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from safer.accounts import audit
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.models import (
    Answer,
    Concern,
    ConcernCategory,
    ConcernSource,
    Event,
    Question,
    QuestionKind,
    Survey,
    SurveyResponse,
)
from safer.places.models import Neighbourhood, Parish


def record_concern(
    user: User | None,
    neighbourhood: Neighbourhood,
    *,
    category: str,
    source: str,
    parish: Parish | None = None,
    detail: str = "",
    event: Event | None = None,
    response: SurveyResponse | None = None,
) -> Concern:
    """Staff recording a concern are checked against their scope; a survey answer (no user) is not."""
    if user is not None:
        check_team(user, neighbourhood)
    if category not in ConcernCategory.values:
        raise ValidationError("Choose a kind of concern.")
    if parish is not None and parish.neighbourhood_id != neighbourhood.pk:
        raise ValidationError("That parish is not in this neighbourhood.")
    return Concern.objects.create(
        neighbourhood=neighbourhood,
        parish=parish,
        category=category,
        source=source,
        detail=detail.strip()[:2000],
        recorded_by=_actor(user),
        event=event,
        response=response,
    )


@dataclass(frozen=True)
class NewQuestion:
    """A question for a new survey: choose one (with its options), a scale of 1 to 5, or free text."""

    kind: str
    text: str
    options: tuple[str, ...] = ()


SURVEY_QUESTION_KINDS = (QuestionKind.CHOICE, QuestionKind.SCALE, QuestionKind.TEXT)
CONCERN_QUESTION = "What concerns you most in your area?"


def _survey_slug(neighbourhood: Neighbourhood, title: str) -> str:
    base = slugify(f"{neighbourhood.slug}-{title}")[:72].strip("-") or f"{neighbourhood.slug}-survey"
    slug, n = base, 1
    while Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_survey(
    user: User,
    neighbourhood: Neighbourhood,
    fields: Mapping[str, Any],
    questions: Sequence[NewQuestion],
    *,
    ask_concerns: bool = True,
) -> Survey:
    """A survey of the neighbourhood with its questions; asking about concerns comes first, since
    each concern chosen is recorded for the parish ranking and the priorities it leads to."""
    check_team(user, neighbourhood)
    if not questions and not ask_concerns:
        raise ValidationError("Add at least one question.")
    for q in questions:
        if q.kind not in SURVEY_QUESTION_KINDS:
            raise ValidationError("A question must be choose-one, a scale or free text.")
        if q.kind == QuestionKind.CHOICE and len(set(q.options)) < 2:
            raise ValidationError("A choose-one question needs at least two options.")
    with transaction.atomic():
        survey = Survey(
            neighbourhood=neighbourhood, slug=_survey_slug(neighbourhood, fields["title"]), **fields
        )
        if survey.closes_on < survey.opens_on:
            raise ValidationError("The closing date must be on or after the opening date.")
        survey.full_clean()
        survey.save()
        rows: list[Question] = []
        if ask_concerns:
            rows.append(
                Question(kind=QuestionKind.CONCERN, text=CONCERN_QUESTION, hint="Choose all that apply.")
            )
        rows += [
            Question(
                kind=q.kind,
                text=q.text,
                # A scale question keeps the model's 1 to 5.
                choices=list(q.options) if q.kind == QuestionKind.CHOICE else [],
            )
            for q in questions
        ]
        for order, row in enumerate(rows, start=1):
            row.survey, row.order = survey, order
            row.full_clean()
        Question.objects.bulk_create(rows)
        audit.record(user, "survey.created", survey)
    return survey


def submit_survey(
    survey: Survey, answers: Mapping[int, Any], parish: Parish | None, client_hash: str = ""
) -> SurveyResponse:
    """A resident's answers. Each concern chosen becomes a Concern for the parish (and team)."""
    if not survey.is_open():
        raise ValidationError("This survey is closed.")
    parish = survey.parish or parish
    questions = {q.pk: q for q in survey.questions.all()}
    with transaction.atomic():
        response = SurveyResponse.objects.create(survey=survey, parish=parish, client_hash=client_hash)
        rows: list[Answer] = []
        for qid, value in answers.items():
            question: Question | None = questions.get(qid)
            if question is None or value in (None, "", []):
                continue
            if question.kind == QuestionKind.SCALE:
                rows.append(Answer(response=response, question=question, scale=int(value)))
            elif question.kind == QuestionKind.TEXT:
                rows.append(Answer(response=response, question=question, text=str(value).strip()[:2000]))
            elif question.kind == QuestionKind.CONCERN:
                for category in value:
                    rows.append(Answer(response=response, question=question, choice=category))
                    record_concern(
                        None,
                        survey.neighbourhood,
                        category=category,
                        source=ConcernSource.SURVEY,
                        parish=parish,
                        response=response,
                    )
            else:
                rows.append(Answer(response=response, question=question, choice=str(value)))
        Answer.objects.bulk_create(rows)
    return response
