"""Engagement's part of "today" (safer/lib/today.py): events today and tomorrow, the stations whose
status this person set and when it lapses, and for supervisors overdue letters and priorities due
a review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.engagement.models import Correspondence, Event, Priority, Station, StationStatusChange
from safer.engagement.models.events import EventStatus
from safer.engagement.models.stations import StationStatus
from safer.lib.today import LIMIT, Item, Section, section, shorten


def _events(user: Any, now: dt.datetime) -> Section:
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time()))
    end = start + dt.timedelta(days=2)
    events = scopes.in_scope(
        user, Event.objects.exclude(status=EventStatus.CANCELLED), "neighbourhood"
    ).select_related("neighbourhood")
    candidates = events.filter(start__lt=end).filter(Q(end__gt=start) | ~Q(rrule=""))
    sittings = sorted(
        (o for event in candidates[:200] for o in event.occurrences(after=start, before=end)),
        key=lambda o: o.start,
    )
    items = [
        Item(
            title=f"{o.event.title}, {o.event.neighbourhood.name}",
            url=reverse("engagement:staff-event", args=[o.event.pk]),
            action="Open",
            text=shorten(o.event.address, 120)
            + ("" if o.event.status == EventStatus.PUBLISHED else " (draft: not yet published)"),
            when=o.start,
            when_label="Starts",
        )
        for o in sittings[:LIMIT]
    ]
    return Section(
        key="events",
        heading="Events today and tomorrow",
        items=items,
        total=len(sittings),
        more_url=reverse("engagement:staff-events"),
        empty="No events today or tomorrow.",
        counted=False,
    )


def _stations(user: Any, now: dt.datetime) -> Section:
    changes = StationStatusChange.objects.filter(station=OuterRef("pk")).order_by("-at", "-id")
    last_by = changes.values("by")[:1]
    stations = (
        scopes.in_scope(user, Station.objects.exclude(status=StationStatus.CLOSED), "neighbourhood")
        .annotate(last_set_by=Subquery(last_by))
        .filter(last_set_by=user.pk)
    )
    rows = [s for s in stations[:50] if s.status_is_current(now)]
    items = [
        Item(
            title=f"{s.name}: {s.set_status_text}",
            url=reverse("engagement:staff-station", args=[s.pk]),
            action="Change",
            text=s.status_note,
            when=s.status_ends_at(),
            when_label="Status lapses",
        )
        for s in rows[:LIMIT]
    ]
    return Section(
        key="stations",
        heading="Station statuses you set",
        items=items,
        total=len(rows),
        empty="No station is showing a status you set.",
        counted=False,
    )


def _letters(user: Any, today: dt.date) -> Section:
    overdue = scopes.in_scope(
        user, Correspondence.objects.filter(replied_on__isnull=True, reply_due__lt=today), "neighbourhood"
    ).select_related("neighbourhood")
    return section(
        "letters-overdue",
        "Letters and emails overdue a reply",
        overdue.order_by("reply_due", "pk"),
        lambda c: Item(
            title=f"{c.subject} ({c.neighbourhood.name})",
            url=reverse("engagement:staff-correspondence-item", args=[c.pk]),
            action="Reply",
            text=f"From {c.writer_name}",
            when=c.reply_due,
            when_label="Reply was due",
            overdue=True,
        ),
        more_url=reverse("engagement:staff-correspondence"),
        empty="No letters or emails are overdue a reply.",
    )


def _reviews(user: Any, today: dt.date) -> Section:
    cutoff = today - relativedelta(months=3)
    due = scopes.in_scope(
        user,
        Priority.objects.filter(closed_on__isnull=True, issue_date__lt=cutoff)
        .filter(Q(action_date__isnull=True) | Q(action_date__lt=cutoff))
        .filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lt=cutoff)),
        "neighbourhood",
    ).select_related("neighbourhood")
    return section(
        "priority-reviews",
        "Priorities due a review",
        due.order_by("issue_date", "pk"),
        lambda p: Item(
            title=f"{p.neighbourhood.name}: {shorten(p.issue, 80)}",
            url=reverse("engagement:staff-priority-edit", args=[p.neighbourhood.slug, p.pk]),
            action="Review",
            when=p.last_reviewed,
            when_label="Last reviewed",
        ),
        more_url=reverse("engagement:staff-priorities"),
        empty="No priority is due a review.",
    )


def _patrol_log() -> Section:
    """The patrol log, one tap away: the next tap records a patrol of a named hot spot or key place
    (the charter's hot-spot patrol share is counted from these)."""
    item = Item(
        title="Log a patrol of a hot spot or key place",
        url=reverse("engagement:staff-patrols"),
        action="Log a patrol",
    )
    return Section(key="engagement-patrols", heading="Patrols", items=[item], total=1, counted=False)


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if not scopes.has_role(user, scopes.TEAM_EDITORS):
        return []
    today = timezone.localdate(now)
    found: list[Section] = []
    if not counting:
        found += [_events(user, now), _stations(user, now)]
        if scopes.has_role(user, scopes.PATROL_LOGGERS):
            found.append(_patrol_log())
    if scopes.has_role(user, scopes.SUPERVISORS):
        found += [_letters(user, today), _reviews(user, today)]
    return found
