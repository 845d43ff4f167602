"""Letters and emails from residents, businesses, MPs and councillors, and their agreed reply dates."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood


class WriterKind(models.TextChoices):
    RESIDENT = "resident", "Resident"
    BUSINESS = "business", "Business"
    MP = "mp", "MP"
    COUNCILLOR = "councillor", "Councillor"
    PARISH = "parish", "Parish or town council"
    OTHER = "other", "Other"


class CorrespondenceChannel(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class Correspondence(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="correspondence")
    writer_kind = models.CharField(max_length=12, choices=WriterKind.choices)
    writer_name = models.CharField(max_length=200)
    writer_from = models.CharField(max_length=300, blank=True, help_text="Where the writer is from.")
    channel = models.CharField(max_length=8, choices=CorrespondenceChannel.choices)
    received_on = models.DateField()
    subject = models.CharField(max_length=200)
    reply_due = models.DateField(help_text="The reply date agreed with the writer.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    replied_on = models.DateField(null=True, blank=True)
    reply_summary = models.TextField(blank=True, max_length=4000)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["reply_due", "pk"]
        verbose_name_plural = "correspondence"

    def __str__(self) -> str:
        return self.subject

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.replied_on is None and self.reply_due < today

    @property
    def answered_on_time(self) -> bool | None:
        if self.replied_on is None:
            return None
        return self.replied_on <= self.reply_due
