"""Community Speed Watch, as West Mercia runs it: a parish council asks, the force surveys and
risk-assesses each site (the road-safety officer approves it), trained volunteers book sessions
and record vehicles, and readings at or above the threshold become letters to registered keepers."""

from __future__ import annotations

import datetime as dt
import math
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood, Parish


def threshold_for(limit_mph: int) -> int:
    """The letter threshold for a limit: limit + COMMUNITY_CSW_THRESHOLD_PERCENT % +
    COMMUNITY_CSW_THRESHOLD_EXTRA_MPH, rounded up (the NPCC guideline: 35 in a 30)."""
    exact = limit_mph * (100 + settings.COMMUNITY_CSW_THRESHOLD_PERCENT) / 100
    return math.ceil(round(exact, 6)) + settings.COMMUNITY_CSW_THRESHOLD_EXTRA_MPH


class GroupStatus(models.TextChoices):
    REQUESTED = "requested", "Requested by the parish"
    SETTING_UP = "setting-up", "Setting up"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class SpeedWatchGroup(models.Model):
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="speed_watch_groups"
    )
    parish = models.ForeignKey(Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200)
    council_name = models.CharField(max_length=200, help_text="The parish or town council that asked.")
    clerk_name = models.CharField(max_length=200)
    clerk_email = models.EmailField()
    roads = models.TextField(max_length=2000, help_text="The roads the council is concerned about.")
    concern = models.TextField(max_length=4000)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=GroupStatus.choices, default=GroupStatus.REQUESTED)
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SpeedWatchVolunteer", related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SpeedWatchVolunteer(models.Model):
    group = models.ForeignKey(SpeedWatchGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="speed_watch")
    date_of_birth = models.DateField()
    trained_on = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="community_one_volunteer")]

    def __str__(self) -> str:
        return f"Volunteer in group #{self.group_id}"

    def age_on(self, day: dt.date) -> int:
        b = self.date_of_birth
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class SiteStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for the site check"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Not approved"
    RETIRED = "retired", "No longer used"


class Direction(models.TextChoices):
    NORTH = "N", "Northbound"
    SOUTH = "S", "Southbound"
    EAST = "E", "Eastbound"
    WEST = "W", "Westbound"


class Site(models.Model):
    group = models.ForeignKey(SpeedWatchGroup, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(
        max_length=200, help_text="Road and place, e.g. 'A44 Bromyard Road, by the school'."
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    speed_limit = models.PositiveSmallIntegerField(choices=[(20, "20 mph"), (30, "30 mph"), (40, "40 mph")])
    threshold_override = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Letters at or above this speed instead of the force's threshold."
    )
    survey_mean_mph = models.FloatField(null=True, blank=True, help_text="The force's speed survey: mean.")
    survey_p85_mph = models.FloatField(null=True, blank=True, help_text="The survey's 85th percentile.")
    sight_lines_ok = models.BooleanField(null=True)
    safe_place_ok = models.BooleanField(
        null=True, help_text="A safe place to stand off the road and footway."
    )
    risk_notes = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=SiteStatus.choices, default=SiteStatus.PROPOSED)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def threshold(self) -> int:
        return self.threshold_override or threshold_for(self.speed_limit)


class SessionStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class SpeedWatchSession(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    start = models.TimeField()
    end = models.TimeField()
    volunteers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    device = models.CharField(max_length=60, blank=True, help_text="The approved speed device used.")
    vehicles_counted = models.PositiveIntegerField(
        null=True, blank=True, help_text="Every vehicle that passed, speeding or not (for compliance)."
    )
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.BOOKED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-date", "-start"]

    def __str__(self) -> str:
        return f"{self.site} on {self.date:%d %B %Y}"

    @property
    def letters_due_by(self) -> dt.date:
        return self.date + dt.timedelta(days=settings.COMMUNITY_CSW_LETTER_DAYS)


class Reading(models.Model):
    """One vehicle. `client_id` is made where the reading was first written (the phone, or the
    log sheet line), so sending it again never makes a second row."""

    session = models.ForeignKey(SpeedWatchSession, on_delete=models.CASCADE, related_name="readings")
    client_id = models.UUIDField(unique=True, default=uuid.uuid4)
    registration = models.CharField(max_length=10)
    make = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=40, blank=True)
    colour = models.CharField(max_length=30, blank=True)
    speed_mph = models.PositiveSmallIntegerField()
    seen_at = models.TimeField()
    direction = models.CharField(max_length=1, choices=Direction.choices)
    source = models.CharField(max_length=10, default="phone")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["seen_at", "id"]

    def __str__(self) -> str:
        return f"{self.registration} at {self.speed_mph} mph"


class LetterStatus(models.TextChoices):
    AWAITING_KEEPER = "awaiting-keeper", "Waiting for the keeper look-up"
    NO_KEEPER = "no-keeper", "No keeper found"
    READY = "ready", "Ready to print"
    PRINTED = "printed", "In a printed batch"


class LetterLevel(models.IntegerChoices):
    FIRST = 1, "First letter (advice)"
    SECOND = 2, "Second letter (warning) and a visit"
    THIRD = 3, "Referred to the roads policing team"


class LetterBatch(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "letter batches"

    def __str__(self) -> str:
        return f"Letter batch #{self.pk}"


class Letter(models.Model):
    reading = models.OneToOneField(Reading, on_delete=models.CASCADE, related_name="letter")
    registration = models.CharField(max_length=10, db_index=True)
    level = models.PositiveSmallIntegerField(choices=LetterLevel.choices, default=LetterLevel.FIRST)
    status = models.CharField(
        max_length=16, choices=LetterStatus.choices, default=LetterStatus.AWAITING_KEEPER
    )
    keeper_name = models.CharField(max_length=200, blank=True)
    keeper_address = models.TextField(max_length=500, blank=True)
    batch = models.ForeignKey(
        LetterBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    visit_needed = models.BooleanField(default=False)
    visited_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Letter for {self.registration}"

    @property
    def reference(self) -> str:
        return f"CSW-{self.pk:06d}"
