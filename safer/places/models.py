"""Force, local policing areas (effective-dated), neighbourhoods, parishes, postcodes and place names."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.lib.formats import uk_postcode

if TYPE_CHECKING:
    import shapely


class Force(models.Model):
    slug = models.SlugField(unique=True, help_text="The data.police.uk force id, e.g. west-mercia.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    telephone = models.CharField(max_length=40, default="101")
    online_reporting_url = models.URLField(blank=True)
    engagement_methods = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return self.name


class PolicingAreaQuerySet(models.QuerySet["PolicingArea"]):
    def current(self, on: dt.date | None = None) -> PolicingAreaQuerySet:
        """Areas in force on a date (today by default): the layout the site shows."""
        on = on or timezone.localdate()
        return self.filter(effective_from__lte=on).filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on)
        )


class PolicingArea(models.Model):
    """A local policing area. Layouts change (West Mercia went from five to two in January 2026), so
    each area has the dates it was in force and both layouts are kept."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="areas")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Last day in force; empty if current.")

    objects = PolicingAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["force", "slug"], name="area_slug_unique_in_force")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:area", args=[self.slug])

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.effective_from <= on and (self.effective_to is None or self.effective_to >= on)


class Neighbourhood(models.Model):
    """One Safer Neighbourhood Team's area. `code` is its police.uk-style id."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="neighbourhoods")
    code = models.CharField(max_length=60, help_text="The police.uk neighbourhood id, unique in the force.")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(PolicingArea, related_name="neighbourhoods", blank=True)
    boundary_wkb = models.BinaryField(null=True, blank=True, editable=False)
    boundary_is_approximate = models.BooleanField(default=False)
    boundary_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    centre_lat = models.FloatField(null=True, blank=True)
    centre_lng = models.FloatField(null=True, blank=True)
    population = models.PositiveIntegerField(default=0, help_text="0 means not known.")
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    url_force = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "code"], name="neighbourhood_code_unique_in_force"),
            models.UniqueConstraint(fields=["force", "slug"], name="neighbourhood_slug_unique_in_force"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:neighbourhood", args=[self.slug])

    @property
    def boundary(self) -> shapely.Geometry | None:
        import shapely

        return shapely.from_wkb(bytes(self.boundary_wkb)) if self.boundary_wkb else None

    def set_boundary(self, geometry: shapely.Geometry, *, approximate: bool = False) -> None:
        import shapely

        self.boundary_wkb = shapely.to_wkb(geometry)
        self.boundary_is_approximate = approximate
        self.boundary_updated_at = timezone.now()
        if self.centre_lat is None or self.centre_lng is None:
            point = geometry.representative_point()
            self.centre_lng, self.centre_lat = point.x, point.y

    def current_area(self, on: dt.date | None = None) -> PolicingArea | None:
        on = on or timezone.localdate()
        return next((a for a in self.areas.all() if a.is_current(on)), None)


class Parish(models.Model):
    """A civil parish, town council area or electoral ward, with its ONS code."""

    class Kind(models.TextChoices):
        PARISH = "parish", "Parish"
        TOWN = "town", "Town council"
        WARD = "ward", "Ward"

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="parishes")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARISH)
    ons_code = models.CharField(max_length=9, blank=True, help_text="E04… for parishes, E05… for wards.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parishes"

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """One row of the ONS postcode directory: a postcode's point, resolved to a neighbourhood on import."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Upper case, no space: WR38SP.")
    latitude = models.FloatField()
    longitude = models.FloatField()
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="postcodes"
    )

    def __str__(self) -> str:
        return format_postcode(self.postcode)


class Place(models.Model):
    """A town, village or district name people search for."""

    name = models.CharField(max_length=200, db_index=True)
    county = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    neighbourhood = models.ForeignKey(
        Neighbourhood, null=True, blank=True, on_delete=models.SET_NULL, related_name="places"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def normalise_postcode(text: str) -> str:
    return "".join(text.split()).upper()


def format_postcode(compact: str) -> str:
    return uk_postcode(compact)
