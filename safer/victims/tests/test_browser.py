"""The victims journey in Chromium (production CSP): an officer records a victim of a domestic-abuse
incident, the form insists on explicit consent before any referral, the referral goes out through
the configured service's email (a real SMTP server), the leaflet PDF opens with every field filled,
and an update left undone shows as overdue on the sergeant's list. Then every new page at 320 px:
axe, no sideways scroll, and "Exit this page" on the public pages."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.contact.tests.conftest import Sink, text_of
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in
from safer.victims import actions
from safer.victims.records import Victim
from safer.victims.tests.factories import incident, officer, victim

SERVICE = "referrals@vals.example.cjsm.net"


def as_user(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def wait_for_mail(sink: Sink, to: str) -> Any:
    for _ in range(50):
        found = sink.to(to)
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no email to {to}")


def test_an_officer_records_a_domestic_abuse_victim_refers_them_and_the_sergeant_sees_the_overdue_update(
    live_server: Any,
    page: Any,
    transactional_db: None,
    smtp_sink: Sink,
    immediate_tasks: None,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.VICTIMS_SUPPORT_SERVICE = {**settings.VICTIMS_SUPPORT_SERVICE, "email": SERVICE}
    nb = create_neighbourhood()
    pc = officer(nb, given_name="Jo", family_name="Fictional", collar_number="PC 4321")
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    found = incident(nb, "violent-crime")
    as_user(page, live_server, pc)
    page.goto(f"{live_server.url}/victims/new/")
    page.get_by_label("Crime reference").fill(found.reference)
    page.get_by_role("button", name="Find the incident").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Record a victim of {found.reference}")
    page.get_by_label("Name of the person we contact").fill("Alex Fictional")
    page.get_by_label("The offence involves domestic abuse").check()
    page.get_by_label("How the victim wants us to contact them").select_option("phone")
    page.get_by_label("Telephone", exact=True).fill("07700 900456")
    page.get_by_label("The victim's own telephone is not safe to call").check()
    page.get_by_label("A number that is safe to call").fill("07700 900999")
    page.get_by_label("Do not leave messages").check()
    page.get_by_label("The victim was told they will be referred and did not object").check()
    page.get_by_role("button", name="Record victim").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Explicit consent is needed first (domestic abuse)"
    )
    assert not Victim.objects.exists()
    page.get_by_label("The victim gave explicit consent to be referred").check()
    page.get_by_role("button", name="Record victim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Victim recorded as V-")
    v = Victim.objects.get()
    page.screenshot(path=str(tmp_path / "victim-1280.png"), full_page=True)

    page.get_by_role("button", name="Send referral by secure email").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral sent by secure email")
    body = text_of(wait_for_mail(smtp_sink, SERVICE))
    assert found.reference in body and "Consent given" in body and "+447700900999" in body
    assert "+447700900456" not in body and "Leave messages: NO" in body
    expect(page.locator("#referrals")).to_contain_text("Victim Advice Line")

    page.get_by_label("Large print").check()
    page.get_by_label("Printed (handed over or posted)").check()
    page.get_by_role("button", name="Issue leaflet").click()
    expect(page.locator("#leaflets")).to_contain_text("Complete")
    href = page.locator("#leaflets a", has_text="Open PDF").get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    for value in (found.reference, "PC Jo Fictional", "PC 4321", pc.person.work_email, pc.person.work_mobile):
        assert value in text
    assert "What happens next" in text and "Your rights" in text and "Local services" in text

    # A decision twelve days ago whose update was never given: past its 5 working days.
    decided = timezone.localtime() - dt.timedelta(days=12)
    page.get_by_label("Key decision").select_option("Suspect arrested")
    page.get_by_label("When it was made").fill(decided.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Key decision recorded")
    as_user(page, live_server, sergeant)
    page.goto(f"{live_server.url}/victims/due/")
    expect(page.locator("#overdue")).to_contain_text(v.reference)
    expect(page.locator("#overdue")).to_contain_text("Suspect arrested")
    page.screenshot(path=str(tmp_path / "due-1280.png"), full_page=True)
    assert v.entitlements.get(kind="referral").met_in_time()


def test_every_new_page_passes_axe_and_fits_320_px_and_public_pages_offer_exit_this_page(
    live_server: Any, phone_page: Any, transactional_db: None, tmp_path: Path
) -> None:
    area = create_area(name="North Worcestershire")
    nb = create_neighbourhood(area=area)
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")], consent="not_objected")
    actions.assess(pc, v, ["vulnerable"], "Lives alone", "")
    leaflet = actions.issue_leaflet(pc, v, "easy_read", "print")
    assert leaflet.pk
    analyst = create_staff(Role.ANALYST, neighbourhoods=[nb])
    dpo = create_staff(Role.DATA_PROTECTION_OFFICER)
    phone_page.set_viewport_size({"width": 320, "height": 740})
    pages = [
        (pc, "/victims/"), (pc, "/victims/due/"), (pc, "/victims/new/"),
        (pc, f"/victims/new/{v.incidents.get().pk}/"), (pc, f"/victims/{v.pk}/"),
        (analyst, "/victims/purpose/"), (dpo, "/victims/processing-log/"),
        (None, "/victims/support/"), (None, f"/victims/support/{area.slug}/"),
    ]  # fmt: skip
    for user, path in pages:
        phone_page.context.clear_cookies()
        if user is not None:
            as_user(phone_page, live_server, user)
        phone_page.goto(f"{live_server.url}{path}")
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320, path
        assert axe_violations(phone_page) == [], path
    phone_page.screenshot(path=str(tmp_path / "support-320.png"), full_page=True)
    exit_button = phone_page.get_by_role("button", name="Emergency Exit this page")
    expect(exit_button).to_be_visible()
    phone_page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>"))
    phone_page.keyboard.press("Escape")
    phone_page.wait_for_url("https://www.bbc.co.uk/weather")
