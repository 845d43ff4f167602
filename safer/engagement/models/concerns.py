"""Concerns people raise (in a survey, at a drop-in or meeting, or in a message), by category."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.engagement.models.events import Event
from safer.engagement.models.surveys import SurveyResponse
from safer.places.models import Neighbourhood, Parish


class ConcernCategory(models.TextChoices):
    ASB_PERSONAL = "asb-personal", "Anti-social behaviour: personal"
    ASB_NUISANCE = "asb-nuisance", "Anti-social behaviour: nuisance"
    ASB_ENVIRONMENTAL = "asb-environmental", "Anti-social behaviour: environmental"
    SPEEDING = "speeding", "Speeding and road safety"
    DRUGS = "drugs", "Drugs"
    PARKING = "parking", "Parking"
    BURGLARY = "burglary", "Burglary"
    VEHICLE_CRIME = "vehicle-crime", "Vehicle crime"
    RURAL_CRIME = "rural-crime", "Rural crime"
    OTHER = "other", "Something else"


class ConcernSource(models.TextChoices):
    SURVEY = "survey", "Survey"
    DROP_IN = "drop-in", "Drop-in or event"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message"
    OTHER = "other", "Other"


class Concern(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="concerns")
    parish = models.ForeignKey(
        Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    category = models.CharField(max_length=20, choices=ConcernCategory.choices)
    source = models.CharField(max_length=10, choices=ConcernSource.choices)
    detail = models.TextField(blank=True, max_length=2000)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.ForeignKey(
        SurveyResponse, null=True, blank=True, on_delete=models.CASCADE, related_name="concerns"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_source_display()})"
