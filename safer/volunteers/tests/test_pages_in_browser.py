"""The volunteers' pages in a real browser: every new page on a 375 px and a 320 px phone with axe and
no sideways scroll, and the public ride-along application from start to reference without
JavaScript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in
from safer.volunteers.models import AdvisoryMeeting, RideAlong, SpecialDuty, YouthSession
from safer.volunteers.tests.factories import (
    create_action,
    create_cadet,
    create_group,
    create_ride_along,
    create_suite,
    create_unit,
    create_visit,
)

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _signed_in(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page.context.add_cookies([cookie])


def _world() -> dict[str, Any]:
    area = create_area(name="Herefordshire and Worcestershire")
    nb = create_neighbourhood(area=area, name="Worcester Central")
    today = timezone.localdate()
    special = create_person(
        nb, rank=Rank.SPECIAL, given_name="Robin", family_name="Longname-Featherstonehaugh"
    )
    SpecialDuty.objects.create(person=special, neighbourhood=nb, date=today, duty_type="patrol", hours=5)
    YouthSession.objects.create(
        neighbourhood=nb, date=today, setting="secondary", organisation="Nunnery Wood High School",
        topic="Knife crime", attendance=120,
    )  # fmt: skip
    unit = create_unit(nb, leaders=[], name="Worcester Volunteer Police Cadets")
    create_cadet(unit)
    group = create_group(area, name="Herefordshire and Worcestershire IAG")
    AdvisoryMeeting.objects.create(group=group, date=today - dt.timedelta(days=10), members_present=6)
    create_action(group, due_on=today - dt.timedelta(days=1))
    visit = create_visit(create_suite(area, name="Worcester custody suite"))
    ride = create_ride_along(area)
    return {"nb": nb, "unit": unit, "group": group, "visit": visit, "ride": ride}


def test_every_new_page_fits_a_small_phone_and_passes_axe(
    live_server: Any, phone_page: Any, transactional_db: None, tmp_path: Path
) -> None:
    w = _world()
    admin_pages = [
        reverse("volunteers:volunteer"),
        reverse("volunteers:ride-along"),
        reverse("volunteers:ride-along-step", args=["eligibility"]),
        reverse("volunteers:ride-along-not-eligible"),
        reverse("volunteers:staff-home"),
        reverse("volunteers:specials"),
        reverse("volunteers:specials-add"),
        reverse("volunteers:support"),
        reverse("volunteers:youth"),
        reverse("volunteers:groups-add"),
        reverse("volunteers:cadets"),
        reverse("volunteers:cadet-unit-add"),
        reverse("volunteers:advisory"),
        reverse("volunteers:advisory-group", args=[w["group"].pk]),
        reverse("volunteers:advisory-advice-add", args=[w["group"].pk]),
        reverse("volunteers:custody"),
        reverse("volunteers:custody-visit-add"),
        reverse("volunteers:custody-visit", args=[w["visit"].pk]),
        reverse("volunteers:ride-alongs"),
        reverse("volunteers:ride-along-detail", args=[w["ride"].pk]),
    ]
    safeguarding_pages = [
        reverse("volunteers:cadet-unit", args=[w["unit"].pk]),
        reverse("volunteers:cadet-session-add", args=[w["unit"].pk]),
    ]
    problems = []
    for user, paths in [
        (create_staff(Role.ADMINISTRATOR), admin_pages),
        (create_staff(Role.SAFEGUARDING, neighbourhoods=[w["nb"]]), safeguarding_pages),
    ]:
        phone_page.context.clear_cookies()
        _signed_in(phone_page, live_server, user)
        for width in (375, 320):
            phone_page.set_viewport_size({"width": width, "height": 740})
            for path in paths:
                response = phone_page.goto(live_server.url + path)
                if response.status != 200:
                    problems.append(f"{path}: {response.status}")
                if (overflow := phone_page.evaluate(OVERFLOW)) > 0:
                    problems.append(f"{path} at {width} px scrolls sideways by {overflow} px")
                if width == 375 and (violations := axe_violations(phone_page)):
                    problems.append(f"{path}: {violations}")
    assert problems == []
    phone_page.set_viewport_size({"width": 375, "height": 740})
    phone_page.goto(live_server.url + reverse("volunteers:cadet-unit", args=[w["unit"].pk]))
    phone_page.screenshot(path=str(tmp_path / "cadet-unit-375.png"), full_page=True)


def test_a_resident_applies_for_a_ride_along_without_javascript(
    live_server: Any, nojs_page: Any, transactional_db: None, tmp_path: Path
) -> None:
    area = create_area(name="Shropshire and Telford")
    create_neighbourhood(area=area)
    page = nojs_page
    page.goto(live_server.url + reverse("volunteers:volunteer"))
    page.get_by_role("link", name="Apply for a ride-along").click()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Can you go on a ride-along?")
    page.get_by_role("button", name="Continue").click()  # nothing answered
    expect(page.locator(".govuk-error-summary")).to_contain_text("This field is required")
    page.get_by_label("What is your date of birth?").fill("1984-03-27")
    page.get_by_role("group", name="Do you live in the force area?").get_by_label("Yes").check()
    page.get_by_role("group", name="Do you have any criminal convictions or cautions?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Phone number").fill("07700 900321")
    page.get_by_label("Shropshire and Telford").check()
    page.get_by_label("Why would you like to go on a ride-along?").fill("To see what a shift is like.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The rules for observers")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("You must agree to the rules to apply.")
    page.get_by_label("I have read these rules").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your application"
    )
    page.screenshot(path=str(tmp_path / "check-1280.png"), full_page=True)
    page.get_by_role("link", name="Change phone number").click()
    page.get_by_label("Phone number").fill("07700 900654")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("07700 900654")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application sent")
    ride = RideAlong.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(ride.reference)
    assert (ride.name, ride.phone, ride.area, ride.status) == (
        "Sam Resident",
        "+447700900654",
        area,
        "received",
    )
    page.screenshot(path=str(tmp_path / "sent-1280.png"), full_page=True)
