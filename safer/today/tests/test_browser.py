"""The issue's journeys in a real browser: signing in through the force's identity provider and
landing on "today"; a PCSO on a phone setting duty in one tap and answering a resident."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from safer.accounts.models import Role
from safer.accounts.tests.oidc import apply, running_provider
from safer.conftest import axe_violations
from safer.contact.models import ContactMessage, Status
from safer.teams.models import Person
from safer.testing import create_contact_message, create_neighbourhood, create_person, create_staff, sign_in


def share_session(page: Any, live_server: Any, client: Client) -> None:
    host = live_server.url.split("//")[1].split(":")[0]
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "domain": host, "path": "/"}]
    )


def test_a_pcso_signs_in_with_the_force_account_and_lands_on_today_with_their_groups_role(
    live_server: Any, phone_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    nb = create_neighbourhood(name="Malvern Link", slug="malvern-link")
    person = create_person(nb, given_name="Pat", family_name="One", work_email="pcso.one@force.example")
    create_contact_message(nb, body="Bins left in the alley behind Church Street again.")
    with running_provider(
        f"{live_server.url}/staff/sign-in/force/callback/", f"{live_server.url}/staff/sign-in/"
    ) as provider:
        apply(settings, provider)
        page = phone_page
        page.goto(f"{live_server.url}/staff/today/")
        page.get_by_role("button", name="Sign in with your force account").click()
        expect(page.get_by_role("heading", name="Sign in to the force")).to_be_visible()
        page.fill("#username", "pcso.one")
        page.fill("#password", "pass-pcso")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("h1")).to_contain_text("Today")
        assert page.url == f"{live_server.url}/staff/today/"
        expect(page.locator(".sn-staff-bar")).to_contain_text("Pat One, PCSO")
        expect(page.get_by_text("Bins left in the alley behind Church Street again.")).to_be_visible()
        expect(page.get_by_role("button", name="Go on duty until")).to_be_visible()  # linked by work email
        page.screenshot(path=str(tmp_path / "today-after-force-sign-in-375.png"), full_page=True)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Yes, sign me out").click()
        expect(page.get_by_role("heading", name="Sign in to the staff back office")).to_be_visible()
    person.refresh_from_db()
    assert person.user is not None and person.user.staff.role == Role.PCSO


def test_a_pcso_on_a_phone_goes_on_duty_in_one_tap_and_answers_a_message_from_today(
    live_server: Any, phone_page: Any, transactional_db: Any, tmp_path: Any
) -> None:
    nb = create_neighbourhood(name="Malvern Link")
    user = create_staff(Role.PCSO, neighbourhoods=[nb])
    person = create_person(nb, user=user)
    message = create_contact_message(
        nb,
        body="Young people have been riding motorbikes across the playing field at night.",
        received=timezone.now() - dt.timedelta(hours=60),
    )
    client = sign_in(Client(), user)
    page = phone_page
    share_session(page, live_server, client)
    page.goto(f"{live_server.url}/staff/today/")
    expect(page.get_by_text("Off duty")).to_be_visible()
    page.screenshot(path=str(tmp_path / "today-pcso-375.png"), full_page=True)

    page.get_by_role("button", name="Go on duty until").click()
    expect(page.get_by_text("You are on duty until")).to_be_visible()
    expect(page.get_by_role("button", name="Go off duty")).to_be_visible()
    person.refresh_from_db()
    assert person.is_on_duty()

    item = page.locator(".sn-today-item", has_text=message.reference)
    expect(item).to_contain_text("riding motorbikes across the playing field")
    item.get_by_role("link", name="Reply").click()
    page.fill("#id_body", "Thank you. We will patrol the playing field on Friday and Saturday night.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text(f"Your reply to {message.reference} is on its way")).to_be_visible()
    message.refresh_from_db()
    assert message.status == Status.ANSWERED
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_text("No messages from residents are waiting for you.")).to_be_visible()
    assert ContactMessage.objects.filter(status=Status.OPEN).count() == 0
    assert Person.objects.get(pk=person.pk).on_duty


def no_sideways_scroll(page: Any) -> bool:
    width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return bool(width <= client_width)


def test_every_new_page_passes_axe_and_fits_a_320_pixel_screen(
    live_server: Any, phone_page: Any, transactional_db: Any, settings: Any, tmp_path: Any
) -> None:
    from safer.alerts.models import Message, MessageStatus, Target
    from safer.engagement.models import StationStatusChange
    from safer.engagement.models.stations import StationStatus
    from safer.testing import (
        create_correspondence,
        create_event,
        create_force,
        create_priority,
        create_station,
    )

    settings.OIDC_RP_CLIENT_ID = "safer"  # shows the force's sign-in button
    force = create_force(slug=settings.FORCE_ID, name="West Mercia Police")
    nb = create_neighbourhood(
        name="Malvern Link",
        force=force,
        email="snt.malvern.link.team@example.police.uk",
        description="We police Malvern Link.",
    )
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    create_person(nb, user=pcso, given_name="Pat", family_name="One")
    create_contact_message(nb, body="A very long message " + "withaveryveryverylongwordthatmustwrap" * 3)
    create_contact_message(nb, body="Overdue", received=timezone.now() - dt.timedelta(days=4))
    create_event(nb, title="Street surgery", start=timezone.now() + dt.timedelta(hours=2))
    station = create_station(
        nb, name="Malvern Front Counter", status=StationStatus.OPEN, status_set_at=timezone.now()
    )
    StationStatusChange.objects.create(station=station, status=StationStatus.OPEN, by=pcso)
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    alert = Message.objects.create(
        force=force,
        title="Car crime",
        body="Lock your car.",
        kind="crime",
        target=Target.NEIGHBOURHOODS,
        author=pcso,
        status=MessageStatus.AWAITING_APPROVAL,
    )
    alert.neighbourhoods.add(nb)
    create_correspondence(nb, reply_due=timezone.localdate() - dt.timedelta(days=1))
    create_priority(
        nb, issue="Parking", issue_date=timezone.localdate() - dt.timedelta(days=200), is_published=True
    )
    analyst = create_staff(Role.ANALYST, scope_level="force")

    page = phone_page
    found: dict[str, Any] = {}
    public = [
        "/accessibility/",
        "/privacy/",
        nb.get_absolute_url(),
        f"{nb.get_absolute_url()}crime/",
        "/staff/sign-in/",
        "/staff/sign-in/force/refused/",
    ]
    staff = [
        (pcso, "/staff/today/"),
        (pcso, f"/staff/teams/{nb.slug}/"),
        (pcso, f"/staff/teams/{nb.slug}/details/"),
        (sergeant, "/staff/today/"),
        (analyst, "/staff/today/"),
    ]
    for width in (375, 320):
        page.set_viewport_size({"width": width, "height": 740})
        visits = [(None, path) for path in public] + staff
        for user, path in visits:
            page.context.clear_cookies()
            if user is not None:
                share_session(page, live_server, sign_in(Client(), user))
            response = page.goto(f"{live_server.url}{path}")
            name = f"{path} as {user.staff.role if user else 'the public'} at {width}px"
            assert response is not None and response.status < 500, name
            found[name] = {"axe": axe_violations(page), "fits": no_sideways_scroll(page)}
        page.context.clear_cookies()
        share_session(page, live_server, sign_in(Client(), pcso))
        page.goto(f"{live_server.url}/staff/teams/{nb.slug}/details/")
        page.fill("#id_telephone", "call us")
        page.get_by_role("button", name="Save team details").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        found[f"team details with errors at {width}px"] = {
            "axe": axe_violations(page),
            "fits": no_sideways_scroll(page),
        }
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(f"{live_server.url}{nb.get_absolute_url()}")
    page.screenshot(path=str(tmp_path / "team-page-320.png"), full_page=True)
    problems = {name: result for name, result in found.items() if result["axe"] or not result["fits"]}
    assert not problems, problems
