"""Staff target a message by a postcode and a radius, and see the shape on its page's map."""

from __future__ import annotations

import json
import re

import pytest
import shapely
from django.test import Client

from safer.accounts.models import Role
from safer.alerts.models import Message
from safer.alerts.tests.test_compose import compose_data
from safer.alerts.tests.test_signup import postcode_in
from safer.testing import create_neighbourhood, create_staff, sign_in


@pytest.mark.django_db
def test_a_circle_can_be_centred_on_a_postcode(client: Client) -> None:
    nb = create_neighbourhood(name="Claines", box=(-2.25, 52.18, -2.19, 52.22))
    postcode_in(nb, "WR38SP")
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    answer = client.post("/alerts/staff/new/", compose_data(target="circle", centre="wr3 8sp", radius_m=300))
    assert answer.status_code == 302
    message = Message.objects.get()
    centre = message.geometry.centroid
    assert centre.y == pytest.approx(nb.centre_lat, abs=1e-5) and centre.x == pytest.approx(
        nb.centre_lng, abs=1e-5
    )
    # About 300 m each way: the circle's height in degrees of latitude (111.2 km a degree).
    min_lng, min_lat, max_lng, max_lat = message.geometry.bounds
    assert (max_lat - min_lat) * 111_200 == pytest.approx(600, rel=0.02)
    assert list(message.neighbourhoods.all()) == [nb]

    # The message's page draws the circle (SVG) and carries it for a street map.
    page = client.get(f"/alerts/staff/messages/{message.pk}/").content.decode()
    assert 'class="sn-map__target"' in page
    found = re.search(r'id="target-map-layers" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    layers = json.loads(found[1])
    target = [layer for layer in layers["layers"] if layer["kind"] == "target"][0]
    drawn = shapely.from_geojson(json.dumps(target["geometry"]))
    assert shapely.hausdorff_distance(drawn, message.geometry) < 2e-5  # within about 2 m
    assert layers["tiles"] is None  # no tile server set: the SVG is the map


@pytest.mark.django_db
def test_an_unknown_postcode_or_nonsense_centre_is_a_clear_error(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    unknown = client.post("/alerts/staff/new/", compose_data(target="circle", centre="WR9 9ZZ", radius_m=300))
    assert "We could not find the postcode WR9 9ZZ" in unknown.content.decode()
    nonsense = client.post(
        "/alerts/staff/new/", compose_data(target="circle", centre="near the church", radius_m=300)
    )
    assert "Enter the centre as a postcode or as latitude,longitude" in nonsense.content.decode()
    assert not Message.objects.exists()
