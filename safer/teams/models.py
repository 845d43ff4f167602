"""The people of Safer Neighbourhood Teams: ranks, contact details, duty status, verification."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood


class Rank(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    SERGEANT = "sergeant", "Sergeant"
    PC = "pc", "PC"
    PCSO = "pcso", "PCSO"
    SPECIAL = "special", "Special Constable"
    CADET = "cadet", "Police Cadet"
    VOLUNTEER = "volunteer", "Police Support Volunteer"
    STAFF = "staff", "Police Staff"


# The order a team page lists people in: the named inspector and sergeant first.
RANK_ORDER = {rank: i for i, rank in enumerate(Rank.values)}
CONTACT_FIELDS = ["work_mobile", "work_email"]


class Person(models.Model):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    rank = models.CharField(max_length=20, choices=Rank.choices)
    collar_number = models.CharField(max_length=20, blank=True)
    photo = models.ImageField(upload_to="people/", blank=True)
    photo_alt = models.CharField(
        max_length=200, blank=True, help_text="Describe the photo for screen readers."
    )
    work_mobile = models.CharField(max_length=20, blank=True)
    work_email = models.EmailField(blank=True)
    biography = models.TextField(blank=True, max_length=2000)
    on_duty = models.BooleanField(default=False)
    duty_until = models.DateTimeField(null=True, blank=True, help_text="When the current duty status ends.")
    details_verified_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictional person in the demo data set.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.get_rank_display()} {self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def initials(self) -> str:
        return f"{self.given_name[:1]}{self.family_name[:1]}".upper()

    def is_on_duty(self, now: dt.datetime | None = None) -> bool:
        """On duty, and the until-time (if any) not yet passed."""
        now = now or timezone.now()
        return self.on_duty and (self.duty_until is None or self.duty_until > now)

    def details_are_stale(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        limit = dt.timedelta(days=settings.DETAILS_STALE_AFTER_DAYS)
        return self.details_verified_on is None or today - self.details_verified_on > limit


class Membership(models.Model):
    """A person's place in a neighbourhood's team, with their role in it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Rank.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "neighbourhood"], name="one_membership_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.neighbourhood}"


def team_for(neighbourhood: Neighbourhood) -> list[Membership]:
    """A neighbourhood's team in page order: inspector, sergeant, PCs, PCSOs, then the rest."""
    members = Membership.objects.filter(neighbourhood=neighbourhood).select_related("person")
    return sorted(
        members, key=lambda m: (RANK_ORDER.get(m.role, 99), m.person.family_name, m.person.given_name)
    )


# --- the records the charter's measures need: training and where duty time goes ---------------


class Course(models.TextChoices):
    """The courses the charters promise; the learning system's course codes map onto these."""

    NPP = "npp", "Neighbourhood Policing Programme"
    PREVENTION = "prevention", "Crime prevention advice"
    TRAUMA_INFORMED = "trauma-informed", "Trauma-informed practice"
    VULNERABILITY = "vulnerability", "Harm and vulnerability"


class TrainingRecord(models.Model):
    """One course one person completed, as the force's learning system reports it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="training")
    course = models.CharField(max_length=20, choices=Course.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty if it does not expire.")
    imported_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["person", "course", "-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"], name="one_training_record_per_completion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} completed {self.get_course_display()} on {self.completed_on}"

    def is_current(self, on: dt.date) -> bool:
        return self.completed_on <= on and (self.expires_on is None or self.expires_on >= on)


class DutyKind(models.TextChoices):
    COMMUNITY = "community", "On duty in the community (patrol and engagement)"
    STATION = "station", "On duty in the station (neighbourhood work)"
    ABSTRACTED = "abstracted", "Abstracted to other duties"


class AbstractionReason(models.TextChoices):
    RESPONSE = "response", "Covering response policing"
    CUSTODY = "custody", "Custody or prisoner handling"
    EVENT = "event", "Public order or a planned event"
    INVESTIGATION = "investigation", "Investigation or enquiries for another team"
    TRAINING = "training", "Training not about neighbourhood policing"
    OTHER = "other", "Other duties"


class DutySpell(models.Model):
    """A stretch of duty and where it went, written each time someone sets their duty status: the
    duty records that time in the community and the abstraction rate are counted from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duty_spells")
    kind = models.CharField(max_length=12, choices=DutyKind.choices)
    reason = models.CharField(max_length=20, choices=AbstractionReason.choices, blank=True)
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")), name="duty_spell_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="abstracted") | ~models.Q(reason=""), name="abstraction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def hours(self) -> float:
        return (self.ended_at - self.started_at).total_seconds() / 3600
