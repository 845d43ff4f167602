"""The staff concerns page's ranking in a real browser: axe finds nothing at 320 px, and "Start a
plan" on a ranked concern opens a plan for that parish titled after the concern."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.engagement.models import Concern
from safer.places.models import Parish
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_pc_starts_a_plan_from_a_parish_ranked_concern(
    live_server: Any, phone_page: Any, transactional_db: None
) -> None:
    nb = create_neighbourhood(area=create_area(), name="Ledbury")
    parish = Parish.objects.create(neighbourhood=nb, name="Wellington Heath")
    for category, times in (("speeding", 3), ("parking", 2), ("drugs", 1), ("burglary", 1)):
        for _ in range(times):
            Concern.objects.create(neighbourhood=nb, parish=parish, category=category, source="survey")
    client = sign_in(Client(), create_staff(Role.PC, neighbourhoods=[nb]))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    phone_page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    phone_page.set_viewport_size({"width": 320, "height": 740})

    phone_page.goto(f"{live_server.url}/engagement/staff/concerns/")
    ranking = phone_page.get_by_role("table", name="Top concerns in each parish in your scope")
    expect(ranking).to_contain_text("Wellington Heath")
    assert axe_violations(phone_page) == []
    assert phone_page.evaluate(OVERFLOW_JS) <= 0
    ranking.get_by_role("link", name="Start a plan for Parking in Wellington Heath, ranked 2 of 4").click()
    expect(phone_page.get_by_label("Title")).to_have_value("Parking in Wellington Heath")
