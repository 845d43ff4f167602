"""Accountability for victim records: the DPA 2018 s62 processing log, analysts' recorded purposes
and retention reviews. Imported by `models.py`.

The log is append-only (update and delete raise, on rows and querysets): it must be available to
the Information Commissioner and may be used only to verify lawfulness, for self-monitoring, for
integrity and security, or in criminal proceedings (s62(4)). Only the data protection officer reads
it (`accounts.scopes.DATA_PROTECTION`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyLog(models.QuerySet["ProcessingLog"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The processing log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The processing log is append-only.")


class ProcessingLog(models.Model):
    """One processing operation on a victim record (s62(1)): who, when, why, and to whom."""

    class Operation(models.TextChoices):
        COLLECTION = "collection", "Collection"
        ALTERATION = "alteration", "Alteration"
        CONSULTATION = "consultation", "Consultation"
        DISCLOSURE = "disclosure", "Disclosure"
        COMBINATION = "combination", "Combination"
        ERASURE = "erasure", "Erasure"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    operation = models.CharField(max_length=15, choices=Operation.choices)
    # The account, and its username and role as they were (kept if the account goes).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="Username, or 'system'.")
    actor_role = models.CharField(max_length=20, blank=True)
    victim = models.ForeignKey(
        "victims.Victim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    victim_ref = models.CharField(max_length=20, db_index=True)
    justification = models.CharField(max_length=300)
    recipient = models.CharField(max_length=300, blank=True, help_text="For disclosures: who received it.")
    detail = models.CharField(
        max_length=300, blank=True, help_text="What was read or changed (no personal data)."
    )

    objects = AppendOnlyLog.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.operation} {self.victim_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The processing log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The processing log is append-only.")


class AnalystPurpose(models.Model):
    """An analyst's recorded purpose: without a current one, an analyst reads no victim record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=300)
    valid_until = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Purpose until {self.valid_until}"


class RetentionReview(models.Model):
    """A review at the end of a retention period: retain (with the reason and the next review) or
    dispose. Every review decision is kept (APP on retention, review and disposal)."""

    class Decision(models.TextChoices):
        RETAIN = "retain", "Retain until the next review"
        DISPOSE = "dispose", "Dispose now"

    victim = models.ForeignKey("victims.Victim", on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.CharField(max_length=300)
    next_review_on = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.reviewed_at:%Y-%m-%d}"
