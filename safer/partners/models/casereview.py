"""ASB Case Review (formerly the Community Trigger), ASB, Crime and Policing Act 2014 s104.

A person (or someone for them, with their written consent) applies; the review bodies acknowledge,
decide whether the threshold is met, hold the review and make recommendations; an applicant may ask
for the decision to be looked at again. Every clock is set per policing area (CaseReviewSettings).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from safer.partners.models.agencies import Agency
from safer.places.models import Neighbourhood, PolicingArea

# s104(4): the local threshold may be no higher than three qualifying complaints.
STATUTORY_THRESHOLD = 3


class CaseReviewSettings(models.Model):
    """One policing area's published procedure: threshold and clocks. Areas without a row use the
    defaults below (East Herts' published timescales)."""

    area = models.OneToOneField(PolicingArea, on_delete=models.CASCADE, related_name="case_review_settings")
    threshold = models.PositiveSmallIntegerField(
        default=STATUTORY_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(STATUTORY_THRESHOLD)],
        help_text="Qualifying complaints that always meet the threshold (the Act allows at most 3).",
    )
    window_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    acknowledge_working_days = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1)])
    decide_working_days = models.PositiveSmallIntegerField(default=14, validators=[MinValueValidator(1)])
    review_days = models.PositiveSmallIntegerField(
        default=21, validators=[MinValueValidator(1)], help_text="Calendar days from the threshold decision."
    )
    appeal_working_days = models.PositiveSmallIntegerField(default=15, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "ASB Case Review settings"
        verbose_name_plural = "ASB Case Review settings"

    def __str__(self) -> str:
        return f"ASB Case Review settings for {self.area}"


class Stage(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    THRESHOLD_NOT_MET = "not_met", "Threshold not met"
    THRESHOLD_MET = "met", "Threshold met, review to hold"
    REVIEWED = "reviewed", "Review held"
    APPEALED = "appealed", "Appeal requested"
    CLOSED = "closed", "Closed"


class ApplyingFor(models.TextChoices):
    SELF = "self", "Myself"
    SOMEONE_ELSE = "someone_else", "Someone else, with their consent"


class CaseReviewApplication(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    area = models.ForeignKey(PolicingArea, on_delete=models.PROTECT, related_name="case_reviews")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="case_reviews")
    received_at = models.DateTimeField()
    # The applicant (never anonymous).
    applicant_name = models.CharField(max_length=200)
    applicant_email = models.EmailField(blank=True)
    applicant_phone = models.CharField(max_length=40, blank=True)
    applicant_postcode = models.CharField(max_length=10)
    applying_for = models.CharField(max_length=20, choices=ApplyingFor.choices, default=ApplyingFor.SELF)
    victim_name = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=100, blank=True)
    consent_confirmed = models.BooleanField(default=False)
    # What is happening.
    behaviour = models.TextField()
    location = models.CharField(max_length=300)
    hate_related = models.BooleanField(default=False)
    # Handling.
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RECEIVED)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    threshold_met = models.BooleanField(null=True)
    decision_reason = models.TextField(blank=True)
    review_held_on = models.DateField(null=True, blank=True)
    review_summary = models.TextField(blank=True)
    appeal_requested_at = models.DateTimeField(null=True, blank=True)
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    appeal_upheld = models.BooleanField(null=True)
    appeal_reason = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"ASB Case Review {self.reference}"


class ReportedTo(models.TextChoices):
    POLICE = "police", "The police"
    COUNCIL = "council", "The council"
    HOUSING = "housing", "A housing provider"
    OTHER = "other", "Someone else"


class CaseReviewComplaint(models.Model):
    """One earlier report of the behaviour, as the applicant gives it."""

    application = models.ForeignKey(
        CaseReviewApplication, on_delete=models.CASCADE, related_name="complaints"
    )
    reported_on = models.DateField()
    reported_to = models.CharField(max_length=10, choices=ReportedTo.choices)
    their_reference = models.CharField(max_length=60, blank=True)
    qualifying = models.BooleanField(
        null=True, help_text="Set by the reviewer: reported within a month of the behaviour, and confirmed."
    )

    class Meta:
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"Reported to {self.get_reported_to_display()} on {self.reported_on}"


class CaseReviewRecommendation(models.Model):
    application = models.ForeignKey(
        CaseReviewApplication, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty: the police.",
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]
