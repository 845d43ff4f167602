"""Watch schemes: one model for every type. A scheme's members are Neighbourhood Matters
subscribers in the scheme's alerts `Group` (the target group messages go to), so membership and
messages live where the alerts app already keeps them; this model adds what a scheme is."""

from __future__ import annotations

import math

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.alerts.models import Group
from safer.places.models import Neighbourhood, Parish


class SchemeType(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood Watch"
    RURAL = "rural", "Rural and Farm Watch"
    HORSE = "horse", "Horse Watch"
    STREET = "street", "Street Watch"
    HERITAGE = "heritage", "Heritage Watch"
    BUSINESS = "business", "Business Watch"


class SchemeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    CLOSED = "closed", "Closed"


class WatchScheme(models.Model):
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="scheme")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=SchemeType.choices)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="watch_schemes")
    parish = models.ForeignKey(
        Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="watch_schemes"
    )
    description = models.TextField(max_length=2000, blank=True)
    streets = models.TextField(
        blank=True, help_text="The streets or postcodes the scheme covers, one a line."
    )
    area_points = models.TextField(
        blank=True, help_text="A drawn area: corners as 'lat,lng', one a line (at least three)."
    )
    centre_lat = models.FloatField(null=True, blank=True)
    centre_lng = models.FloatField(null=True, blank=True)
    households = models.PositiveIntegerField(
        default=0, help_text="Households the area covers; 0 if not known."
    )
    status = models.CharField(max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.ACTIVE)
    started_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SchemeCoordinator", related_name="watch_schemes"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def street_list(self) -> list[str]:
        return [line.strip() for line in self.streets.splitlines() if line.strip()]

    def corners(self) -> list[tuple[float, float]]:
        points = []
        for line in self.area_points.splitlines():
            if line.strip():
                lat, lng = line.split(",")
                points.append((float(lat), float(lng)))
        return points

    def distance_km(self, lat: float, lng: float) -> float | None:
        if self.centre_lat is None or self.centre_lng is None:
            return None
        dy = (self.centre_lat - lat) * 111.2
        dx = (self.centre_lng - lng) * 111.2 * math.cos(math.radians(lat))
        return math.hypot(dx, dy)


class SchemeCoordinator(models.Model):
    scheme = models.ForeignKey(WatchScheme, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    vetted_on = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "user"], name="community_one_coordinator")]

    def __str__(self) -> str:
        return f"Coordinator of scheme #{self.scheme_id}"


class RequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the neighbourhood team"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class SchemeRequest(models.Model):
    """A resident asks to start a scheme; the neighbourhood team approves or declines it."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="scheme_requests")
    name = models.CharField(max_length=200, help_text="The scheme's proposed name.")
    type = models.CharField(max_length=20, choices=SchemeType.choices)
    postcode = models.CharField(max_length=8)
    streets = models.TextField(max_length=2000, blank=True)
    reason = models.TextField(max_length=2000)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    scheme = models.ForeignKey(
        WatchScheme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Request to start {self.name}"
