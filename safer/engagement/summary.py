"""What the public neighbourhood page shows from this app: the next events, "you said, we did"
and the status of the team's station, each only where the neighbourhood has some.

The page's own neighbourhood query carries three EXISTS flags (`summary_flags`), so a team with
none of these costs no extra query. Otherwise the parts that exist are fetched (one small query
each) and cached per neighbourhood for a few minutes; the cache is dropped whenever one of the
team's events, priorities or stations is saved or deleted (signals below)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db.models import Exists, Model, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from safer.engagement.calendar import occurrences_between, public_events
from safer.engagement.models import Event, Priority, Station
from safer.places.models import Neighbourhood

EVENTS_SHOWN = 3
PRIORITIES_SHOWN = 3
CACHE_SECONDS = 300


def _key(neighbourhood_id: int) -> str:
    return f"engagement:summary:v1:{neighbourhood_id}"


AHEAD = dt.timedelta(days=90)


def _published_priorities() -> Any:
    return Priority.objects.filter(is_published=True, closed_on__isnull=True)


def summary_flags(now: dt.datetime | None = None) -> dict[str, Exists]:
    """Annotations for the page's Neighbourhood query: has it events, priorities, stations?"""
    now = now or timezone.now()
    events = public_events().filter(neighbourhood=OuterRef("pk"), start__lt=now + AHEAD)
    return {
        "has_events": Exists(events.filter(Q(end__gt=now) | ~Q(rrule=""))),
        "has_priorities": Exists(_published_priorities().filter(neighbourhood=OuterRef("pk"))),
        "has_stations": Exists(Station.objects.filter(neighbourhood=OuterRef("pk"))),
    }


def compute_summary(nb: Neighbourhood, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    summary: dict[str, Any] = {"upcoming_events": [], "you_said_we_did": [], "stations": []}
    if getattr(nb, "has_events", True):
        summary["upcoming_events"] = occurrences_between(public_events([nb.pk]), now, now + AHEAD)[
            :EVENTS_SHOWN
        ]
    if getattr(nb, "has_priorities", True):
        summary["you_said_we_did"] = list(_published_priorities().filter(neighbourhood=nb)[:PRIORITIES_SHOWN])
    if getattr(nb, "has_stations", True):
        summary["stations"] = list(Station.objects.filter(neighbourhood=nb))
    return summary


def neighbourhood_summary(nb: Neighbourhood) -> dict[str, Any]:
    if not any(getattr(nb, flag, True) for flag in ("has_events", "has_priorities", "has_stations")):
        return {"upcoming_events": [], "you_said_we_did": [], "stations": []}
    summary: dict[str, Any] | None = cache.get(_key(nb.pk))
    if summary is None:
        summary = compute_summary(nb)
        cache.set(_key(nb.pk), summary, CACHE_SECONDS)
    return summary


def forget(sender: type[Model], instance: Event | Priority | Station, **kwargs: Any) -> None:
    cache.delete(_key(instance.neighbourhood_id))


for _model in (Event, Priority, Station):
    post_save.connect(forget, sender=_model, dispatch_uid=f"engagement-summary-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"engagement-summary-delete-{_model.__name__}")
