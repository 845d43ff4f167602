"""The compose page's map for drawing a circle or shape: rendered on the server with the projection in
data- attributes, while the typed fields stay the route that works without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import pytest
import shapely
from django.test import Client

from safer.accounts.models import Role
from safer.alerts.models import Message, Target
from safer.testing import create_neighbourhood, create_staff, sign_in

CLAINES_BOX = (-2.30, 52.10, -2.20, 52.16)


def compose_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Catalytic converter thefts",
        "body": "Park in a garage or a lit area if you can.",
        "kind": "crime",
        "urgency": "normal",
    }
    data.update(overrides)
    return data


def attribute(html: str, name: str) -> float:
    match = re.search(rf'{name}="([^"]+)"', html)
    assert match, name
    return float(match.group(1))


@pytest.mark.django_db
def test_it_draws_the_authors_neighbourhoods_with_the_projection_in_data_attributes(client: Client) -> None:
    mine = create_neighbourhood(name="Claines", box=CLAINES_BOX)
    theirs = create_neighbourhood(name="Far Away", box=(-2.10, 52.30, -2.00, 52.35))
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[mine]))

    html = client.get("/alerts/staff/new/").content.decode()

    assert 'role="img"' in html and '<title id="draw-map-title">' in html
    assert "outlined in blue: Claines." in html and theirs.name not in html
    assert '<script type="module" src="/static/alerts/draw.js">' in html
    assert re.search(r"<div class=\"sn-draw__controls\" data-sn-draw-controls hidden>", html)
    min_x, max_y = attribute(html, "data-min-x"), attribute(html, "data-max-y")
    k, scale = attribute(html, "data-k"), attribute(html, "data-scale")
    view_box = re.search(r'viewBox="0 0 ([0-9]+) ([0-9]+)" width="[0-9]+" height="[0-9]+" xmlns', html)
    assert view_box
    width, height = float(view_box.group(1)), float(view_box.group(2))
    # The neighbourhood's corners land inside the picture, and the inverse gives them back.
    for lng, lat in [(CLAINES_BOX[0], CLAINES_BOX[1]), (CLAINES_BOX[2], CLAINES_BOX[3])]:
        x, y = (lng * k - min_x) * scale, (max_y - lat) * scale
        assert 0 < x < width and 0 < y < height
        assert (x / scale + min_x) / k == pytest.approx(lng) and max_y - y / scale == pytest.approx(lat)


@pytest.mark.django_db
def test_it_takes_typed_circles_and_shapes_without_javascript_and_keeps_them_when_editing(
    client: Client,
) -> None:
    nb = create_neighbourhood(name="Claines", box=CLAINES_BOX)
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))

    circle = client.post(
        "/alerts/staff/new/", compose_data(target="circle", centre="52.13,-2.25", radius_m="800")
    )
    assert circle.status_code == 302
    message = Message.objects.get()
    assert message.target == Target.CIRCLE
    assert message.geometry.contains(shapely.Point(-2.25, 52.13))
    edit = client.get(f"/alerts/staff/messages/{message.pk}/edit/").content.decode()
    assert 'value="52.130000,-2.250000"' in edit and 'value="800"' in edit

    corners = "52.12,-2.28\n52.12,-2.22\n52.15,-2.25"
    shape = client.post("/alerts/staff/new/", compose_data(target="polygon", polygon=corners))
    assert shape.status_code == 302
    drawn = Message.objects.exclude(pk=message.pk).get()
    assert drawn.geometry.equals(shapely.Polygon([(-2.28, 52.12), (-2.22, 52.12), (-2.25, 52.15)]))
    edit = client.get(f"/alerts/staff/messages/{drawn.pk}/edit/").content.decode()
    assert "52.120000,-2.280000\n52.120000,-2.220000\n52.150000,-2.250000" in edit

    twisted = "52.12,-2.28\n52.15,-2.22\n52.12,-2.22\n52.15,-2.28"
    refused = client.post("/alerts/staff/new/", compose_data(target="polygon", polygon=twisted))
    assert "The corners do not make a shape" in refused.content.decode()
    assert Message.objects.count() == 2


@pytest.mark.django_db
def test_it_leaves_the_map_out_when_no_neighbourhood_has_a_boundary(client: Client) -> None:
    nb = create_neighbourhood(name="Claines")
    nb.boundary_wkb = None
    nb.save()
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    html = client.get("/alerts/staff/new/").content.decode()
    assert "data-sn-draw-map" not in html and "draw.js" not in html
    assert 'name="centre"' in html and 'name="polygon"' in html
