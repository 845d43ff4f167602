"""Named places the team patrols and visits (hot spots, key places, schools), the patrols logged
there, and the team's social media posts: the records the charter's visibility measures count."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from safer.places.models import Neighbourhood
from safer.teams.models import Person


class KeyPlaceKind(models.TextChoices):
    HOT_SPOT = "hot-spot", "Crime or anti-social behaviour hot spot"
    KEY_PLACE = "key-place", "Key place (shops, transport, community venue)"
    SCHOOL = "school", "School"


class KeyPlace(models.Model):
    """A place the team names: a school, a key place in the community, or a hot spot it has chosen
    to patrol from the crime analysis, current between two dates."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="key_places")
    kind = models.CharField(max_length=10, choices=KeyPlaceKind.choices)
    name = models.CharField(max_length=200)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    listed_on = models.DateField(default=timezone.localdate)
    delisted_on = models.DateField(
        null=True, blank=True, help_text="The last day it was listed (a hot spot that has cooled)."
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["neighbourhood", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def is_listed(self, on: dt.date) -> bool:
        return self.listed_on <= on and (self.delisted_on is None or self.delisted_on >= on)


class PatrolLog(models.Model):
    """A patrol of, or visit to, a named place: logged from "today" in two taps."""

    place = models.ForeignKey(KeyPlace, on_delete=models.CASCADE, related_name="patrols")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="patrols"
    )
    started_at = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=720), name="patrol_minutes_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} minutes at {self.place} from {self.started_at:%Y-%m-%d %H:%M}"


class SocialPlatform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    INSTAGRAM = "instagram", "Instagram"
    NEXTDOOR = "nextdoor", "Nextdoor"
    OTHER = "other", "Other"


class SocialPost(models.Model):
    """An update the team posted on social media (logged by hand or imported from the scheduling
    tool): only its date, platform, address and a one-line summary."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="social_posts")
    platform = models.CharField(max_length=10, choices=SocialPlatform.choices)
    posted_on = models.DateField(db_index=True)
    url = models.URLField(blank=True, max_length=500)
    summary = models.CharField(max_length=200)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-posted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} post of {self.posted_on}"
