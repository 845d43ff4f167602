"""Parish and town councils: the agreement with each, meetings attended and quarterly updates sent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Person


class ParishCouncil(models.Model):
    parish = models.OneToOneField(Parish, on_delete=models.CASCADE, related_name="council")
    name = models.CharField(max_length=200, help_text="e.g. Malvern Town Council")
    clerk_name = models.CharField(max_length=200, blank=True)
    clerk_email = models.EmailField(blank=True)
    clerk_telephone = models.CharField(max_length=40, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:council", args=[self.pk])

    @property
    def neighbourhood(self) -> Neighbourhood:
        return self.parish.neighbourhood

    @property
    def salutation(self) -> str:
        """ "Dear Jane Smith" for a named clerk; a role recorded in place of a name ("The Clerk",
        "Clerk") gets "Dear Clerk to Eastnor Parish Council" rather than "Dear The Clerk"."""
        name = " ".join(self.clerk_name.split())
        generic = name.lower().removeprefix("the ").strip() in {"", "clerk", "parish clerk", "town clerk"}
        return f"Dear Clerk to {self.name}" if generic else f"Dear {name}"


class UpdateFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    EACH_MEETING = "each-meeting", "At each council meeting"


class CouncilAgreement(models.Model):
    """The "contract" with a council: what updates it gets, how often, and how often police attend."""

    council = models.ForeignKey(ParishCouncil, on_delete=models.CASCADE, related_name="agreements")
    agreed_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while the agreement is current.")
    updates = models.TextField(max_length=2000, help_text="What updates the council gets.")
    frequency = models.CharField(
        max_length=20, choices=UpdateFrequency.choices, default=UpdateFrequency.QUARTERLY
    )
    meetings_per_quarter = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-agreed_on"]

    def __str__(self) -> str:
        return f"{self.council} agreement of {self.agreed_on}"

    def is_current(self, on: dt.date) -> bool:
        return self.agreed_on <= on and (self.ends_on is None or self.ends_on >= on)


class MeetingMode(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"


class CouncilMeeting(models.Model):
    council = models.ForeignKey(ParishCouncil, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    mode = models.CharField(max_length=10, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON)
    attended_by = models.ManyToManyField(Person, blank=True, related_name="council_meetings")
    notes = models.TextField(blank=True, max_length=4000)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.council} on {self.date}"


class ParishUpdate(models.Model):
    """A quarterly update generated for a council, and where it was sent."""

    council = models.ForeignKey(ParishCouncil, on_delete=models.CASCADE, related_name="updates")
    quarter_start = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_to = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.council} update for the quarter from {self.quarter_start}"
