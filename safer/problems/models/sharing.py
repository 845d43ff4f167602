"""Plans shared with partner agencies. A partner of the agency sees the plan only while one of the
agency's agreements is in force, and only the data items those agreements list (partners.sharing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.partners.models import Agency
from safer.problems.models.plans import Plan


class PlanShare(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="plan_share_once")]

    def __str__(self) -> str:
        return f"{self.plan} shared with {self.agency}"
