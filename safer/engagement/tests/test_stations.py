"""Station A-board status: set by staff, logged and audited, shown on a public page and API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safer.accounts.models import AuditEvent
from safer.engagement import actions
from safer.engagement.models import OpeningHours, StationStatus, StationStatusChange
from safer.testing import create_neighbourhood, create_station, sign_in


def test_it_logs_and_audits_every_status_change(team):
    station = create_station(team.neighbourhood, name="Ledbury Police Station")
    actions.set_station_status(team.pcso, station, StationStatus.AVAILABLE_UNTIL, dt.time(16, 0))
    actions.set_station_status(team.pcso, station, StationStatus.CLOSED, note="Back tomorrow at 9")
    station.refresh_from_db()
    assert station.status_text == "Closed" and station.available_until is None
    history = list(StationStatusChange.objects.filter(station=station).values_list("status", "by"))
    assert history == [("closed", team.pcso.pk), ("available-until", team.pcso.pk)]
    audits = AuditEvent.objects.filter(action="station.status_changed", object_id=str(station.pk))
    assert audits.count() == 2
    assert audits[0].changes["status"] == ["available-until", "closed"]


def test_it_needs_a_time_for_available_until(team):
    station = create_station(team.neighbourhood)
    with pytest.raises(ValidationError):
        actions.set_station_status(team.pcso, station, StationStatus.AVAILABLE_UNTIL, None)
    assert not StationStatusChange.objects.exists()


def test_it_shows_the_status_on_the_public_page_and_api(client, team):
    station = create_station(team.neighbourhood, name="Ledbury Police Station", slug="ledbury")
    OpeningHours.objects.create(station=station, weekday=0, opens=dt.time(9), closes=dt.time(17))
    actions.set_station_status(team.pcso, station, StationStatus.AVAILABLE_UNTIL, dt.time(16, 0))
    html = client.get(reverse("engagement:stations")).content.decode()
    assert "Ledbury Police Station" in html and "Officers available until 16:00" in html
    page = client.get(reverse("engagement:station", args=["ledbury"])).content.decode()
    assert "Monday" in page and "09:00 to 17:00" in page
    [item] = json.loads(client.get(reverse("engagement:stations-json")).content)
    assert item["status"] == "available-until" and item["available_until"] == "16:00"
    assert item["opening_hours"] == [{"day": "Monday", "opens": "09:00", "closes": "17:00"}]
    assert team.neighbourhood.name in client.get(team.neighbourhood.get_absolute_url()).content.decode()
    assert (
        "Officers available until 16:00" in client.get(team.neighbourhood.get_absolute_url()).content.decode()
    )


def test_it_lets_staff_set_the_status_and_rejects_a_missing_time(client, team):
    station = create_station(team.neighbourhood)
    sign_in(client, team.pcso)
    url = reverse("engagement:staff-station", args=[station.pk])
    bad = client.post(url, {"status": "available-until", "available_until": ""})
    assert bad.status_code == 200 and "Enter until what time officers are available" in bad.content.decode()
    assert not StationStatusChange.objects.exists()
    good = client.post(url, {"status": "open", "status_note": ""})
    assert good.status_code == 302
    station.refresh_from_db()
    assert station.status == "open"


def test_it_lists_the_teams_stations_as_police_uk_locations_in_two_queries(
    client, team, django_assert_max_num_queries
):
    nb = team.neighbourhood
    create_station(
        nb,
        name="Ledbury Police Station",
        address="Police Station, Worcester Road, Ledbury, hr8 1pl",
        latitude=52.0372,
        longitude=-2.4237,
    )
    create_station(nb, name="Bromyard Front Counter", address="Market Square, Bromyard")
    create_station(create_neighbourhood(force=nb.force), name="Elsewhere Police Station")
    with django_assert_max_num_queries(2):
        body = client.get(f"/api/{nb.force.slug}/{nb.code}").json()
    assert body["locations"] == [
        {
            "name": "Bromyard Front Counter",
            "longitude": None,
            "postcode": None,
            "address": "Market Square, Bromyard",
            "latitude": None,
            "type": "station",
            "description": None,
        },
        {
            "name": "Ledbury Police Station",
            "longitude": "-2.423700",
            "postcode": "HR8 1PL",
            "address": "Police Station, Worcester Road, Ledbury, hr8 1pl",
            "latitude": "52.037200",
            "type": "station",
            "description": None,
        },
    ]
    assert list(body["locations"][0]) == [
        "name",
        "longitude",
        "postcode",
        "address",
        "latitude",
        "type",
        "description",
    ]
