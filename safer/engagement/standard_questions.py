"""The standard public-perception questions, worded as forces ask them, and which answers count.

A survey that includes one of these (a Question with `standard` set, added by
`add_standard_questions`) feeds the charter's survey measures; "Don't know" is left out of the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from safer.engagement.models import Question, QuestionKind, StandardQuestion, Survey

DONT_KNOW = "Don't know"


@dataclass(frozen=True)
class Standard:
    text: str
    choices: tuple[str, ...]
    counted_yes: tuple[str, ...]  # the answers the measure counts as "yes"


STANDARD: dict[str, Standard] = {
    StandardQuestion.CONFIDENCE: Standard(
        "Taking everything into account, I have confidence in the police in this area",
        (
            "Strongly agree",
            "Tend to agree",
            "Neither agree nor disagree",
            "Tend to disagree",
            "Strongly disagree",
            DONT_KNOW,
        ),
        ("Strongly agree", "Tend to agree"),
    ),
    StandardQuestion.SEEN_OR_HEARD: Standard(
        "In the last 12 months, have you seen or heard anything about what your local police are doing?",
        ("Yes", "No", DONT_KNOW),
        ("Yes",),
    ),
    StandardQuestion.FOOT_PATROL: Standard(
        "How often do you see police officers or PCSOs on foot patrol in this area?",
        (
            "At least once a day",
            "At least once a week",
            "At least once a month",
            "Less often",
            "Never",
            DONT_KNOW,
        ),
        ("At least once a day", "At least once a week"),
    ),
    StandardQuestion.EXPERIENCED_ASB: Standard(
        "In the last 12 months, have you experienced or witnessed anti-social behaviour in this area?",
        ("Yes", "No", DONT_KNOW),
        ("Yes",),
    ),
    StandardQuestion.COUNCIL_VISIBILITY: Standard(
        "How would your council rate the visibility of the police in its parish or ward?",
        ("Very good", "Good", "Fair", "Poor", "Very poor", DONT_KNOW),
        ("Very good", "Good"),
    ),
    StandardQuestion.COUNCIL_CONTACTED: Standard(
        "In the last 12 months, did the police contact your council to help identify local priorities?",
        ("Yes", "No", DONT_KNOW),
        ("Yes",),
    ),
}


def add_standard_questions(survey: Survey, keys: list[str], start_order: int = 100) -> list[Question]:
    """Add the standard questions to a survey, worded and answered as above (each once)."""
    have = set(survey.questions.exclude(standard="").values_list("standard", flat=True))
    added = []
    for i, key in enumerate(k for k in keys if k not in have):
        std = STANDARD[key]
        added.append(
            Question.objects.create(
                survey=survey,
                order=start_order + i,
                kind=QuestionKind.CHOICE,
                text=std.text,
                choices=list(std.choices),
                standard=key,
            )
        )
    return added
