"""The engagement journeys in a real browser, on the demo data: a PCSO schedules an
engagement-vehicle visit, a resident answers a survey, a sergeant publishes a priority."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import icalendar
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.engagement.models import Concern, Survey
from safer.testing import create_staff, sign_in
from safer.web.tests.conftest import SiteData, demo  # noqa: F401  (the demo fixture)


def signed_in(page: Any, base_url: str, user: Any) -> None:
    """Give the browser the session of `user` signed in with both factors."""
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_a_pcso_schedules_a_visit_that_reaches_the_page_the_feed_and_the_api(
    page: Any,
    live_server: Any,
    demo: SiteData,  # noqa: F811
) -> None:
    nb = demo.neighbourhood
    signed_in(page, live_server.url, create_staff(Role.PCSO, neighbourhoods=[nb]))
    page.goto(f"{live_server.url}/engagement/staff/teams/{nb.slug}/events/new/")
    assert axe_violations(page) == []
    day = timezone.localdate() + dt.timedelta(days=5)
    page.get_by_label("Engagement-vehicle visit").check()
    page.get_by_label("Title").fill("Engagement vehicle at the Browser Test Market")
    page.get_by_label("Address").fill("Browser Test Market, High Street")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("End time").fill("12:30")
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_text("Event published.")).to_be_visible()

    page.goto(live_server.url + nb.get_absolute_url())
    events = page.locator("#events ~ ul").first
    expect(events).to_contain_text("Engagement vehicle at the Browser Test Market")

    feed = page.request.get(f"{live_server.url}/engagement/{nb.slug}/events.ics")
    cal = icalendar.Calendar.from_ical(feed.body())
    [vevent] = [e for e in cal.walk("VEVENT") if "Browser Test Market" in str(e["SUMMARY"])]
    start = vevent.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (day, 10, 30)

    api = page.request.get(f"{live_server.url}/api/{nb.force.slug}/{nb.code}/events")
    items = json.loads(api.body())
    assert {
        "title": "Engagement vehicle at the Browser Test Market",
        "start_date": f"{day}T10:30:00",
    }.items() <= next(i for i in items if "Browser Test Market" in i["title"]).items()


def test_a_residents_survey_answer_shows_in_the_parish_ranking(
    page: Any,
    live_server: Any,
    demo: SiteData,  # noqa: F811
) -> None:
    nb = demo.neighbourhood
    survey = Survey.objects.get(neighbourhood=nb)
    parish = nb.parishes.order_by("name")[0]
    page.goto(live_server.url + nb.get_absolute_url())
    page.get_by_role("link", name="Have your say in a survey").click()
    page.get_by_role("link", name=survey.title).click()
    page.get_by_role("button", name="Send your answers").click()  # nothing chosen yet
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    before = Concern.objects.filter(parish=parish, category="rural-crime").count()
    page.get_by_label("Which parish or ward").select_option(label=parish.name)
    page.get_by_label("Rural crime").check()
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Concern.objects.filter(parish=parish, category="rural-crime").count() == before + 1
    page.get_by_role("link", name=f"What concerns people in {nb.name}").click()
    ranking = page.get_by_role("table", name=f"Concerns in {parish.name}")
    expect(ranking).to_contain_text("Rural crime")
    assert axe_violations(page) == []


def test_a_priority_published_by_a_sergeant_shows_under_you_said_we_did(
    page: Any,
    live_server: Any,
    demo: SiteData,  # noqa: F811
) -> None:
    nb = demo.neighbourhood
    signed_in(page, live_server.url, create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    page.goto(f"{live_server.url}/engagement/staff/teams/{nb.slug}/priorities/new/")
    page.get_by_label("Issue (you said)").fill("Cars parked on the pavement by the browser test school")
    page.get_by_label("Action (we did)").fill("Tickets issued on five mornings and letters to parents")
    page.get_by_role("button", name="Save priority").click()
    page.locator("tr", has_text="browser test school").get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Priority published")).to_be_visible()
    page.goto(live_server.url + nb.get_absolute_url())
    section = page.locator("#you-said-we-did ~ dl")
    expect(section.filter(has_text="browser test school")).to_contain_text("Tickets issued on five mornings")


def test_a_pcso_creates_a_survey_that_residents_can_answer(
    page: Any,
    live_server: Any,
    demo: SiteData,  # noqa: F811
) -> None:
    nb = demo.neighbourhood
    signed_in(page, live_server.url, create_staff(Role.PCSO, neighbourhoods=[nb]))
    page.goto(f"{live_server.url}/engagement/staff/surveys/")
    expect(page.get_by_role("link", name="admin")).to_have_count(0)
    page.get_by_role("link", name=f"Create a survey for {nb.name}").click()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Browser test survey")
    page.get_by_label("Question 1", exact=True).fill("Which day suits a drop-in?")
    page.locator("fieldset", has_text="How people answer question 1").get_by_label(
        "Choose one of a list of options"
    ).check()
    page.get_by_label("Options for question 1").fill("Saturday")
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Options for question 1").fill("Saturday\nSunday")
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_text("Survey created.")).to_be_visible()
    survey = Survey.objects.get(title="Browser test survey")
    page.goto(live_server.url + survey.get_absolute_url())
    expect(page.get_by_text("Which day suits a drop-in?")).to_be_visible()
    expect(page.get_by_label("Sunday")).to_be_visible()
