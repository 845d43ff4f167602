from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from safer.crime.importers import import_path
from safer.crime.models import Crime, CrimeLocation
from safer.testing import create_force

DATA = Path(__file__).resolve().parent.parent / "data"
JAN = DATA / "2019-01-west-mercia-street.csv"
WORCESTER = (52.19, -2.22)
REAL_KEYS = [
    "category",
    "location_type",
    "location",
    "context",
    "outcome_status",
    "persistent_id",
    "id",
    "location_subtype",
    "month",
]


def csv_rows() -> list[dict[str, str]]:
    with JAN.open(newline="") as f:
        return list(csv.DictReader(f))


def miles_from(lat: float, lng: float, lat0: float, lng0: float) -> float:
    p, q = math.radians(lat0), math.radians(lat)
    h = math.sin((q - p) / 2) ** 2 + math.cos(p) * math.cos(q) * math.sin(math.radians(lng - lng0) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h)) / 1609.344


@pytest.fixture
def january(db: None) -> None:
    create_force()
    import_path(JAN)


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_it_answers_crimes_street_for_a_point_in_the_real_shape(client: Client, january: None) -> None:
    data = get(client, "/api/crimes-street/all-crime?lat=52.19&lng=-2.22&date=2019-01")
    expected = [
        r
        for r in csv_rows()
        if r["Latitude"] and miles_from(float(r["Latitude"]), float(r["Longitude"]), *WORCESTER) <= 1
    ]
    assert len(data) == len(expected) > 300
    first = data[0]
    assert list(first) == REAL_KEYS
    assert isinstance(first["location"]["latitude"], str) and isinstance(
        first["location"]["street"]["id"], int
    )
    assert first["location"]["street"]["name"].startswith("On or near")
    asb = next(c for c in data if c["category"] == "anti-social-behaviour")
    assert asb["outcome_status"] is None and asb["persistent_id"] == ""
    crime = next(c for c in data if c["outcome_status"])
    assert crime["outcome_status"]["date"] == "2019-01" and len(crime["persistent_id"]) == 64
    burglary = get(client, "/api/crimes-street/burglary?lat=52.19&lng=-2.22&date=2019-01")
    assert {c["category"] for c in burglary} == {"burglary"}
    assert len(burglary) == sum(1 for r in expected if r["Crime type"] == "Burglary")


def test_it_accepts_a_polygon_by_get_and_by_post_and_refuses_more_than_10000(
    client: Client, january: None
) -> None:
    poly = "52.17,-2.26:52.21,-2.26:52.21,-2.19:52.17,-2.19"
    by_get = get(client, f"/api/crimes-street/all-crime?poly={poly}&date=2019-01")
    response = client.post("/api/crimes-street/all-crime", {"poly": poly, "date": "2019-01"})
    assert response.status_code == 200
    assert json.loads(response.content) == by_get
    inside = [
        r
        for r in csv_rows()
        if r["Latitude"] and 52.17 < float(r["Latitude"]) < 52.21 and -2.26 < float(r["Longitude"]) < -2.19
    ]
    assert len(by_get) == len(inside) > 100
    everything = "50,-4:55,-4:55,1:50,1"
    refused = client.post("/api/crimes-street/all-crime", {"poly": everything, "date": "2019-01"})
    assert refused.status_code == 503 and refused["Content-Type"] == "application/json"
    assert client.get("/api/crimes-street/all-crime?poly=1,2:3&date=2019-01").status_code == 400
    assert client.get("/api/crimes-street/jaywalking?lat=52.19&lng=-2.22").status_code == 404
    assert client.get("/api/crimes-street/all-crime?lat=52.19&lng=-2.22&date=2019-13").status_code == 400


def test_it_answers_at_location_no_location_categories_and_dates(client: Client, january: None) -> None:
    location = CrimeLocation.objects.filter(name="On or near Supermarket").first()
    assert location is not None
    at = get(client, f"/api/crimes-at-location?location_id={location.id}&date=2019-01")
    assert len(at) == Crime.objects.filter(location=location).count() > 0
    assert {c["location"]["street"]["id"] for c in at} == {location.id}
    nearest = get(
        client, f"/api/crimes-at-location?lat={location.latitude}&lng={location.longitude}&date=2019-01"
    )
    assert {c["location"]["street"]["id"] for c in nearest} == {location.id}
    no_location = get(client, "/api/crimes-no-location?category=all-crime&force=west-mercia&date=2019-01")
    assert len(no_location) == 17
    assert all(
        c["location"] is None and c["location_type"] is None and c["location_subtype"] == ""
        for c in no_location
    )
    assert client.get("/api/crimes-no-location?force=nowhere&date=2019-01").status_code == 404
    categories = get(client, "/api/crime-categories?date=2019-01")
    assert categories[0] == {"url": "all-crime", "name": "All crime"}
    assert {"url": "violent-crime", "name": "Violence and sexual offences"} in categories
    assert get(client, "/api/crimes-street-dates") == [{"date": "2019-01", "stop-and-search": []}]
    assert get(client, "/api/crime-last-updated") == {"date": "2019-01-01"}
    # without a date, the latest month is served
    assert len(get(client, "/api/crimes-street/all-crime?lat=52.19&lng=-2.22")) > 300


def test_it_answers_outcomes_for_a_crime_and_at_a_location(
    client: Client, january: None, tmp_path: Path
) -> None:
    crime = Crime.objects.exclude(persistent_id="").exclude(location=None).first()
    assert crime is not None and crime.location is not None
    history = get(client, f"/api/outcomes-for-crime/{crime.persistent_id}")
    assert list(history) == ["crime", "outcomes"]
    assert (
        history["crime"]["persistent_id"] == crime.persistent_id and "outcome_status" not in history["crime"]
    )
    assert history["outcomes"][0]["category"]["name"] == crime.outcome_category
    header = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
        "Outcome type\n"
    )
    row = (
        f"{crime.persistent_id},2019-02,West Mercia Police,West Mercia Police,"
        f"{crime.location.longitude:.6f},{crime.location.latitude:.6f},{crime.location.name},"
        f"{crime.lsoa_code},{crime.lsoa_name},Suspect charged\n"
    )
    (tmp_path / "2019-02-west-mercia-outcomes.csv").write_text(header + row)
    import_path(tmp_path)
    history = get(client, f"/api/outcomes-for-crime/{crime.persistent_id}")
    assert history["outcomes"] == [
        {"category": {"code": "charged", "name": "Suspect charged"}, "date": "2019-02", "person_id": None}
    ]
    outcomes = get(client, f"/api/outcomes-at-location?location_id={crime.location.id}&date=2019-02")
    assert [o["crime"]["persistent_id"] for o in outcomes] == [crime.persistent_id]
    assert list(outcomes[0]) == ["category", "date", "person_id", "crime"]
    street = get(
        client,
        f"/api/crimes-street/all-crime?lat={crime.location.latitude}&lng={crime.location.longitude}&date=2019-01",
    )
    mine = next(c for c in street if c["id"] == crime.id)
    assert mine["outcome_status"] == {"category": crime.outcome_category, "date": "2019-02"}
    assert client.get("/api/outcomes-for-crime/" + "0" * 64).status_code == 404
