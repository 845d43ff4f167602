"""Every survey answer is optional, as staff are told: the parish or ward question too."""

from __future__ import annotations

from django.urls import reverse

from safer.engagement.models import Concern, SurveyResponse
from safer.engagement.tests.test_surveys import answer
from safer.places.models import Parish
from safer.testing import create_survey


def test_a_resident_can_answer_without_saying_their_parish_or_ward(client, team):
    Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    survey = create_survey(team.neighbourhood)
    page = client.get(reverse("engagement:survey", args=[survey.slug])).content.decode()
    assert "Which parish or ward do you live or work in? (optional)" in page

    response = answer(client, survey)
    assert response.status_code == 302
    assert SurveyResponse.objects.get().parish is None
    assert sorted(Concern.objects.values_list("category", flat=True)) == ["drugs", "speeding"]
