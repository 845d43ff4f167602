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
