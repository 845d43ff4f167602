"""The whole journey in a real browser, with email through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safer.accounts.models import Role
from safer.alerts import actions
from safer.alerts.models import Channel, Subscriber
from safer.alerts.tests.conftest import Sink, body_of
from safer.alerts.tests.test_signup import postcode_in
from safer.alerts.worker import Worker
from safer.conftest import axe_violations
from safer.testing import create_neighbourhood, create_staff, sign_in


def officer_context(browser: Any, live_server: Any, user: Any) -> Any:
    """A browser context signed in as `user` (both factors), via the session cookie."""
    client = sign_in(Client(), user)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


@pytest.mark.django_db(transaction=True)
def test_sign_up_confirm_receive_what_was_chosen_and_unsubscribe_in_one_click(
    page: Any, browser: Any, live_server: Any, smtp_sink: Sink, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    nb = create_neighbourhood(name="Claines")
    postcode_in(nb)
    resident = "sam.resident@example.com"

    # The resident signs up for crime alerts and witness appeals by email.
    page.goto(f"{live_server.url}/alerts/sign-up/")
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill(resident)
    page.get_by_label("Home postcode or address").fill("WR3 8SP")
    email_choices = page.get_by_role("group", name="By email")
    email_choices.get_by_label("Crime alerts").check()
    email_choices.get_by_label("Witness appeals").check()
    page.get_by_label("I agree to get the messages I have chosen").check()
    page.get_by_role("button", name="Sign up").click()
    assert page.get_by_role("heading", name="Check your email").is_visible()

    # They confirm from the email the SMTP server received.
    [confirmation] = smtp_sink.to(resident)
    confirm_url = re.search(r"http://\S+/alerts/confirm/\S+/", body_of(confirmation)).group(0)  # type: ignore[union-attr]
    page.goto(confirm_url)
    page.get_by_role("button", name="Confirm my email address").click()
    assert page.get_by_role("heading", name="Manage your alerts").is_visible()
    assert axe_violations(page) == []
    assert Subscriber.objects.get().channels == Channel.EMAIL

    # A PCSO writes a crime alert for Claines, sees its reach, and sends it.
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    officer_browser = officer_context(browser, live_server, pcso)
    officer = officer_browser.new_page()
    officer.goto(f"{live_server.url}/alerts/staff/new/")
    officer.get_by_label("Title", exact=True).fill("Sheds broken into on Elm Road")
    officer.get_by_label("Message", exact=True).fill("Please check your shed locks tonight.")
    officer.get_by_role("group", name="Kind of message").get_by_label("Crime alerts").check()
    officer.get_by_role("group", name="Who should get it").get_by_label("Neighbourhoods").check()
    officer.get_by_role("group", name="Neighbourhoods", exact=True).get_by_label("Claines").check()
    officer.get_by_role("button", name="Check reach and preview").click()
    assert officer.get_by_text("1 person").first.is_visible()
    officer.get_by_role("button", name="Send now").click()
    assert officer.get_by_text("Your message is being sent.").is_visible()
    # An event notice goes to the same place: the resident did not ask for events.
    event = actions.save_draft(
        pcso,
        actions.Draft(
            title="Beat surgery on Friday",
            body="Come and meet us.",
            kind="event",
            urgency="normal",
            target="neighbourhoods",
            neighbourhoods=[nb],
        ),
    )
    actions.submit(pcso, event)

    Worker().drain()

    alerts = [m for m in smtp_sink.to(resident) if "Alert" in m["Subject"]]
    assert [m["Subject"] for m in alerts] == [
        f"Crime alerts: Sheds broken into on Elm Road [Alert {alerts[0]['Subject'].split()[-1]}"
    ]
    assert "Please check your shed locks tonight." in body_of(alerts[0])
    officer.reload()
    assert officer.get_by_text("Delivered").is_visible()
    officer_browser.close()  # stops its live progress polling before the server goes

    # One click (as a mail client does it, RFC 8058) and nothing more arrives.
    one_click = alerts[0]["List-Unsubscribe"].strip("<>")
    response = page.request.post(one_click, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert Subscriber.objects.get().channels == 0
    again = actions.save_draft(
        pcso,
        actions.Draft(
            title="More sheds",
            body="Another one.",
            kind="crime",
            urgency="normal",
            target="neighbourhoods",
            neighbourhoods=[nb],
        ),
    )
    actions.submit(pcso, again)
    Worker().drain()
    assert len([m for m in smtp_sink.to(resident) if "Alert" in m["Subject"]]) == 1

    # The link in the email body works in the browser too, and says what happened.
    page.goto(re.search(r"Stop these emails \(one click\): (\S+)", body_of(alerts[0])).group(1))  # type: ignore[union-attr]
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.get_by_role("heading", name="You have unsubscribed").is_visible()
