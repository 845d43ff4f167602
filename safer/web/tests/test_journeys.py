"""The find-your-team journey in a real browser: desktop, phone, no JavaScript, and "Use my location"."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from safer.web.tests.conftest import SiteData


def find_by_postcode(page: Any, base_url: str, site_demo: SiteData) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Find your neighbourhood team").fill(site_demo.postcode)
    page.get_by_role("button", name="Find your team").click()
    expect(page).to_have_url(base_url + site_demo.neighbourhood.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{site_demo.neighbourhood.name} neighbourhood team"
    )


def test_it_finds_a_team_by_postcode_on_a_desktop(page: Any, site_server: Any, site_demo: SiteData) -> None:
    find_by_postcode(page, site_server.url, site_demo)
    expect(page.get_by_role("heading", name="Who leads your team")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile(f"Map of the {site_demo.neighbourhood.name}"))
    ).to_be_visible()


def test_it_finds_a_team_by_postcode_on_a_phone(
    phone_page: Any, site_server: Any, site_demo: SiteData
) -> None:
    find_by_postcode(phone_page, site_server.url, site_demo)
    # Nothing is wider than the phone's screen.
    overflow = phone_page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_it_finds_a_team_by_postcode_without_javascript(
    nojs_page: Any, site_server: Any, site_demo: SiteData
) -> None:
    find_by_postcode(nojs_page, site_server.url, site_demo)
    nojs_page.goto(site_server.url + "/")
    # Without JavaScript there is no "Use my location" button that would do nothing.
    expect(nojs_page.get_by_role("button", name="Use my location")).to_have_count(0)


def test_it_finds_a_team_from_the_browsers_location(
    browser: Any, site_server: Any, site_demo: SiteData
) -> None:
    context = browser.new_context(
        geolocation={"latitude": site_demo.latitude, "longitude": site_demo.longitude},
        permissions=["geolocation"],
    )
    try:
        page = context.new_page()
        page.goto(site_server.url + "/")
        page.get_by_role("button", name="Use my location").click()
        expect(page).to_have_url(site_server.url + site_demo.neighbourhood.get_absolute_url())
    finally:
        context.close()


def test_it_explains_when_location_is_refused(browser: Any, site_server: Any, site_demo: SiteData) -> None:
    context = browser.new_context()  # no geolocation permission granted
    try:
        page = context.new_page()
        page.goto(site_server.url + "/")
        page.get_by_role("button", name="Use my location").click()
        expect(page.get_by_role("status")).to_contain_text("Enter a postcode, town or village instead")
        expect(page).to_have_url(site_server.url + "/")
    finally:
        context.close()


def test_it_lets_people_choose_between_places_and_fix_mistakes(
    page: Any, site_server: Any, site_demo: SiteData
) -> None:
    page.goto(site_server.url + "/find?q=Much")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your place")
    page.get_by_role("link", name=re.compile("^Much Wenlock")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("neighbourhood team")

    page.goto(site_server.url + "/")
    page.get_by_label("Find your neighbourhood team").fill("ZZ99 9ZZ")
    page.get_by_role("button", name="Find your team").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile("^Error: "))
    # The error summary link moves focus to the box, per the GOV.UK pattern.
    page.get_by_role("link", name=re.compile("We could not find the postcode")).click()
    expect(page.get_by_label("Find your neighbourhood team")).to_be_focused()
