"""Neighbourhood priorities ("you said, we did"), as police.uk publishes them."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood


class PrioritySource(models.TextChoices):
    SURVEY = "survey", "A survey"
    MEETING = "meeting", "A public meeting, drop-in or event"
    CONCERN = "concern", "Concerns raised by the public (messages, calls, councils)"
    POLICE = "police", "Police or partner analysis"
    NOT_RECORDED = "", "Not recorded"


# Sources that mean the public raised it.
FROM_PUBLIC = (PrioritySource.SURVEY, PrioritySource.MEETING, PrioritySource.CONCERN)


class Priority(models.Model):
    """A neighbourhood priority, published as police.uk publishes them: issue, action and dates."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="priorities")
    issue = models.TextField(max_length=4000)
    issue_date = models.DateField()
    source = models.CharField(max_length=10, choices=PrioritySource.choices, blank=True)
    action = models.TextField(blank=True, max_length=4000)
    action_date = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issue_date", "-pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.issue[:60]

    @property
    def last_reviewed(self) -> dt.date:
        return max(d for d in (self.issue_date, self.action_date, self.reviewed_on) if d is not None)

    def needs_review(self, today: dt.date | None = None) -> bool:
        """Open and not set, acted on or reviewed in the last three months."""
        today = today or timezone.localdate()
        return self.closed_on is None and self.last_reviewed < today - relativedelta(months=3)
