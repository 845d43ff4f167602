"""A repeating event's page leads with its next sitting, not the first (long past) one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safer.testing import create_event


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_a_weekly_event_shows_its_next_date_first(client, team):
    today = timezone.localdate()
    first = _local(today - dt.timedelta(days=27), 10)  # four sittings ago
    event = create_event(
        team.neighbourhood, start=first, end=first + dt.timedelta(hours=1), rrule="FREQ=WEEKLY;COUNT=10"
    )
    page = client.get(event.get_absolute_url()).content.decode()

    upcoming = event.occurrences(after=timezone.now())
    next_start = timezone.localtime(upcoming[0].start)
    assert next_start > timezone.now()
    assert f'<time datetime="{next_start.isoformat()}">' in page
    assert f"{next_start:%A} {next_start.day} {next_start:%B %Y}" in page
    assert f"{first:%A} {first.day} {first:%B %Y}" not in page
    following = timezone.localtime(upcoming[1].start)
    assert f"Then: {following.day} {following:%b}" in page


def test_a_one_off_event_shows_its_own_date(client, team):
    event = create_event(team.neighbourhood)
    start = timezone.localtime(event.start)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f"{start:%A} {start.day} {start:%B %Y}" in page


def test_a_series_that_has_ended_shows_its_dates_and_says_so(client, team):
    first = _local(timezone.localdate() - dt.timedelta(days=60), 10)
    event = create_event(
        team.neighbourhood, start=first, end=first + dt.timedelta(hours=1), rrule="FREQ=WEEKLY;COUNT=2"
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "No later dates" in page
