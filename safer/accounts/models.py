"""Staff roles and scopes, and the append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from safer.places.models import Neighbourhood, PolicingArea


class Role(models.TextChoices):
    PCSO = "pcso", "PCSO"
    PC = "pc", "PC"
    SERGEANT = "sergeant", "Sergeant"
    INSPECTOR = "inspector", "Inspector"
    ANALYST = "analyst", "Problem-solving hub analyst"
    VICTIM_SERVICE = "victim_service", "Victim-service staff"
    CONTACT_CENTRE = "contact_centre", "Contact centre"
    PARTNER = "partner", "Partner agency worker"
    DATA_PROTECTION_OFFICER = "dpo", "Data protection officer"
    ROAD_SAFETY = "road_safety", "Road-safety officer"
    SAFEGUARDING = "safeguarding", "Safeguarding lead"
    CADET_LEADER = "cadet_leader", "Cadet unit leader"
    COORDINATOR = "coordinator", "Watch scheme coordinator"
    VOLUNTEER = "volunteer", "Volunteer"
    ADMINISTRATOR = "administrator", "Administrator"


class ScopeLevel(models.TextChoices):
    NEIGHBOURHOODS = "neighbourhoods", "Named neighbourhoods"
    AREAS = "areas", "Named policing areas"
    FORCE = "force", "The whole force"


class StaffProfile(models.Model):
    """What a staff account may do (role) and where (scope). Read through accounts.scopes only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices)
    scope_level = models.CharField(
        max_length=20, choices=ScopeLevel.choices, default=ScopeLevel.NEIGHBOURHOODS
    )
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="+")
    areas = models.ManyToManyField(PolicingArea, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.get_scope_level_display()})"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One read or change of protected data. Rows are only ever inserted."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(
        max_length=60, help_text="e.g. contact_details.changed, role.changed, victim.read"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    changes = models.JSONField(default=dict, blank=True, help_text="Field: [before, after].")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class EnrolmentToken(models.Model):
    """An administrator's one-time permission for an account to set up its authenticator app.

    Without one, a password alone never reaches the set-up page: whoever learns a new colleague's
    password cannot enrol their own phone. Only a hash of the link's token is stored.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Set-up link for user {self.user_id}"
