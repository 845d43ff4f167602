"""Problem-solving plans on the OSARA framework (objective, scanning, analysis, response, assessment),
with what they link to, their sign-offs, supervision reviews, time logged and analysis requests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.crime.models import Crime, Incident
from safer.places.models import Neighbourhood, Parish

REVIEW_EVERY_DAYS = 30


class Stage(models.TextChoices):
    OBJECTIVE = "objective", "Objective"
    SCANNING = "scanning", "Scanning"
    ANALYSIS = "analysis", "Analysis"
    RESPONSE = "response", "Response"
    ASSESSMENT = "assessment", "Assessment"
    CLOSED = "closed", "Closed"


# The stages a sergeant signs off (the plan moves on when approved) and the next stage of each.
SERGEANT_STAGES = {Stage.SCANNING: Stage.ANALYSIS, Stage.ANALYSIS: Stage.RESPONSE}
OPEN_STAGES = [s for s in Stage if s != Stage.CLOSED]


class Source(models.TextChoices):
    OFFICER = "officer", "Raised by an officer"
    HOTSPOT = "hotspot", "Hot spot cell"
    REPEAT_LOCATION = "repeat_location", "Repeat location"
    NEAR_REPEAT = "near_repeat", "Near-repeat series"
    CONCERN = "concern", "Parish concern"
    PRIORITY = "priority", "Neighbourhood priority"


class ProblemType(models.TextChoices):
    """Eck's problem types: repeat offenders (wolf), repeat victims (duck), repeat places (den)."""

    UNKNOWN = "", "Not decided yet"
    WOLF = "wolf", "Wolf: a repeat offender hunting different targets in different places"
    DUCK = "duck", "Duck: a repeat victim targeted by different offenders in different places"
    DEN = "den", "Den: a place where different offenders and victims meet"


class Plan(models.Model):
    """One problem-solving plan. Its target area is a circle (centre in British National Grid
    metres and a radius), so the crime tables can be counted inside it before and after."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=150)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="plans")
    parish = models.ForeignKey(Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SCANNING)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the current stage was put up for sign-off."
    )
    objective = models.TextField(max_length=2000)
    scanning = models.TextField(blank=True, max_length=8000)
    analysis = models.TextField(blank=True, max_length=8000)
    response_goals = models.TextField(blank=True, max_length=4000)
    # The problem analysis triangle: the three sides and their controllers.
    victim = models.TextField(blank=True, max_length=1000)
    offender = models.TextField(blank=True, max_length=1000)
    location = models.TextField(blank=True, max_length=1000)
    guardian = models.TextField(blank=True, max_length=1000)
    handler = models.TextField(blank=True, max_length=1000)
    place_manager = models.TextField(blank=True, max_length=1000)
    problem_type = models.CharField(max_length=4, choices=ProblemType.choices, blank=True, default="")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OFFICER)
    source_detail = models.JSONField(default=dict, blank=True, help_text="What the analysis result was.")
    easting = models.FloatField(help_text="Centre of the target area (British National Grid, metres).")
    northing = models.FloatField()
    radius_m = models.PositiveIntegerField(default=250)
    category = models.CharField(max_length=40, blank=True, help_text="police.uk category; blank for all.")
    first_month = models.CharField(max_length=7, help_text="YYYY-MM: the months the problem was seen in.")
    last_month = models.CharField(max_length=7)
    crimes = models.ManyToManyField(Crime, blank=True, related_name="+")
    incidents = models.ManyToManyField(Incident, blank=True, related_name="+")
    review_due = models.DateField()
    response_started = models.DateField(null=True, blank=True)
    response_ended = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stage", "review_due"], name="plan_stage_review")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.reference:
            year = (self.created_at or timezone.now()).year
            last = Plan.objects.filter(reference__startswith=f"PSP-{year}-").order_by("-reference").first()
            n = int(last.reference.rsplit("-", 1)[1]) + 1 if last else 1
            self.reference = f"PSP-{year}-{n:04d}"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("problems:plan", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED

    @property
    def review_overdue(self) -> bool:
        return self.is_open and self.review_due < timezone.localdate()

    @property
    def awaiting(self) -> str:
        """Who must sign off now: "sergeant", "inspector" or ""."""
        if self.submitted_at is None:
            return ""
        if self.stage in SERGEANT_STAGES:
            return "sergeant"
        return "inspector" if self.stage == Stage.ASSESSMENT else ""


class PlanLink(models.Model):
    """Something else the plan is about: a repeat location or victim, a concern, a priority, a
    near-repeat result. Crimes and incidents are linked directly (Plan.crimes, Plan.incidents)."""

    class Kind(models.TextChoices):
        REPEAT_LOCATION = "repeat_location", "Repeat location"
        REPEAT_VICTIM = "repeat_victim", "Repeat victim"
        CONCERN = "concern", "Concern"
        PRIORITY = "priority", "Neighbourhood priority"
        NEAR_REPEAT = "near_repeat", "Near-repeat result"
        HOTSPOT = "hotspot", "Hot spot"
        ANALYSIS = "analysis", "Analysis"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ref = models.CharField(max_length=100, blank=True, help_text="The linked record's id, if it has one.")
    label = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class SignOff(models.Model):
    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for more work"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sign_offs")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True, max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.get_decision_display().lower()}"


class Review(models.Model):
    """A supervisor's review of an open plan; the next is due REVIEW_EVERY_DAYS later."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(default=timezone.localdate)
    was_due = models.DateField()
    note = models.TextField(max_length=2000)
    next_due = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review {self.reviewed_on}"

    @property
    def on_time(self) -> bool:
        return self.reviewed_on <= self.was_due


class TimeEntry(models.Model):
    """Problem-solving time, per plan and per parish."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="time_entries")
    parish = models.ForeignKey(Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    on = models.DateField(default=timezone.localdate)
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.on}"


class AnalysisRequest(models.Model):
    """An officer asks the hub's analysts a question; an analyst answers with a linked analysis."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="analysis_requests"
    )
    question = models.TextField(max_length=2000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True, max_length=4000)
    analysis_url = models.CharField(
        max_length=500, blank=True, help_text="The analysis page the answer rests on (/crime/…)."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answered_at", "-asked_at"]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def turnaround(self) -> dt.timedelta | None:
        return self.answered_at - self.asked_at if self.answered_at else None
