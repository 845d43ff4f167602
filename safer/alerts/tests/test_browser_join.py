"""Sign up in a minute, on a phone: from a team page, email address, postcode, confirm (three
screens), then the confirmation email arrives at a real SMTP server (aiosmtpd) and leads to the
manage page with the finer choices."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from safer.alerts.models import KIND_BITS, Subscriber
from safer.alerts.tests.conftest import Sink, body_of
from safer.alerts.tests.test_signup import postcode_in
from safer.conftest import axe_violations
from safer.testing import create_neighbourhood


def check_page(page: Any, tmp_path: Path, name: str) -> None:
    """axe finds nothing, and nothing scrolls sideways at 320 px."""
    assert axe_violations(page) == [], name
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 320, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    page.set_viewport_size({"width": width, "height": 740})
    page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_from_a_team_page_email_postcode_confirm_is_three_screens_and_the_email_arrives(
    phone_page: Any, live_server: Any, smtp_sink: Sink, settings: Any, tmp_path: Path
) -> None:
    settings.SITE_URL = live_server.url
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    nb = create_neighbourhood(name="Claines")
    settings.FORCE_ID = nb.force.slug
    postcode_in(nb, "WR38SP")
    page = phone_page
    screens = 0

    page.goto(f"{live_server.url}{nb.get_absolute_url()}")
    page.get_by_role("link", name="Get alerts by email, text or phone call").click()

    # Screen 1: the email address.
    expect(page.get_by_role("heading", name="What is your email address?")).to_be_visible()
    expect(page.get_by_text("Sign up for alerts from the Claines team")).to_be_visible()
    check_page(page, tmp_path, "join-email")
    page.get_by_label("What is your email address?").fill("sam.resident@example.com")
    page.get_by_role("button", name="Continue").click()
    screens += 1

    # Screen 2: the postcode.
    expect(page.get_by_role("heading", name="What is your postcode?")).to_be_visible()
    check_page(page, tmp_path, "join-postcode")
    page.get_by_label("What is your postcode?").fill("wr3 8sp")
    page.get_by_role("button", name="Continue").click()
    screens += 1

    # Screen 3: check your answers, with the defaults spelt out, and confirm.
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    expect(page.get_by_text("WR3 8SP")).to_be_visible()
    expect(page.get_by_text("Claines neighbourhood team")).to_be_visible()
    expect(page.get_by_text("Crime alerts and witness appeals, by email")).to_be_visible()
    check_page(page, tmp_path, "join-check")
    page.get_by_role("button", name="Confirm and sign up").click()
    screens += 1

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert screens == 3
    check_page(page, tmp_path, "join-check-email")

    # The confirmation email arrived at the SMTP server; its link confirms and opens the manage page.
    [confirmation] = smtp_sink.to("sam.resident@example.com")
    link = re.search(r"http://\S+/alerts/confirm/\S+/", body_of(confirmation))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_role("heading", name="Manage your alerts")).to_be_visible()
    subscriber = Subscriber.objects.get()
    assert subscriber.email_confirmed_at is not None
    assert subscriber.email_kinds == KIND_BITS["crime"] | KIND_BITS["appeal"]
    # The finer choices are there, with the defaults ticked.
    email_choices = page.get_by_role("group", name="By email")
    expect(email_choices.get_by_label("Crime alerts")).to_be_checked()
    expect(email_choices.get_by_label("Events")).not_to_be_checked()
