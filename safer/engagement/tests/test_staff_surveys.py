"""Staff create surveys for a neighbourhood in their scope (no Django admin needed); only an
administrator is shown the admin link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.engagement import actions
from safer.engagement.models import Question, QuestionKind, Survey
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in


def new_url(team):
    return reverse("engagement:staff-survey-new", args=[team.neighbourhood.slug])


def post(client, team, **overrides):
    today = timezone.localdate()
    data = {
        "slots": "3",
        "title": "Ledbury priorities 2027",
        "introduction": "Help us choose what to work on next.",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=30)).isoformat(),
        "ask_concerns": "on",
        "q1_text": "How often do you see patrols?",
        "q1_kind": "choice",
        "q1_options": "Every week\r\nEvery month\r\n\r\nNever\r\nEvery week",
        "q2_text": "How safe do you feel after dark?",
        "q2_kind": "scale",
        "q3_text": "",
    }
    data.update(overrides)
    return client.post(new_url(team), data)


def test_a_pcso_creates_a_survey_with_choice_scale_and_text_questions(client, team):
    sign_in(client, team.pcso)
    assert client.get(new_url(team)).status_code == 200
    response = post(client, team, q3_text="Anything else?", q3_kind="text")
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:staff-survey", args=[survey.pk])
    assert (survey.neighbourhood, survey.title, survey.introduction) == (
        team.neighbourhood,
        "Ledbury priorities 2027",
        "Help us choose what to work on next.",
    )
    assert survey.slug == "ledbury-ledbury-priorities-2027" and survey.is_open()
    questions = list(survey.questions.order_by("order").values_list("kind", "text", "choices"))
    assert questions == [
        (QuestionKind.CONCERN, actions.CONCERN_QUESTION, []),
        (QuestionKind.CHOICE, "How often do you see patrols?", ["Every week", "Every month", "Never"]),
        (QuestionKind.SCALE, "How safe do you feel after dark?", []),
        (QuestionKind.TEXT, "Anything else?", []),
    ]
    scale = survey.questions.get(kind=QuestionKind.SCALE)
    assert (scale.scale_min, scale.scale_max) == (1, 5)
    assert AuditEvent.objects.filter(action="survey.created", object_id=str(survey.pk)).exists()
    public = client.get(survey.get_absolute_url()).content.decode()
    assert "How often do you see patrols?" in public and "Every month" in public


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"q1_options": "Only one"}, "Enter at least two options for question 1, one a line"),
        ({"q2_kind": ""}, "Choose how people answer question 2"),
        ({"q2_text": "", "q2_kind": "scale"}, "Enter question 2, or clear its answers to leave it out"),
        ({"closes_on": "2020-01-01", "opens_on": "2020-02-01"}, "The closing date must be on or after"),
        ({"closes_on": "2020-01-01", "opens_on": "2019-12-01"}, "The closing date must be today or later"),
        ({"title": ""}, "Enter the title"),
        (
            {
                "ask_concerns": "",
                "q1_text": "",
                "q1_kind": "",
                "q1_options": "",
                "q2_text": "",
                "q2_kind": "",
            },
            "Add at least one question, or ask which concerns people have",
        ),
    ],
)
def test_it_explains_bad_input_and_creates_nothing(client, team, overrides, message):
    sign_in(client, team.pcso)
    data = {k: v for k, v in overrides.items() if v != ""}
    blanks = {k: "" for k, v in overrides.items() if v == ""}
    html = post(client, team, **{**data, **blanks}).content.decode()
    assert "There is a problem" in html and message in html
    assert not Survey.objects.exists() and not Question.objects.exists()


def test_it_adds_another_question_keeping_what_was_typed(client, team):
    sign_in(client, team.pcso)
    html = post(client, team, more="1", title="Still drafting").content.decode()
    assert 'name="q4_text"' in html and 'name="slots" value="4"' in html
    assert 'value="Still drafting"' in html and "There is a problem" not in html
    assert not Survey.objects.exists()


def test_it_keeps_to_the_accounts_scope(client, team):
    elsewhere = create_neighbourhood(area=create_area())
    sign_in(client, team.pcso)
    assert client.get(reverse("engagement:staff-survey-new", args=[elsewhere.slug])).status_code == 404
    fields = {"title": "T", "opens_on": dt.date(2030, 1, 1), "closes_on": dt.date(2030, 2, 1)}
    with pytest.raises(PermissionDenied):
        actions.create_survey(team.pcso, elsewhere, fields, [])
    assert not Survey.objects.exists()


def test_only_an_administrator_is_shown_the_admin_link(client, team):
    sign_in(client, team.pcso)
    html = client.get(reverse("engagement:staff-surveys")).content.decode()
    assert "/admin/" not in html and new_url(team) in html
    admin = create_staff(Role.ADMINISTRATOR, neighbourhoods=[team.neighbourhood])
    sign_in(client, admin)
    html = client.get(reverse("engagement:staff-surveys")).content.decode()
    assert reverse("admin:engagement_survey_changelist") in html and new_url(team) in html
