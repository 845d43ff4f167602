"""Contract tests: every endpoint answers with data.police.uk's exact keys, key order and JSON types,
compared against real API examples (tests/fixtures, see LICENCE.md there)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from safer.policeuk.tests.conftest import INSIDE, WestMercia, fixture

pytestmark = pytest.mark.django_db

# Keys police.uk's contact_details may carry (PoliceDataKit's ContactDetails, plus police-api-client's).
CONTACT_KEYS = {
    "email", "telephone", "mobile", "fax", "web", "website", "address", "facebook", "twitter",
    "youtube", "myspace", "bebo", "flickr", "forum", "blog", "rss", "google-plus", "e-messaging",
}  # fmt: skip


def json_type(value: Any) -> str:
    return {
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        list: "array",
        dict: "object",
    }.get(type(value), "null")


def assert_same_shape(ours: Any, theirs: Any, where: str = "$") -> None:
    """Same keys in the same order, and the same JSON type for each value; a value police.uk
    sends as null may be a string on our side and the other way round (bio, description...)."""
    kinds = {json_type(ours), json_type(theirs)}
    assert len(kinds) == 1 or kinds == {"string", "null"}, f"{where}: {ours!r} vs {theirs!r}"
    if where.endswith(".contact_details"):
        # An open object: only the keys that are set, all strings, from police.uk's known set.
        assert set(ours) <= CONTACT_KEYS and set(theirs) <= CONTACT_KEYS, where
        assert all(isinstance(v, str) and v for v in ours.values()), where
        return
    if isinstance(ours, dict) and isinstance(theirs, dict):
        assert list(ours) == list(theirs), f"{where}: keys {list(ours)} vs {list(theirs)}"
        for key in ours:
            assert_same_shape(ours[key], theirs[key], f"{where}.{key}")
    elif isinstance(ours, list) and isinstance(theirs, list) and ours and theirs:
        for i, item in enumerate(ours):
            assert_same_shape(item, theirs[0], f"{where}[{i}]")


def get_json(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=300"
    return response.json()


def test_it_lists_forces_as_police_uk_does(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/forces")
    assert body == [{"id": "west-mercia", "name": "West Mercia Police"}]
    assert_same_shape(body[0], fixture("police-force-reference"))


def test_it_describes_a_force_as_police_uk_does(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/forces/west-mercia")
    theirs = fixture("police-force")
    # police.uk's own example orders the method keys title, url, description; the docs say url,
    # description, title: compare the key sets there and everything else exactly.
    ours_methods, their_methods = body.pop("engagement_methods"), theirs.pop("engagement_methods")
    assert_same_shape(body, theirs)
    assert ours_methods == [
        {"url": "https://www.facebook.com/westmerciapolice", "description": "Follow us", "title": "Facebook"},
        {"url": "", "description": "101", "title": "telephone"},
    ]
    for method in ours_methods:
        assert_same_shape(method, fixture("engagement-method"))
        assert set(method) == set(their_methods[0])
    assert body["telephone"] == "101"
    assert body["id"] == "west-mercia"


def test_it_lists_a_forces_senior_officers(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/forces/west-mercia/people")
    assert body == [
        {
            "bio": "Inspector for the city.",
            "contact_details": {"email": west_mercia.inspector.work_email, "mobile": "07700 900123"},
            "name": "Imogen Hale",
            "rank": "Inspector",
        }
    ]
    assert_same_shape(body[0], fixture("police-officer"))


def test_it_lists_a_forces_neighbourhoods(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/west-mercia/neighbourhoods")
    # Sorted by name, like police.uk; ids with spaces and dots are sent as they are.
    assert body == [
        {"id": "55.CB 3001", "name": "Malvern Link"},
        {"id": "worcester-city-centre", "name": "Worcester City Centre"},
    ]
    for item in body:
        assert_same_shape(item, fixture("neighbourhood-reference"))


def test_it_describes_a_neighbourhood_as_police_uk_does(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/west-mercia/worcester-city-centre")
    theirs = fixture("neighbourhood")
    assert list(body) == list(theirs)
    assert_same_shape(body, theirs)
    assert body["contact_details"] == {
        "email": "worcester.snt@example.police.uk",
        "telephone": "01905 000000",
    }
    assert body["id"] == "worcester-city-centre"
    assert body["name"] == "Worcester City Centre"
    assert body["population"] == "12500"
    assert body["description"] == "<p>The city centre, the cathedral and the riverside.</p>"
    assert body["links"] == [] and body["locations"] == []
    # No force page recorded: our own public team page stands in.
    assert body["url_force"] == settings.SITE_URL + reverse(
        "web:neighbourhood", args=["worcester-city-centre"]
    )
    lat, lng = float(body["centre"]["latitude"]), float(body["centre"]["longitude"])
    assert 52.188 <= lat <= 52.199 and -2.23 <= lng <= -2.21
    assert len(body["centre"]["latitude"].split(".")[1]) == 6


def test_it_sends_every_neighbourhood_key_even_when_unknown(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/west-mercia/55.CB%203001")
    assert list(body) == list(fixture("neighbourhood"))
    assert body["contact_details"] == {}
    assert body["description"] is None
    assert body["population"] == "0"


def test_it_traces_a_boundary_as_police_uk_does(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/west-mercia/worcester-city-centre/boundary")
    theirs = fixture("neighbourhood-boundary")
    assert_same_shape(body, theirs)
    # A box: four corners and the closing point, at police.uk's 10 decimal places.
    assert len(body) == 5 and body[0] == body[-1]
    corners = {(p["latitude"], p["longitude"]) for p in body}
    assert ("52.1880000000", "-2.2300000000") in corners
    assert ("52.1990000000", "-2.2100000000") in corners
    for point in body:
        assert set(point) == {"latitude", "longitude"}
        assert all(len(v.split(".")[1]) == 10 for v in point.values())


def test_it_lists_a_neighbourhood_team_in_page_order(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/west-mercia/worcester-city-centre/people")
    assert [(p["name"], p["rank"]) for p in body] == [
        ("Imogen Hale", "Inspector"),
        ("Sanjay Patel", "Sgt"),
        ("Priya Clarke", "PC"),
        ("Owen Ward", "PCSO"),
    ]
    for person in body:
        assert_same_shape(person, fixture("police-officer"))
        assert_same_shape(person, fixture("police-officer-nulls"))
    # Only the details that are set, and no empty bio.
    assert body[1]["bio"] is None
    assert body[2]["contact_details"] == {"email": west_mercia.pc.work_email}
    assert body[3]["contact_details"] == {"mobile": "07700 900123"}


def test_it_locates_the_neighbourhood_for_a_point(client: Client, west_mercia: WestMercia) -> None:
    body = get_json(client, "/api/locate-neighbourhood?q={},{}".format(*INSIDE))
    assert body == {"force": "west-mercia", "neighbourhood": "worcester-city-centre"}
    assert_same_shape(body, fixture("neighbourhood-policing-team"))
