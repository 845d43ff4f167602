"""Engagement events: create, publish and cancel them (a cancelled public event sends a notice to
the neighbourhood's event subscribers through alerts), their repeat rules, and the outcome after."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.actions.surveys import record_concern
from safer.engagement.models import (
    ConcernSource,
    Event,
    EventStatus,
)
from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Person

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")


def validate_rrule(rule: str, start: dt.datetime) -> str:
    """An RFC 5545 RRULE the app can expand: daily, weekly or monthly, ending by a count or a date
    (an UNTIL in UTC, e.g. 20261231T235959Z, as RFC 5545 requires with a zoned start)."""
    rule = rule.strip().upper().removeprefix("RRULE:")
    if not rule:
        return ""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError("A repeating event must repeat daily, weekly or monthly.")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise ValidationError("Say how many times the event repeats, or until when.")
    try:
        rrulestr(rule, dtstart=timezone.localtime(start))
    except (ValueError, TypeError):
        raise ValidationError("That repeat rule is not valid.")
    return rule


def _stamp_published(event: Event, now: dt.datetime) -> None:
    event.status = EventStatus.PUBLISHED
    event.published_at = now
    # The gap is kept as it was when published: moving the event later must not rewrite history.
    event.notice_days = round((event.start - now).total_seconds() / 86400, 2)


def save_event(
    user: User,
    neighbourhood: Neighbourhood,
    fields: Mapping[str, Any],
    *,
    attendees: Iterable[Person] = (),
    publish: bool = False,
    event: Event | None = None,
) -> Event:
    """Create or change an event; `publish` puts it on the public pages, feeds and the API now."""
    check_team(user, neighbourhood)
    with transaction.atomic():
        event = event or Event(neighbourhood=neighbourhood, created_by=_actor(user))
        if event.status == EventStatus.CANCELLED:
            raise ValidationError("A cancelled event cannot be changed.")
        for name, value in fields.items():
            setattr(event, name, value)
        if event.end <= event.start:
            raise ValidationError("The end must be after the start.")
        event.rrule = validate_rrule(event.rrule, event.start)
        if publish and event.status == EventStatus.DRAFT:
            _stamp_published(event, timezone.now())
        event.full_clean(exclude=["created_by", "attendees"])
        event.save()
        event.attendees.set(list(attendees))
    return event


def publish_event(user: User, event: Event) -> Event:
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        if event.status == EventStatus.DRAFT:
            _stamp_published(event, timezone.now())
            event.save(update_fields=["status", "published_at", "notice_days"])
    return event


def _notify_subscribers(user: User, event: Event) -> str:
    """Tell the neighbourhood's event subscribers through Neighbourhood Matters; returns what happened."""
    from safer.alerts import actions as alerts
    from safer.alerts.models import Kind, MessageStatus, Target, Urgency

    when = timezone.localtime(event.start)
    body = (
        f"{event.title} on {when:%A %-d %B %Y at %H:%M}, at {event.address}, has been cancelled."
        + (f" Reason: {event.cancellation_reason}" if event.cancellation_reason else "")
        + " We are sorry for any inconvenience."
    )
    draft = alerts.Draft(
        title=f"Cancelled: {event.title}"[:200],
        body=body,
        kind=Kind.EVENT,
        urgency=Urgency.NORMAL,
        target=Target.NEIGHBOURHOODS,
        neighbourhoods=[event.neighbourhood],
    )
    try:
        message = alerts.submit(user, alerts.save_draft(user, draft))
    except alerts.ScopeError as error:
        return f"Not sent: {error}"[:200]
    if message.status == MessageStatus.AWAITING_APPROVAL:
        return f"Alert #{message.pk} written to event subscribers, waiting for a supervisor's approval"
    return f"Alert #{message.pk} sent to event subscribers"


def cancel_event(user: User, event: Event, reason: str) -> Event:
    """Cancel, keep it listed as cancelled, and send a notice to those subscribed to events."""
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("neighbourhood").get(pk=event.pk)
        if event.status == EventStatus.CANCELLED:
            raise ValidationError("This event is already cancelled.")
        was_public = event.status == EventStatus.PUBLISHED
        event.status = EventStatus.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancellation_reason = reason.strip()[:300]
        # A draft nobody saw needs no notice.
        event.cancellation_notice = (
            _notify_subscribers(user, event) if was_public else "Not published, so no notice was needed"
        )
        event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "cancellation_notice"])
        audit.record(
            user, "event.cancelled", event, {"status": ["published" if was_public else "draft", "cancelled"]}
        )
    return event


def record_outcome(
    user: User,
    event: Event,
    attendance: int | None,
    issues_raised: str,
    concerns: Iterable[tuple[str, Parish | None]] = (),
) -> Event:
    """After the event: how many came, the issues they raised, and each concern recorded."""
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        event.attendance = attendance
        event.issues_raised = issues_raised.strip()
        event.save(update_fields=["attendance", "issues_raised"])
        for category, parish in concerns:
            record_concern(
                user,
                event.neighbourhood,
                category=category,
                source=ConcernSource.DROP_IN,
                parish=parish or event.parish,
                event=event,
            )
    return event
