"""The sign-in journey and the back-office pages in a real browser, checked with axe (WCAG 2.2 AA)."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from safer.accounts import audit, enrolment
from safer.accounts.models import Role
from safer.accounts.tests.test_sign_in import code_for
from safer.conftest import axe_violations
from safer.testing import STRONG_PASSWORD, create_neighbourhood, create_person, create_staff


def test_it_signs_in_and_shows_accessible_pages(live_server, page, transactional_db):
    nb = create_neighbourhood(name="Malvern Hills")
    person = create_person(nb, details_verified_on=None)
    user = create_staff(Role.ADMINISTRATOR, username="admin-sam")
    audit.record(user, "contact_details.changed", person, {"work_email": ["a@x.uk", "b@x.uk"]})
    TOTPDevice.objects.filter(user=user).delete()
    link = enrolment.issue(None, user)  # a new account enrols only through a set-up link
    found = {}

    page.goto(live_server.url + link.removeprefix(settings.SITE_URL))  # which leads to sign-in
    page.click("button[type=submit]")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    found["sign-in with errors"] = axe_violations(page)
    page.fill("#id_username", "admin-sam")
    page.fill("#id_password", STRONG_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("svg.sn-qr")).to_be_visible()
    found["set-up"] = axe_violations(page)
    page.fill("#id_code", code_for(TOTPDevice.objects.get(user=user)))
    page.click("form[action='/staff/sign-in/set-up/'] button")
    expect(page.locator("h1")).to_have_text("Staff home")
    found["home"] = axe_violations(page)

    page.goto(f"{live_server.url}/staff/teams/people/{person.pk}/")
    page.fill("#id_work_mobile", "0123")
    page.click("text=Save contact details")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    found["person with errors"] = axe_violations(page)
    for path in (
        f"/staff/teams/people/{person.pk}/duty/",
        f"/staff/teams/{nb.slug}/",
        f"/staff/teams/{nb.slug}/add-member/",
        "/staff/audit/",
        f"/staff/accounts/{user.pk}/",
    ):
        page.goto(live_server.url + path)
        found[path] = axe_violations(page)
    assert not any(found.values()), found
