"""A neighbourhood's residents by age band and sex (from the census), so survey results can be
weighted to the people who live there rather than to whoever answered."""

from __future__ import annotations

from django.db import models

from safer.places.models import Neighbourhood


class AgeBand(models.TextChoices):
    AGE_16_34 = "16-34", "16 to 34"
    AGE_35_54 = "35-54", "35 to 54"
    AGE_55_PLUS = "55+", "55 or over"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"


class PopulationGroup(models.Model):
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="population_groups"
    )
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    sex = models.CharField(max_length=6, choices=Sex.choices)
    people = models.PositiveIntegerField()
    source = models.CharField(max_length=200, default="Census 2021")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "age_band", "sex"], name="one_population_group"),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood}: {self.get_sex_display()} {self.get_age_band_display()}"
