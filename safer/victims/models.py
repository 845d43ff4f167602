"""Contacts with victims. Restricted data: every read and write is audited (see views and actions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.crime.models import Incident


class RepeatVictimContact(models.Model):
    """A contact with a repeat victim after a repeat incident (the repeat-victims-contacted measure).

    Moved from the crime app in issue 8 with its rows: the table kept its name until the migration
    that renamed it (victims 0002)."""

    class Method(models.TextChoices):
        VISIT = "visit", "Visit"
        PHONE = "phone", "Telephone call"
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="victim_contacts")
    contacted_on = models.DateField(default=timezone.localdate)
    method = models.CharField(max_length=10, choices=Method.choices)
    referred_to_victim_service = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.contacted_on}"


# Victim records and their accountability (issue 10) live in two modules of their own.
from safer.victims.logs import AnalystPurpose, ProcessingLog, RetentionReview  # noqa: E402
from safer.victims.records import (  # noqa: E402
    ConsentRecord,
    Entitlement,
    Leaflet,
    NeedsAssessment,
    Referral,
    Victim,
)

__all__ = [
    "AnalystPurpose",
    "ConsentRecord",
    "Entitlement",
    "Leaflet",
    "NeedsAssessment",
    "ProcessingLog",
    "Referral",
    "RepeatVictimContact",
    "RetentionReview",
    "Victim",
]
