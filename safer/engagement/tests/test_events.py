"""Scheduling, publishing, repeating, cancelling and recording engagement events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.alerts.models import Kind, Message
from safer.engagement import actions
from safer.engagement.models import Concern, Event, EventKind, EventStatus
from safer.testing import create_event, create_neighbourhood, create_staff, create_subscriber, sign_in

TZ = timezone.get_current_timezone()


def fields(**overrides):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    data = {
        "kind": EventKind.VEHICLE,
        "title": "Engagement vehicle at the Market House",
        "address": "The Homend, Ledbury",
        "start": start,
        "end": start + dt.timedelta(hours=2),
    }
    data.update(overrides)
    return data


def test_it_records_how_far_ahead_an_event_was_published(team):
    event = actions.save_event(team.pcso, team.neighbourhood, fields(), publish=True)
    assert event.status == EventStatus.PUBLISHED
    assert event.published_at is not None
    assert event.notice_days is not None and 9.9 < event.notice_days < 10.1


def test_it_keeps_a_draft_off_the_public_pages_until_published(client, team):
    event = actions.save_event(team.pcso, team.neighbourhood, fields(), publish=False)
    assert event.published_at is None
    assert client.get(reverse("engagement:event", args=[event.pk])).status_code == 404
    actions.publish_event(team.pcso, event)
    assert client.get(reverse("engagement:event", args=[event.pk])).status_code == 200


def test_it_refuses_an_event_outside_the_accounts_scope(team):
    elsewhere = create_neighbourhood()
    with pytest.raises(PermissionDenied):
        actions.save_event(team.pcso, elsewhere, fields(), publish=True)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY;COUNT=3", "daily, weekly or monthly"),
        ("FREQ=WEEKLY", "how many times"),
        ("FREQ=WEEKLY;COUNT=x", "not valid"),
    ],
)
def test_it_rejects_a_repeat_rule_it_cannot_honour(team, rule, message):
    with pytest.raises(ValidationError, match=message):
        actions.save_event(team.pcso, team.neighbourhood, fields(rrule=rule), publish=True)
    assert not Event.objects.exists()


def test_it_repeats_a_weekly_surgery_at_the_same_local_time_across_the_clock_change(team):
    start = dt.datetime(2026, 10, 17, 10, 0, tzinfo=TZ)  # the clocks go back on 25 October
    event = create_event(
        team.neighbourhood, start=start, end=start + dt.timedelta(hours=2), rrule="FREQ=WEEKLY;COUNT=4"
    )
    sittings = event.occurrences()
    assert [timezone.localtime(o.start).strftime("%d %H:%M") for o in sittings] == [
        "17 10:00",
        "24 10:00",
        "31 10:00",
        "07 10:00",
    ]
    window = event.occurrences(
        after=dt.datetime(2026, 10, 25, tzinfo=TZ), before=dt.datetime(2026, 11, 1, tzinfo=TZ)
    )
    assert [o.start.date() for o in window] == [dt.date(2026, 10, 31)]


def test_it_cancels_and_tells_event_subscribers_through_alerts(team):
    create_subscriber([team.neighbourhood], email="resident@example.org")
    event = create_event(team.neighbourhood)
    cancelled = actions.cancel_event(team.pcso, event, "The square is closed.")
    assert cancelled.status == EventStatus.CANCELLED
    message = Message.objects.get()
    assert message.kind == Kind.EVENT
    assert "has been cancelled" in message.body and "The square is closed." in message.body
    assert list(message.neighbourhoods.all()) == [team.neighbourhood]
    assert f"Alert #{message.pk}" in cancelled.cancellation_notice
    assert AuditEvent.objects.filter(action="event.cancelled", object_id=str(event.pk)).exists()


def test_it_sends_no_notice_for_a_draft_nobody_saw(team):
    event = create_event(team.neighbourhood, status=EventStatus.DRAFT, published_at=None)
    cancelled = actions.cancel_event(team.pcso, event, "Double booked")
    assert not Message.objects.exists()
    assert cancelled.cancellation_notice.startswith("Not published")


def test_it_records_attendance_issues_and_concerns_afterwards(team):
    event = create_event(team.neighbourhood, start=timezone.now() - dt.timedelta(days=1))
    actions.record_outcome(
        team.pcso, event, 23, "Parking near the school", [("speeding", None), ("drugs", None)]
    )
    event.refresh_from_db()
    assert (event.attendance, event.issues_raised) == (23, "Parking near the school")
    assert sorted(Concern.objects.filter(event=event).values_list("category", flat=True)) == [
        "drugs",
        "speeding",
    ]


def post_event(client, slug, **overrides):
    day = timezone.localdate() + dt.timedelta(days=12)
    data = {
        "kind": "vehicle",
        "title": "Engagement vehicle in Ledbury",
        "address": "Market House, Ledbury",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "repeat": "",
        "publish": "on",
    }
    data.update(overrides)
    return client.post(reverse("engagement:staff-event-new", args=[slug]), data)


def test_it_lets_a_pcso_schedule_a_visit_from_the_staff_page(client, team):
    sign_in(client, team.pcso)
    response = post_event(
        client, team.neighbourhood.slug, attendees=[team.officer.pk], repeat="fortnightly", repeat_count="3"
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "engagement:staff-event", args=[event.pk]
    )
    assert event.rrule == "FREQ=WEEKLY;INTERVAL=2;COUNT=3"
    assert list(event.attendees.all()) == [team.officer]
    assert timezone.localtime(event.start).time() == dt.time(10, 0)
    assert len(event.occurrences()) == 3


def test_it_shows_errors_and_saves_nothing_for_bad_input(client, team):
    sign_in(client, team.pcso)
    response = post_event(client, team.neighbourhood.slug, title="", end_time="09:00")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_title"' in html and "The end time must be after the start time" in html
    assert not Event.objects.exists()


def test_it_does_not_find_another_teams_event_for_a_pcso(client, team):
    other = create_event(create_neighbourhood())
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[team.neighbourhood]))
    assert client.get(reverse("engagement:staff-event", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("engagement:staff-event-cancel", args=[other.pk]), {"reason": "x"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == EventStatus.PUBLISHED


def test_it_accepts_a_repeat_that_ends_on_a_utc_date(team):
    start = dt.datetime(2026, 10, 3, 9, 0, tzinfo=TZ)
    event = actions.save_event(
        team.pcso,
        team.neighbourhood,
        fields(start=start, end=start + dt.timedelta(hours=1), rrule="FREQ=WEEKLY;UNTIL=20261101T000000Z"),
        publish=False,
    )
    assert [o.start.day for o in event.occurrences()] == [3, 10, 17, 24, 31]
    assert all(timezone.localtime(o.start).hour == 9 for o in event.occurrences())
