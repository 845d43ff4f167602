"""Public surveys: answering, the concerns they record, the parish ranking and the results charts."""

from __future__ import annotations

import datetime as dt
import itertools

from django.urls import reverse
from django.utils import timezone

from safer.engagement import actions
from safer.engagement.models import Answer, Concern, SurveyResponse
from safer.places.models import Parish
from safer.testing import create_survey

RESIDENTS = itertools.count(1)


def answer(client, survey, **overrides):
    """One resident's answers: each call a different browser at a different address."""
    client.cookies.clear()
    q = {q.order: q.pk for q in survey.questions.all()}
    data = {
        f"q{q[1]}": ["speeding", "drugs"],
        f"q{q[2]}": "2",
        f"q{q[3]}": "Never",
        f"q{q[4]}": "More patrols please",
    }
    data.update(overrides)
    address = f"198.51.100.{next(RESIDENTS) % 250 + 1}"
    return client.post(reverse("engagement:survey", args=[survey.slug]), data, REMOTE_ADDR=address)


def test_it_records_the_answers_and_the_concerns_for_the_parish(client, team):
    parish = Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    survey = create_survey(team.neighbourhood)
    response = answer(client, survey, parish=str(parish.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement:survey-thanks", args=[survey.slug])
    assert SurveyResponse.objects.get().parish == parish
    assert Answer.objects.count() == 5
    concerns = Concern.objects.order_by("category")
    assert [(c.category, c.parish, c.source) for c in concerns] == [
        ("drugs", parish, "survey"),
        ("speeding", parish, "survey"),
    ]


def test_it_puts_the_concern_in_the_parishs_ranking(client, team):
    parish = Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    Parish.objects.create(neighbourhood=team.neighbourhood, name="Wellington Heath")
    survey = create_survey(team.neighbourhood)
    for _ in range(2):
        answer(
            client, survey, parish=str(parish.pk), **{f"q{survey.questions.get(order=1).pk}": ["speeding"]}
        )
    answer(client, survey, parish=str(parish.pk), **{f"q{survey.questions.get(order=1).pk}": ["drugs"]})
    html = client.get(reverse("engagement:concerns", args=[team.neighbourhood.slug])).content.decode()
    eastnor = html[html.index(">Eastnor<") : html.index(">Wellington Heath<")]
    assert eastnor.index("Speeding and road safety") < eastnor.index("Drugs")
    assert "No concerns recorded in the last 12 months." in html[html.index(">Wellington Heath<") :]


def test_it_shows_errors_and_records_nothing_when_the_required_question_is_missed(client, team):
    Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    survey = create_survey(team.neighbourhood)
    response = answer(client, survey, **{f"q{survey.questions.get(order=1).pk}": []})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Answer this question" in html and "Choose your parish or ward" in html
    assert not SurveyResponse.objects.exists() and not Concern.objects.exists()


def test_it_does_not_take_answers_to_a_closed_survey(client, team):
    survey = create_survey(team.neighbourhood, closes_on=timezone.localdate() - dt.timedelta(days=1))
    response = answer(client, survey)
    assert "This survey is closed" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_it_summarises_the_results_in_charts_without_the_free_text(client, team):
    parish = Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    survey = create_survey(team.neighbourhood)
    q = {q.order: q.pk for q in survey.questions.all()}
    actions.submit_survey(
        survey, {q[1]: ["speeding"], q[2]: 4, q[3]: "Weekly", q[4]: "My neighbour Bob"}, parish
    )
    actions.submit_survey(survey, {q[1]: ["speeding", "drugs"], q[2]: 2, q[3]: "Never"}, parish)
    html = client.get(reverse("engagement:survey-results", args=[survey.slug])).content.decode()
    assert "2 responses" in html
    assert '<rect class="sn-bar" x="0" y="0" width="100"' in html  # speeding: both respondents
    assert "Average: 3.0" in html
    assert "1 written answer" in html and "My neighbour Bob" not in html
