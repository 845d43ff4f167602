"""Upcoming sittings of events, the iCalendar (RFC 5545) feeds built from them, and quarters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.db.models import Q, QuerySet
from django.utils import timezone

from safer.engagement.models import Event, EventStatus, Occurrence

TZID = "Europe/London"
PRODID = "-//Safer Neighbourhoods//Engagement events//EN"


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter holding `day`: (first day, last day)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    end_month = first_month + 2
    next_first = dt.date(start.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_first - dt.timedelta(days=1)


def public_events(neighbourhoods: Iterable[int] | QuerySet | None = None) -> QuerySet[Event]:
    """Published and cancelled events (a cancellation stays visible so people know)."""
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if neighbourhoods is not None:
        events = events.filter(neighbourhood__in=neighbourhoods)
    return events


def events_live_between(events: QuerySet[Event], after: dt.datetime, before: dt.datetime) -> QuerySet[Event]:
    """Events that may have a sitting in [after, before): repeating ones are checked in Python."""
    return events.filter(start__lt=before).filter(Q(end__gt=after) | ~Q(rrule=""))


def occurrences_between(
    events: QuerySet[Event], after: dt.datetime, before: dt.datetime, *, include_cancelled: bool = True
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for event in events_live_between(events, after, before):
        if not include_cancelled and event.status == EventStatus.CANCELLED:
            continue
        found.extend(event.occurrences(after, before))
    found.sort(key=lambda o: (o.start, o.event.pk))
    return found


def upcoming(events: QuerySet[Event], *, limit: int = 10, days: int = 120) -> list[Occurrence]:
    now = timezone.now()
    return occurrences_between(events, now, now + dt.timedelta(days=days))[:limit]


def _vevent(event: Event, stamp: dt.datetime) -> icalendar.Event:
    tz = timezone.get_current_timezone()
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@safer-neighbourhoods")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.start.astimezone(tz))
    vevent.add("dtend", event.end.astimezone(tz))
    vevent.add("summary", event.title)
    vevent.add("location", event.address)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", (event.latitude, event.longitude))
    description = event.description
    if event.status == EventStatus.CANCELLED:
        vevent.add("status", "CANCELLED")
        description = f"Cancelled: {event.cancellation_reason}\n\n{description}".strip()
    else:
        vevent.add("status", "CONFIRMED")
    if description:
        vevent.add("description", description)
    vevent.add("categories", [event.get_kind_display()])
    if event.rrule:
        vevent.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    if event.published_at:
        vevent.add("created", event.published_at)
    return vevent


def feed(events: QuerySet[Event], name: str, *, past_days: int = 90) -> bytes:
    """An iCalendar feed of the events: those still to come, repeating ones whose rule is still
    running, and the last few months' for context."""
    since = timezone.now() - dt.timedelta(days=past_days)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    stamp = timezone.now()
    chosen = [e for e in events.filter(Q(end__gte=since) | ~Q(rrule="")) if e.occurrences(after=since)]
    for event in chosen:
        cal.add_component(_vevent(event, stamp))
    # The Europe/London VTIMEZONE, so clients that do not know the zone's name still place times.
    cal.add_missing_timezones()
    return cal.to_ical()
