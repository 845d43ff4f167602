"""Prevention and problem-solving work: for now, near-repeat ("cocoon") responses to burglaries."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.crime.models import Incident


class PreventionAction(models.Model):
    """A near-repeat ("cocoon") response to one burglary: the zone and window, the streets and
    postcodes to visit by the due date, the message drafted to subscribers there, and the visits made,
    so the force can evaluate it against the burglaries that followed.

    Moved from the crime app in issue 8 with its rows (see migrations 0001 and 0002)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Visits under way"
        DONE = "done", "Visits done"

    trigger = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="prevention_actions")
    radius_m = models.PositiveIntegerField(default=400)
    window_days = models.PositiveIntegerField(default=28)
    visit_by = models.DateField()
    streets = models.JSONField(default=list, help_text="[{id, name, distance_m}] inside the zone.")
    postcodes = models.JSONField(default=list, help_text="[postcode] inside the zone.")
    message_subject = models.CharField(max_length=200)
    message_body = models.TextField()
    alert_message_id = models.BigIntegerField(
        null=True, blank=True, help_text="The alerts message drafted from this action, if messaging exists."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Near-repeat response to {self.trigger}"

    @property
    def window_ends(self) -> dt.datetime:
        return self.trigger.occurred_at + dt.timedelta(days=self.window_days)


class PreventionVisit(models.Model):
    class Delivered(models.TextChoices):
        ADVICE = "advice", "Crime prevention advice given"
        PACK = "pack", "Target-hardening pack fitted or given"
        LEAFLET = "leaflet", "Leaflet left (no answer)"
        DECLINED = "declined", "Declined"

    action = models.ForeignKey(PreventionAction, on_delete=models.CASCADE, related_name="visits")
    target = models.CharField(max_length=200, help_text="Street or postcode visited.")
    households = models.PositiveIntegerField(default=1)
    delivered = models.CharField(max_length=10, choices=Delivered.choices)
    visited_on = models.DateField(default=timezone.localdate)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target} {self.visited_on}"
