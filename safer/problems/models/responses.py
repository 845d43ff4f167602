"""Responses: what is done about a problem, by whom and by when. Legal tools (ASB, Crime and
Policing Act 2014) carry their statutory clocks, computed in safer.problems.legal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.partners.models import Agency
from safer.problems.models.plans import Plan


class OwnerKind(models.TextChoices):
    OFFICER = "officer", "Officer"
    HUB = "hub", "Problem Solving Hub"
    PARTNER = "partner", "Partner agency"
    VOLUNTARY = "voluntary", "Voluntary or community group"


class LegalTool(models.TextChoices):
    NONE = "", "None"
    CPW = "cpw", "Community Protection Warning"
    CPN = "cpn", "Community Protection Notice"
    CLOSURE_NOTICE = "closure_notice", "Closure notice"
    CLOSURE_ORDER = "closure_order", "Closure order"
    INJUNCTION = "injunction", "Civil injunction"
    CBO = "cbo", "Criminal behaviour order"
    PSPO = "pspo", "Public spaces protection order"


class Response(models.Model):
    class Kind(models.TextChoices):
        SITUATIONAL = "situational", "Situational (design, lighting, target hardening)"
        ENFORCEMENT = "enforcement", "Enforcement"
        ENGAGEMENT = "engagement", "Engagement and reassurance"
        DIVERSION = "diversion", "Early intervention or diversion (young people)"
        SUPPORT = "support", "Support for victims"
        LEGAL = "legal", "Legal tool"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        UNDER_WAY = "under_way", "Under way"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(max_length=2000)
    owner_kind = models.CharField(max_length=10, choices=OwnerKind.choices, default=OwnerKind.OFFICER)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The partner agency that owns the response; its partners may update it.",
    )
    owner_name = models.CharField(max_length=200, blank=True, help_text="The group or agency, by name.")
    due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    update = models.TextField(blank=True, max_length=2000, help_text="The latest progress note.")
    legal_tool = models.CharField(max_length=16, choices=LegalTool.choices, blank=True, default="")
    served_at = models.DateTimeField(null=True, blank=True, help_text="When the notice was served.")
    extended_to_48h = models.BooleanField(
        default=False, help_text="Closure notice extended to 48 hours by a superintendent."
    )
    warning = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The Community Protection Warning a notice follows.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def owner_label(self) -> str:
        if self.owner_kind == OwnerKind.OFFICER and self.owner_user is not None:
            return self.owner_user.get_full_name() or self.owner_user.get_username()
        if self.owner_agency_id is not None:
            return str(self.owner_agency)
        return self.owner_name or self.get_owner_kind_display()

    @property
    def overdue(self) -> bool:
        return self.status in (self.Status.PLANNED, self.Status.UNDER_WAY) and self.due < timezone.localdate()
