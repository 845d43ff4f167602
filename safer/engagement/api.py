"""The data.police.uk `{force}/{neighbourhood}/events` and `.../priorities` methods, in police.uk's
exact shapes: every key present, local times as `YYYY-MM-DDTHH:MM:SS` with no offset, and the
priorities' hyphenated `issue-date` / `action-date` keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safer.engagement.calendar import occurrences_between
from safer.engagement.models import Event, EventStatus, Occurrence, Priority
from safer.lib.api import api_view, contact_details, json_response, or_null
from safer.places.lookups import get_neighbourhood
from safer.places.models import Neighbourhood

# How far ahead the events method looks: repeating events are listed once per sitting.
EVENTS_AHEAD_DAYS = 365


def local_stamp(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")


def date_stamp(value: dt.date | None) -> str | None:
    return f"{value:%Y-%m-%d}T00:00:00" if value else None


def event_item(occurrence: Occurrence, neighbourhood: Neighbourhood) -> dict[str, Any]:
    event = occurrence.event
    return {
        "contact_details": contact_details(email=neighbourhood.email, telephone=neighbourhood.telephone),
        "description": or_null(event.description),
        "title": event.title,
        "address": event.address,
        "type": event.policeuk_type,
        "start_date": local_stamp(occurrence.start),
        "end_date": local_stamp(occurrence.end),
    }


def priority_item(priority: Priority) -> dict[str, Any]:
    return {
        "action": or_null(priority.action),
        "issue-date": date_stamp(priority.issue_date),
        "action-date": date_stamp(priority.action_date),
        "issue": priority.issue,
    }


@api_view()
def events(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    nb = get_neighbourhood(force, neighbourhood)
    now = timezone.now()
    published = Event.objects.filter(neighbourhood=nb, status=EventStatus.PUBLISHED)
    found = occurrences_between(published, now, now + dt.timedelta(days=EVENTS_AHEAD_DAYS))
    return json_response([event_item(o, nb) for o in found])


@api_view()
def priorities(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    nb = get_neighbourhood(force, neighbourhood)
    published = Priority.objects.filter(neighbourhood=nb, is_published=True).order_by("-issue_date", "-pk")
    return json_response([priority_item(p) for p in published])
