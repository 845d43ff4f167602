"""The resident's journey and the inbox in a real browser, checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from safer.accounts.models import Role
from safer.alerts.models import Channel, OutboxMessage
from safer.conftest import axe_violations
from safer.contact import actions, links
from safer.contact.models import ContactMessage, Status
from safer.testing import create_force, create_neighbourhood, create_staff, sign_in


def _write(page, url: str) -> None:
    page.goto(url)
    page.fill("#id_body", "Someone threatened my neighbour with a knife yesterday.")
    page.check("#id_channel_1")  # text message
    page.fill("#id_mobile", "07123 456789")
    page.click("button:has-text('Continue')")


def test_it_takes_a_resident_from_the_form_to_a_reference_without_javascript(
    live_server, nojs_page, transactional_db, immediate_tasks
):
    create_force(slug=settings.FORCE_ID)
    nb = create_neighbourhood(name="Malvern Link")
    page = nojs_page
    _write(page, f"{live_server.url}/contact/{nb.slug}/")
    warning = page.locator(".govuk-warning-text")
    assert warning.is_visible() and "call 999 now" in warning.inner_text()
    assert page.locator("#id_body").input_value().startswith("Someone threatened")
    assert ContactMessage.objects.count() == 0

    page.check("#id_not_emergency")
    page.click("button:has-text('Continue')")
    assert page.locator("h1").inner_text() == "Check your phone"
    text = OutboxMessage.objects.get(channel=Channel.SMS, to_address="+447123456789").body
    code = re.search(r"\d{6}", text)
    assert code is not None
    page.fill("#id_code", code.group(0))
    page.click("button:has-text('Send my message')")
    message = ContactMessage.objects.get()
    assert message.status == Status.OPEN
    assert message.reference in page.locator(".govuk-panel").inner_text()


def test_it_has_no_axe_violations_on_the_residents_pages(
    live_server, page, transactional_db, immediate_tasks
):
    create_force(slug=settings.FORCE_ID)
    nb = create_neighbourhood(name="Malvern Link")
    found = {}
    page.goto(f"{live_server.url}/contact/{nb.slug}/")
    found["form"] = axe_violations(page)
    _write(page, f"{live_server.url}/contact/{nb.slug}/")
    assert page.locator(".govuk-warning-text").is_visible()
    found["form with the 999 warning"] = axe_violations(page)
    page.check("#id_not_emergency")
    page.click("button:has-text('Continue')")
    page.fill("#id_code", "12")
    page.click("button:has-text('Send my message')")
    assert page.locator(".govuk-error-summary").is_visible()
    found["code with errors"] = axe_violations(page)
    message = ContactMessage.objects.get()
    actions.confirm(message)
    for name, purpose in (("sent", links.SENT), ("withdraw", links.WITHDRAW)):
        page.goto(live_server.url + links.path_for(message, purpose))
        found[name] = axe_violations(page)
    assert not any(found.values()), found


def test_it_shows_an_accessible_inbox_and_message_on_a_phone(live_server, phone_page, transactional_db):
    from safer.testing import create_contact_message

    nb = create_neighbourhood(name="Malvern Link")
    message = create_contact_message(nb, body="The footpath by the river is flooded.")
    client = Client()
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    host = live_server.url.split("//")[1].split(":")[0]
    phone_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    found = {}
    phone_page.goto(f"{live_server.url}/contact/staff/")
    assert message.reference in phone_page.content()
    found["inbox"] = axe_violations(phone_page)
    phone_page.goto(f"{live_server.url}/contact/staff/{message.pk}/")
    phone_page.click("button:has-text('Send reply')")
    assert phone_page.locator(".govuk-error-summary").is_visible()
    found["message with errors"] = axe_violations(phone_page)
    assert not any(found.values()), found
