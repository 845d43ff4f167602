"""The scorecard as it stood at the end of each month: stored, so history does not change when the
records behind it are corrected later (a later recomputation that differs is kept beside it, as a
correction the page notes, never in its place)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ScorecardSnapshot(models.Model):
    charter = models.CharField(max_length=80)
    promise = models.CharField(max_length=80)
    level = models.CharField(max_length=15)  # force, area or neighbourhood
    place = models.CharField(max_length=100)  # the scope's slug
    place_name = models.CharField(max_length=200)
    month = models.DateField(help_text="The first day of the month the row stands for.")
    as_of = models.DateField(help_text="The day it was measured on: the month's last day once final.")
    final = models.BooleanField(default=False, help_text="Measured on the month's last day: never rewritten.")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20)
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    ci_low = models.FloatField(null=True, blank=True)
    ci_high = models.FloatField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    taken_at = models.DateTimeField(default=timezone.now)
    # A later recomputation of a final month that came out differently (data corrected since).
    corrected_value = models.FloatField(null=True, blank=True)
    corrected_status = models.CharField(max_length=20, blank=True)
    corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["charter", "promise", "level", "place", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "promise", "level", "place", "month"], name="one_snapshot_a_month"
            ),
        ]
        indexes = [models.Index(fields=["charter", "level", "place", "month"], name="snapshot_scope_month")]

    def __str__(self) -> str:
        return f"{self.charter}/{self.promise} at {self.level}:{self.place} for {self.month:%Y-%m}"

    @property
    def was_corrected(self) -> bool:
        return self.corrected_at is not None
