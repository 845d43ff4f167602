"""iCalendar feeds (parsed back by a calendar library) and the police.uk events and priorities
methods in police.uk's exact shape (checked by key order, and by a real police.uk client)."""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import police_api
import pytest
from django.utils import timezone

from safer.engagement.models import EventStatus
from safer.testing import create_event, create_neighbourhood, create_priority

TZ = timezone.get_current_timezone()


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_it_publishes_a_neighbourhood_feed_a_calendar_library_reads_back(client, team):
    start = (
        (timezone.now() + dt.timedelta(days=3))
        .astimezone(TZ)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    visit = create_event(
        team.neighbourhood, start=start, title="Vehicle at the Market House", latitude=52.03, longitude=-2.42
    )
    create_event(team.neighbourhood, title="Draft visit", status=EventStatus.DRAFT, published_at=None)
    cal = calendar(client, f"/engagement/{team.neighbourhood.slug}/events.ics")
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Vehicle at the Market House"]
    event = events[0]
    assert event.decoded("DTSTART") == start
    assert str(event["UID"]) == f"event-{visit.pk}@safer-neighbourhoods"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert (event["GEO"].latitude, event["GEO"].longitude) == (52.03, -2.42)
    assert cal.walk("VTIMEZONE"), "the feed carries its time zone definition"


def test_it_puts_the_repeat_rule_and_cancellations_in_the_feed(client, team):
    start = timezone.now().astimezone(TZ).replace(microsecond=0) + dt.timedelta(days=1)
    create_event(team.neighbourhood, title="Weekly surgery", start=start, rrule="FREQ=WEEKLY;COUNT=4")
    create_event(
        team.neighbourhood, title="Drop-in", status=EventStatus.CANCELLED, cancellation_reason="Flooded"
    )
    cal = calendar(client, f"/engagement/{team.neighbourhood.slug}/events.ics")
    by_title = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    rule = by_title["Weekly surgery"]["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [4]
    assert str(by_title["Drop-in"]["STATUS"]) == "CANCELLED"
    assert "Flooded" in str(by_title["Drop-in"]["DESCRIPTION"])


def test_it_publishes_an_area_feed_with_every_team_in_the_area(client, team):
    create_event(team.neighbourhood, title="Ledbury visit")
    create_event(create_neighbourhood(area=team.area), title="Malvern visit")
    create_event(create_neighbourhood(), title="Elsewhere visit")
    cal = calendar(client, f"/engagement/areas/{team.area.slug}/events.ics")
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == ["Ledbury visit", "Malvern visit"]


def test_it_answers_the_events_method_in_police_uks_shape(client, team):
    start = dt.datetime.combine(timezone.localdate() + dt.timedelta(days=2), dt.time(18, 30), tzinfo=TZ)
    create_event(
        team.neighbourhood,
        title="Beat meeting",
        kind="beat-meeting",
        start=start,
        rrule="FREQ=WEEKLY;COUNT=2",
    )
    create_event(team.neighbourhood, title="Cancelled", status=EventStatus.CANCELLED)
    response = client.get(f"/api/west-mercia/{team.neighbourhood.code}/events")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    items = json.loads(response.content)
    assert [list(i) for i in items] == [
        ["contact_details", "description", "title", "address", "type", "start_date", "end_date"]
    ] * 2
    first, second = items
    assert first["start_date"] == start.strftime("%Y-%m-%dT18:30:00")
    assert second["start_date"] == (start + dt.timedelta(weeks=1)).strftime("%Y-%m-%dT18:30:00")
    assert first["end_date"] == start.strftime("%Y-%m-%dT20:30:00")
    assert first["type"] == "meeting" and first["description"] is None
    assert first["contact_details"] == {"email": "ledbury@example.org"}


def test_it_answers_the_priorities_method_in_police_uks_shape(client, team):
    create_priority(team.neighbourhood, issue="Speeding", issue_date=dt.date(2026, 9, 1), is_published=True)
    create_priority(
        team.neighbourhood,
        issue="Drugs",
        issue_date=dt.date(2026, 10, 1),
        action="Two warrants",
        action_date=dt.date(2026, 10, 20),
        is_published=True,
    )
    create_priority(team.neighbourhood, issue="Not yet published", issue_date=dt.date(2026, 11, 1))
    items = json.loads(client.get(f"/api/west-mercia/{team.neighbourhood.code}/priorities").content)
    assert items == [
        {
            "action": "Two warrants",
            "issue-date": "2026-10-01T00:00:00",
            "action-date": "2026-10-20T00:00:00",
            "issue": "Drugs",
        },
        {"action": None, "issue-date": "2026-09-01T00:00:00", "action-date": None, "issue": "Speeding"},
    ]
    assert list(items[0]) == ["action", "issue-date", "action-date", "issue"]


def test_it_answers_404_for_an_unknown_neighbourhood(client, team):
    for method in ("events", "priorities"):
        response = client.get(f"/api/west-mercia/NOPE/{method}")
        assert response.status_code == 404 and json.loads(response.content)["status"] == 404


@pytest.mark.django_db(transaction=True)
def test_it_serves_police_api_client(live_server, team):
    create_event(
        team.neighbourhood, title="Drop In Beat Surgery", kind="surgery", description="Tea and advice"
    )
    create_priority(team.neighbourhood, issue="Speeding", is_published=True)
    api = police_api.PoliceAPI(base_url=live_server.url + "/api/", timeout=10)
    nb = api.get_neighbourhood("west-mercia", team.neighbourhood.code)
    [event] = nb.events
    assert (event.title, event.type, event.description) == (
        "Drop In Beat Surgery",
        "meeting",
        "Tea and advice",
    )
    assert isinstance(event.start_date, dt.datetime)
    [priority] = nb.priorities
    assert priority.issue == "Speeding" and priority.action is None
