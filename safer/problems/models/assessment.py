"""A plan's assessment (before/after counts from the crime tables for the target, buffer and control
areas, with WDQ and WDD) and its write-up, whose public summary an inspector approves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood
from safer.problems.models.plans import Plan


class Impact(models.TextChoices):
    """The Problem Solver's Guide impact scale."""

    ELIMINATED = "eliminated", "Eliminated the problem"
    REDUCED = "reduced", "Reduced the problem by a share"
    LESS_HARM = "less_harm", "Reduced the harm it causes"
    BETTER_HANDLED = "better_handled", "Dealt with it better"
    ANOTHER_BODY = "another_body", "Another body took the lead"
    NO_EFFECT = "no_effect", "No measurable effect"


class Assessment(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="assessment")
    before_first = models.CharField(max_length=7)
    before_last = models.CharField(max_length=7)
    after_first = models.CharField(max_length=7)
    after_last = models.CharField(max_length=7)
    buffer_m = models.PositiveIntegerField(default=250, help_text="Width of the ring around the target.")
    control = models.ManyToManyField(Neighbourhood, related_name="+")
    category = models.CharField(max_length=40, blank=True)
    target_before = models.PositiveIntegerField()
    target_after = models.PositiveIntegerField()
    buffer_before = models.PositiveIntegerField()
    buffer_after = models.PositiveIntegerField()
    control_before = models.PositiveIntegerField()
    control_after = models.PositiveIntegerField()
    monthly = models.JSONField(default=dict, help_text="{month: [target, buffer, control]} for the chart.")
    wdq = models.FloatField(null=True, blank=True)
    wdd = models.FloatField(null=True, blank=True)
    wdd_se = models.FloatField(null=True, blank=True)
    impact = models.CharField(max_length=16, choices=Impact.choices)
    notes = models.TextField(blank=True, max_length=4000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Assessment of {self.plan}"

    @property
    def reduction_pct(self) -> float | None:
        if not self.target_before:
            return None
        return 100.0 * (self.target_before - self.target_after) / self.target_before


class WriteUp(models.Model):
    """The plan as a write-up (summary ≤ 400 words; the four SARA sections ≤ 4,000 words together),
    and the public summary shown on the neighbourhood page once an inspector approves it."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="write_up")
    summary = models.TextField(blank=True)
    scanning = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    response = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    references = models.TextField(blank=True)
    public_title = models.CharField(max_length=120, blank=True, help_text='"What we did about …"')
    public_summary = models.TextField(blank=True, max_length=3000)
    public_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Write-up of {self.plan}"
