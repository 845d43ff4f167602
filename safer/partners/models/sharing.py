"""Information-sharing agreements (ISAs): who may receive what, why, under which law, until when.

An agreement is in force from its start date until its review date or its end date, whichever comes
first; reviewing it sets the next review date. Outside that window nothing is shared under it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from safer.partners.models.agencies import Agency

# The vocabulary of data items an agreement may list: the fields of a shared record a partner may
# read. Apps that share records (problems' plans) show a field only if the agreement lists it.
DATA_ITEMS: dict[str, str] = {
    "title": "Title of the problem or plan",
    "summary": "Summary of the problem",
    "area": "Neighbourhood, parish and area",
    "location": "Locations (streets, map areas)",
    "dates": "Dates and stage",
    "crime_counts": "Counts of crimes and incidents (no personal data)",
    "analysis": "Problem analysis (victim, offender, location)",
    "responses": "Responses and actions, with owners and due dates",
    "assessment": "Assessment and results",
    "victim_details": "Victims' names and contact details",
    "offender_details": "Offenders' and suspects' names",
    "officer_names": "Names of officers and staff",
}
PERSONAL_DATA_ITEMS = frozenset({"victim_details", "offender_details", "officer_names"})


class LegalBasis(models.TextChoices):
    CDA_S115 = "cda_s115", "Crime and Disorder Act 1998, section 115"
    CDA_S17A = "cda_s17a", "Crime and Disorder Act 1998, section 17A (depersonalised data)"
    DPA_PART3 = "dpa_part3", "Data Protection Act 2018, Part 3 (law enforcement)"
    PUBLIC_TASK = "public_task", "UK GDPR Article 6(1)(e) (public task)"
    CONSENT = "consent", "Consent of the person concerned"
    ASBCPA = "asbcpa", "Anti-social Behaviour, Crime and Policing Act 2014"
    CHILDREN_ACT = "children_act", "Children Act 2004 / Working Together"
    OTHER = "other", "Other (see detail)"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"
    ENDED = "ended", "Ended"


def validate_data_items(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("Data items must be a list of names.")
    unknown = sorted(set(value) - set(DATA_ITEMS))
    if unknown:
        raise ValidationError(f"Unknown data items: {', '.join(unknown)}.")


class SharingAgreement(models.Model):
    reference = models.CharField(max_length=40, unique=True, help_text="e.g. ISA-2026-014")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20, default="1.0")
    parties = models.ManyToManyField(Agency, related_name="agreements")
    purpose = models.TextField()
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(blank=True)
    data_items = models.JSONField(default=list, validators=[validate_data_items])
    retention = models.CharField(
        max_length=200, help_text="How long partners keep what they receive, e.g. 12 months after closure."
    )
    status = models.CharField(max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT)
    start_date = models.DateField()
    review_date = models.DateField(
        help_text="Sharing stops after this date unless the agreement is reviewed."
    )
    end_date = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_copy_location = models.CharField(max_length=200, blank=True)
    reminder_sent_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The expiry date the last reminder was about."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_date", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        if self.review_date and self.start_date and self.review_date < self.start_date:
            raise ValidationError({"review_date": "The review date must be on or after the start date."})
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    @property
    def expires_on(self) -> dt.date:
        """The last day sharing is allowed under this agreement."""
        return min(self.review_date, self.end_date) if self.end_date else self.review_date

    def in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status == AgreementStatus.SIGNED and self.start_date <= on <= self.expires_on

    def data_item_labels(self) -> list[str]:
        return [DATA_ITEMS[item] for item in self.data_items if item in DATA_ITEMS]


class AgreementReview(models.Model):
    """One review of an agreement: on time if held on or before the review date it answered."""

    agreement = models.ForeignKey(SharingAgreement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    was_due = models.DateField()
    next_review_date = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.agreement.reference} on {self.reviewed_on}"

    @property
    def on_time(self) -> bool:
        return self.reviewed_on <= self.was_due
