"""Police stations and front counters, their opening hours and the live A-board status."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.places.models import Force, Neighbourhood


class StationStatus(models.TextChoices):
    OPEN = "open", "Open now"
    AVAILABLE_UNTIL = "available-until", "Officers available until"
    CLOSED = "closed", "Closed"


class Station(models.Model):
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="stations")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="stations", help_text="The team based here."
    )
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    has_front_counter = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=StationStatus.choices, default=StationStatus.CLOSED)
    available_until = models.TimeField(null=True, blank=True)
    status_note = models.CharField(max_length=200, blank=True)
    status_set_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:station", args=[self.slug])

    def status_ends_at(self) -> dt.datetime | None:
        """When the status set by staff stops being true: "available until 16:00" at 16:00 on the
        day it was set (the next day if that time had passed), "open now" at the end of that day.
        "Closed" does not lapse, and a status with no time it was set cannot be dated."""
        if self.status_set_at is None or self.status == StationStatus.CLOSED:
            return None
        set_at = timezone.localtime(self.status_set_at)
        if self.status == StationStatus.AVAILABLE_UNTIL and self.available_until:
            end = timezone.make_aware(dt.datetime.combine(set_at.date(), self.available_until))
            return end if end > set_at else end + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(set_at.date() + dt.timedelta(days=1), dt.time()))

    def status_is_current(self, now: dt.datetime | None = None) -> bool:
        ends = self.status_ends_at()
        return ends is None or (now or timezone.now()) < ends

    @property
    def status_lapsed(self) -> bool:
        return not self.status_is_current()

    @property
    def shows_open(self) -> bool:
        return self.status != StationStatus.CLOSED and self.status_is_current()

    @property
    def status_text(self) -> str:
        if not self.status_is_current():
            return "No live status: check the opening hours"
        return self.set_status_text

    @property
    def set_status_text(self) -> str:
        """What staff set, whether or not it still holds."""
        if self.status == StationStatus.AVAILABLE_UNTIL and self.available_until:
            return f"Officers available until {self.available_until:%H:%M}"
        return str(StationStatus(self.status).label)


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class StationStatusChange(models.Model):
    """Every status a station has shown, newest first: the A-board's history."""

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=StationStatus.choices)
    available_until = models.TimeField(null=True, blank=True)
    status_note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.station} {self.status} at {self.at:%Y-%m-%d %H:%M}"
