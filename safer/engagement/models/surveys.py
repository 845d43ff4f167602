"""Surveys of a neighbourhood or parish: questions, responses and answers."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.engagement.models.population import AgeBand, Sex
from safer.places.models import Neighbourhood, Parish


class Survey(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="surveys")
    parish = models.ForeignKey(
        Parish,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        help_text="Set for a survey of one parish; empty for the whole neighbourhood.",
    )
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, max_length=2000)
    opens_on = models.DateField()
    closes_on = models.DateField()
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:survey", args=[self.slug])

    def is_open(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Choose one"
    CONCERN = "concern", "Choose concerns (recorded as concerns)"
    SCALE = "scale", "Scale"
    TEXT = "text", "Free text"


class StandardQuestion(models.TextChoices):
    """The public-perception questions forces ask (safer.engagement.standard_questions words them)."""

    CONFIDENCE = "confidence", "Confidence in the local police"
    SEEN_OR_HEARD = "seen-or-heard", "Seen or heard what the local police are doing"
    FOOT_PATROL = "foot-patrol", "How often police are seen on foot patrol"
    EXPERIENCED_ASB = "experienced-asb", "Experienced or witnessed anti-social behaviour"
    COUNCIL_VISIBILITY = "council-visibility", "A council's rating of police visibility"
    COUNCIL_CONTACTED = "council-contacted", "A council contacted to identify priorities"


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True, help_text="Options of a choice question.")
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    scale_low_label = models.CharField(max_length=60, blank=True)
    scale_high_label = models.CharField(max_length=60, blank=True)
    required = models.BooleanField(default=False)
    standard = models.CharField(
        max_length=20,
        choices=StandardQuestion.choices,
        blank=True,
        help_text="Set when this is one of the standard questions the charter's survey measures count.",
    )

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    parish = models.ForeignKey(Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # A salted one-way hash of the sender's address (per survey), never the address itself: enough
    # to count answers from one client and flag bursts, not to find who answered.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Optional, asked only to weight results to the area's population; never shown per person.
    age_band = models.CharField(max_length=5, choices=AgeBand.choices, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)

    def __str__(self) -> str:
        return f"Response to {self.survey} at {self.submitted_at:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)
    scale = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"
