"""Drawing a circle and a polygon on the compose page's map in a real browser, and the typed fields
that do the same without JavaScript."""

from __future__ import annotations

import re
from typing import Any

import shapely
from django.test import Client

from safer.accounts.models import Role
from safer.alerts.models import Message, Target
from safer.conftest import axe_violations
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in

BOX = (-2.30, 52.10, -2.20, 52.16)  # min_lng, min_lat, max_lng, max_lat
LAT_LNG = re.compile(r"^(-?\d+\.\d+),(-?\d+\.\d+)$")


def signed_in(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def on_screen(page: Any, lat: float, lng: float) -> tuple[float, float]:
    """Where (lat, lng) is on the screen, from the map's data- attributes and its size, worked out
    here rather than by the page's script."""
    svg = page.locator("[data-sn-draw-map]")
    svg.evaluate("map => map.scrollIntoView({block: 'center'})")  # the mouse only reaches the viewport
    min_x, max_y = float(svg.get_attribute("data-min-x")), float(svg.get_attribute("data-max-y"))
    k, scale = float(svg.get_attribute("data-k")), float(svg.get_attribute("data-scale"))
    view_width = float(svg.get_attribute("viewBox").split()[2])
    box = svg.bounding_box()
    ratio = (box["width"] - 2) / view_width  # less the 1px border each side
    return box["x"] + 1 + (lng * k - min_x) * scale * ratio, box["y"] + 1 + (max_y - lat) * scale * ratio


def lat_lng(text: str) -> tuple[float, float]:
    match = LAT_LNG.match(text.strip())
    assert match, text
    return float(match.group(1)), float(match.group(2))


def inside(lat: float, lng: float) -> bool:
    return BOX[0] < lng < BOX[2] and BOX[1] < lat < BOX[3]


def test_it_draws_a_polygon_and_a_circle_into_the_typed_fields_and_previews_the_reach(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    nb = create_neighbourhood(name="Claines", box=BOX)
    create_subscriber([nb], point=(52.131, -2.249))  # inside the circle drawn below
    create_subscriber([nb], point=(52.105, -2.295))  # in Claines, outside the circle
    signed_in(page, live_server, create_staff(Role.PCSO, neighbourhoods=[nb]))
    page.goto(f"{live_server.url}/alerts/staff/new/")
    assert page.get_by_role("img", name="Map of the neighbourhoods you can message").is_visible()
    assert axe_violations(page) == []

    # A polygon: three clicks, then a double-click on the fourth corner closes it.
    page.get_by_role("button", name="Draw a polygon").click()
    corners = [(52.12, -2.28), (52.12, -2.22), (52.15, -2.22), (52.15, -2.28)]
    for lat, lng in corners[:-1]:
        page.mouse.click(*on_screen(page, lat, lng))
    page.mouse.dblclick(*on_screen(page, *corners[-1]))
    typed = page.get_by_label("Corners of the shape").input_value().splitlines()
    assert len(typed) == 4
    for (want_lat, want_lng), line in zip(corners, typed, strict=True):
        lat, lng = lat_lng(line)
        assert inside(lat, lng)
        assert abs(lat - want_lat) < 0.002 and abs(lng - want_lng) < 0.002
    assert page.get_by_role("radio", name="A shape on the map").is_checked()
    assert page.get_by_text("Shape drawn with 4 corners").is_visible()

    # "Undo last point" and "Finish shape" work from the keyboard too.
    page.get_by_role("button", name="Draw a polygon").click()
    for lat, lng in [(52.11, -2.29), (52.11, -2.21), (52.155, -2.25), (52.14, -2.21)]:
        page.mouse.click(*on_screen(page, lat, lng))
    page.get_by_role("button", name="Undo last point").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Finish shape").click()
    assert len(page.get_by_label("Corners of the shape").input_value().splitlines()) == 3

    # A circle dragged out from its centre, then one made with two clicks: centre, then edge.
    page.get_by_role("button", name="Draw a circle").click()
    start, end = on_screen(page, 52.12, -2.27), on_screen(page, 52.125, -2.27)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=5)
    page.mouse.up()
    assert 450 < int(page.get_by_label("Radius in metres").input_value()) < 650
    page.get_by_role("button", name="Draw a circle").click()
    page.mouse.click(*on_screen(page, 52.13, -2.25))
    page.mouse.click(*on_screen(page, 52.14, -2.25))  # about 1,113 m north
    lat, lng = lat_lng(page.get_by_label("Centre of the circle").input_value())
    assert inside(lat, lng) and abs(lat - 52.13) < 0.002 and abs(lng + 2.25) < 0.002
    radius = int(page.get_by_label("Radius in metres").input_value())
    assert 1000 < radius < 1230
    assert page.get_by_role("radio", name="A circle on the map").is_checked()
    assert axe_violations(page) == []

    # The typed fields are what is sent: the preview counts the one subscriber inside the circle.
    page.get_by_label("Title", exact=True).fill("Catalytic converter thefts")
    page.get_by_label("Message", exact=True).fill("Park in a garage or a lit area if you can.")
    page.get_by_role("group", name="Kind of message").get_by_label("Crime alerts").check()
    page.get_by_role("button", name="Check reach and preview").click()
    assert page.get_by_text("1 person").first.is_visible()
    message = Message.objects.get()
    assert message.target == Target.CIRCLE
    assert message.geometry.contains(shapely.Point(-2.249, 52.131))


def test_it_shows_the_drawing_tools_under_the_real_content_security_policy(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    nb = create_neighbourhood(name="Claines", box=BOX)
    user = create_staff(Role.PCSO, neighbourhoods=[nb])
    strict = page.context.browser.new_context()  # the page fixture's context bypasses the CSP
    try:
        strict_page = strict.new_page()
        refused: list[str] = []
        strict_page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
        signed_in(strict_page, live_server, user)
        strict_page.goto(f"{live_server.url}/alerts/staff/new/")
        assert strict_page.get_by_role("button", name="Draw a circle").is_visible()
        assert refused == []
    finally:
        strict.close()


def test_it_keeps_the_typed_fields_working_without_javascript(
    nojs_page: Any, live_server: Any, transactional_db: None
) -> None:
    nb = create_neighbourhood(name="Claines", box=BOX)
    create_subscriber([nb], point=(52.131, -2.249))
    signed_in(nojs_page, live_server, create_staff(Role.PCSO, neighbourhoods=[nb]))
    nojs_page.goto(f"{live_server.url}/alerts/staff/new/")
    assert nojs_page.get_by_role("img", name="Map of the neighbourhoods you can message").is_visible()
    assert not nojs_page.get_by_role("button", name="Draw a circle").is_visible()
    nojs_page.get_by_label("Title", exact=True).fill("Catalytic converter thefts")
    nojs_page.get_by_label("Message", exact=True).fill("Park in a garage or a lit area if you can.")
    nojs_page.get_by_role("group", name="Kind of message").get_by_label("Crime alerts").check()
    nojs_page.get_by_role("group", name="Who should get it").get_by_label("A shape on the map").check()
    nojs_page.get_by_label("Corners of the shape").fill("52.12,-2.28\n52.12,-2.22\n52.15,-2.25")
    nojs_page.get_by_role("button", name="Check reach and preview").click()
    assert nojs_page.get_by_text("1 person").first.is_visible()
    assert Message.objects.get().target == Target.POLYGON
