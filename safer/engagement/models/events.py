"""Engagement events: vehicle visits, drop-ins, surgeries, beat meetings and the like, with
repeat rules expanded into sittings (`Occurrence`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Person

# Repeating events are expanded at most this far, however open-ended their rule.
MAX_OCCURRENCES = 400


def advertise_days() -> int:
    """How many days ahead an event must be published to count as advertised in advance."""
    return settings.ENGAGEMENT_ADVERTISE_DAYS


# --- events ----------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    VEHICLE = "vehicle", "Engagement-vehicle visit"
    DROP_IN = "drop-in", "Drop-in"
    SURGERY = "surgery", "Beat surgery"
    BEAT_MEETING = "beat-meeting", "Beat meeting"
    SCHOOL = "school", "School visit"
    PUBLIC_EVENT = "public-event", "Public event"
    PARISH_MEETING = "parish-meeting", "Parish council meeting"


# The police.uk events feed has a free-text `type`; its own examples use "meeting".
POLICEUK_TYPE = {
    EventKind.VEHICLE: "engagement-vehicle",
    EventKind.DROP_IN: "meeting",
    EventKind.SURGERY: "meeting",
    EventKind.BEAT_MEETING: "meeting",
    EventKind.SCHOOL: "school-visit",
    EventKind.PUBLIC_EVENT: "event",
    EventKind.PARISH_MEETING: "meeting",
}


class EventTag(models.TextChoices):
    """What an event was for, whatever its kind: the charter counts events by these."""

    SCHOOL = "school", "With a school"
    SELDOM_HEARD = "seldom-heard", "With a seldom-heard or minority group"
    BEAT_MEETING = "beat-meeting", "A beat meeting"
    DROP_IN = "drop-in", "A drop-in"


# Each of these kinds carries its tag without being tagged.
KIND_TAGS = {
    EventKind.SCHOOL: EventTag.SCHOOL,
    EventKind.BEAT_MEETING: EventTag.BEAT_MEETING,
    EventKind.DROP_IN: EventTag.DROP_IN,
}


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


@dataclass(frozen=True)
class Occurrence:
    """One sitting of an event: the event itself, or one date of a repeating one."""

    event: Event
    start: dt.datetime
    end: dt.datetime

    @property
    def notice_days(self) -> float | None:
        if self.event.published_at is None:
            return None
        return (self.start - self.event.published_at).total_seconds() / 86400


class Event(models.Model):
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="events")
    parish = models.ForeignKey(
        Parish, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    address = models.CharField(max_length=300)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    rrule = models.CharField(
        max_length=200,
        blank=True,
        help_text="An RFC 5545 RRULE for a repeating event, e.g. FREQ=WEEKLY;COUNT=6.",
    )
    attendees = models.ManyToManyField(Person, blank=True, related_name="events")
    tags = models.JSONField(default=list, blank=True, help_text="EventTag values: what the event was for.")
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    notice_days = models.FloatField(
        null=True, blank=True, help_text="Days between publishing and the (first) start: the advertised gap."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=300, blank=True)
    cancellation_notice = models.CharField(
        max_length=200, blank=True, help_text="How subscribers were told of the cancellation."
    )
    attendance = models.PositiveIntegerField(null=True, blank=True, help_text="People who came.")
    issues_raised = models.TextField(blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a demo step made the row, so a rebuild replaces exactly its own rows.
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["neighbourhood", "status", "start"], name="event_nb_status_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:event", args=[self.pk])

    @property
    def policeuk_type(self) -> str:
        return POLICEUK_TYPE.get(EventKind(self.kind), "event")

    def has_tag(self, tag: str) -> bool:
        """Tagged so, or of the kind that carries the tag (a beat meeting is a beat meeting)."""
        return tag in (self.tags or []) or KIND_TAGS.get(EventKind(self.kind)) == tag

    def clean(self) -> None:
        if not isinstance(self.tags, list) or any(t not in EventTag.values for t in self.tags):
            raise ValidationError({"tags": "Choose tags from the list"})

    @property
    def is_public(self) -> bool:
        return self.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED)

    def occurrences(
        self, after: dt.datetime | None = None, before: dt.datetime | None = None
    ) -> list[Occurrence]:
        """Sittings that end after `after` and start before `before` (either may be open).

        A repeating rule is expanded from the local (zone-aware) start, so a 10:00 weekly surgery
        stays at 10:00 across the clocks changing; as RFC 5545 asks, an UNTIL is given in UTC."""
        length = self.end - self.start
        if not self.rrule:
            starts = [self.start]
        else:
            rule = rrulestr(self.rrule, dtstart=timezone.localtime(self.start))
            starts = []
            for start in rule:
                if before is not None and start >= before:
                    break
                starts.append(start)
                if len(starts) >= MAX_OCCURRENCES:
                    break
        return [
            Occurrence(self, s, s + length)
            for s in starts
            if (after is None or s + length > after) and (before is None or s < before)
        ]
