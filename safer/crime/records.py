"""The crime app's records for the charter's measures: named town centres (with their own crime
series), the force's ASB leads and action plans per neighbourhood, repeat offenders under
management, organised crime group disruptions and the hot-spot analyses run for each area.

Offender records carry a reference from the force's offender management system, never a name.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import Person

METRES_PER_DEGREE = 111_320.0


class TownCentre(models.Model):
    """A named town centre: a circle around its centre. Crimes whose police.uk point lies inside
    it make up its own crime series."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="town_centres")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    radius_m = models.PositiveIntegerField(default=400, help_text="Metres from the centre, 100 to 3,000.")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(radius_m__gte=100, radius_m__lte=3000), name="town_centre_radius_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def bounding_box(self) -> tuple[float, float, float, float]:
        """(min lat, max lat, min lng, max lng) around the circle."""
        dlat = self.radius_m / METRES_PER_DEGREE
        dlng = self.radius_m / (METRES_PER_DEGREE * math.cos(math.radians(self.latitude)))
        return self.latitude - dlat, self.latitude + dlat, self.longitude - dlng, self.longitude + dlng

    def contains(self, latitude: float, longitude: float) -> bool:
        dy = (latitude - self.latitude) * METRES_PER_DEGREE
        dx = (longitude - self.longitude) * METRES_PER_DEGREE * math.cos(math.radians(self.latitude))
        return dx * dx + dy * dy <= self.radius_m * self.radius_m


class AsbLead(models.Model):
    """The person named as a neighbourhood's anti-social behaviour lead, from one date to another."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="asb_leads")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="asb_leads")
    named_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["neighbourhood", "-named_on"]

    def __str__(self) -> str:
        return f"{self.person} leads on ASB in {self.neighbourhood}"

    def is_current(self, on: dt.date) -> bool:
        return self.named_on <= on and (self.ended_on is None or self.ended_on >= on)


class AsbActionPlan(models.Model):
    """A neighbourhood's published anti-social behaviour action plan and when it was last reviewed."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="asb_plans")
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=4000)
    published_on = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["neighbourhood", "-published_on"]

    def __str__(self) -> str:
        return self.title


class ManagedOffender(models.Model):
    """A repeat offender known to a neighbourhood team, by the offender management reference only,
    and the management plan in place (if any)."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=40, help_text="The offender management system's reference.")
    flagged_on = models.DateField(help_text="When the person was identified as a repeat offender.")
    plan_from = models.DateField(null=True, blank=True)
    plan_until = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="No longer managed as a repeat offender.")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["neighbourhood", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbourhood", "reference"], name="one_managed_offender_per_ref"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class DisruptionKind(models.TextChoices):
    WARRANT = "warrant", "Warrant or search"
    ARREST = "arrest", "Arrest"
    SEIZURE = "seizure", "Seizure of drugs, cash or property"
    SAFEGUARDING = "safeguarding", "Safeguarding of people exploited"
    CLOSURE = "closure", "Closure order or civil order"
    OTHER = "other", "Other disruption"


class OcgDisruption(models.Model):
    """An organised crime group disruption recorded by a neighbourhood team (no names)."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=DisruptionKind.choices)
    reference = models.CharField(max_length=40, blank=True, help_text="The force's disruption reference.")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"


class AnalysisKind(models.TextChoices):
    HOT_SPOTS = "hot-spots", "Hot-spot analysis"
    NEAR_REPEAT = "near-repeat", "Near-repeat analysis"


class AnalysisRun(models.Model):
    """Someone on the staff side ran a hot-spot or near-repeat analysis over an area's crime."""

    area = models.ForeignKey(PolicingArea, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=AnalysisKind.choices)
    run_at = models.DateTimeField(default=timezone.now, db_index=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.area} at {self.run_at:%Y-%m-%d %H:%M}"


def record_analysis_runs(user: Any, kind: str, neighbourhoods: models.QuerySet[Neighbourhood]) -> int:
    """Note that an analysis was run over these neighbourhoods, once for each current area they lie
    in (at most a handful of rows): what the charter's "analysis is current" measure counts."""
    today = timezone.localdate()
    areas = PolicingArea.objects.current(today).filter(neighbourhoods__in=neighbourhoods).distinct()
    run_by = user if getattr(user, "pk", None) else None
    runs = [AnalysisRun(area=area, kind=kind, run_by=run_by) for area in areas[:50]]
    AnalysisRun.objects.bulk_create(runs)
    return len(runs)
