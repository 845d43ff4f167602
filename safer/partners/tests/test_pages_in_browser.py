"""The partners pages in a real browser: the public ASB Case Review application walked without
JavaScript at 320 px, and every new page checked with axe and for sideways scrolling at 320 px."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.conftest import axe_violations, csp_checked_page
from safer.partners.models import CaseReviewApplication, Forum, ForumAction, ForumMeeting
from safer.partners.models.forums import ForumKind
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.places.models import Postcode
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _checked(pg: Any, url: str, tmp_path: Path, shot: str = "") -> None:
    pg.goto(url)
    assert pg.evaluate(OVERFLOW_JS) <= 0, f"sideways scroll at 320 px on {url}"
    if shot:
        pg.screenshot(path=str(tmp_path / f"{shot}.png"), full_page=True)
    found = axe_violations(pg)
    assert found == [], f"{url}: {found}"


def test_the_application_works_without_javascript_at_320_px(
    live_server: Any, browser: Any, transactional_db: None
) -> None:
    hood = create_neighbourhood(area=create_area(), name="Worcester Central")
    Postcode.objects.create(postcode="WR11AA", latitude=52.19, longitude=-2.22, neighbourhood=hood)
    base = live_server.url
    with csp_checked_page(browser, java_script_enabled=False, viewport={"width": 320, "height": 700}) as pg:
        pg.goto(f"{base}/asb-case-review/")
        pg.get_by_role("button", name="Start now").click()
        pg.get_by_label("Someone else, with their consent").check()
        pg.get_by_role("button", name="Continue").click()
        # Consent is required: the error is shown and linked from the summary.
        pg.get_by_label("Full name of the person you are applying for").fill("Jo Neighbour")
        pg.get_by_label("How do you know them?").fill("Daughter")
        pg.get_by_role("button", name="Continue").click()
        assert "You need their written consent" in pg.locator(".govuk-error-summary").inner_text()
        pg.get_by_label("They have agreed in writing that I can apply for them").check()
        pg.get_by_role("button", name="Continue").click()
        pg.get_by_label("Your full name").fill("Ann Applicant")
        pg.get_by_label("Email address").fill("ann@example.org")
        pg.get_by_label("Postcode where the anti-social behaviour affects you").fill("WR1 1AA")
        pg.get_by_role("button", name="Continue").click()
        pg.get_by_label("What is happening?").fill("Motorbikes on the playing field every night.")
        pg.get_by_label("Where does it happen?").fill("Elm Road playing field")
        pg.get_by_label("No").check()
        pg.get_by_role("button", name="Continue").click()
        pg.get_by_label("Report 1: date you reported it").fill(
            (timezone.localdate() - dt.timedelta(days=12)).isoformat()
        )
        pg.get_by_label("Report 1: who you reported it to").select_option("police")
        pg.get_by_role("button", name="Continue").click()
        assert "Check your answers" in pg.locator("h1").inner_text()
        assert pg.evaluate(OVERFLOW_JS) <= 0
        pg.get_by_role("button", name="Send application").click()
        assert "Application sent" in pg.locator("h1").inner_text()
    application = CaseReviewApplication.objects.get()
    assert application.victim_name == "Jo Neighbour" and application.consent_confirmed
    assert application.complaints.count() == 1


def test_every_new_page_is_accessible_at_320_px(
    live_server: Any, browser: Any, tmp_path: Path, transactional_db: None
) -> None:
    area = create_area()
    hood = create_neighbourhood(area=area, name="Worcester Central")
    council = create_agency(name="Worcester City Council")
    agreement = create_agreement(council, reference="ISA-1")
    forum = Forum.objects.create(name="Worcester CSP", kind=ForumKind.CSP, area=area)
    forum.members.add(council)
    meeting = ForumMeeting.objects.create(forum=forum, held_on=timezone.localdate())
    ForumAction.objects.create(meeting=meeting, description="Fix the lights", owner_agency=council)
    application = CaseReviewApplication.objects.create(
        reference="CR-AXE",
        area=area,
        neighbourhood=hood,
        received_at=timezone.now(),
        applicant_name="Pat",
        applicant_email="pat@example.org",
        applicant_postcode="WR1 1AA",
        behaviour="Noise",
        location="Elm Road",
    )
    application.complaints.create(reported_on=timezone.localdate(), reported_to="police")
    base = live_server.url
    staff = sign_in(Client(), create_staff(Role.SERGEANT, neighbourhoods=[hood]))
    partner = sign_in(Client(), create_partner(council))
    with csp_checked_page(browser, viewport={"width": 320, "height": 700}, is_mobile=True) as pg:
        for url in ["/asb-case-review/", "/asb-case-review/apply/who/", "/asb-case-review/figures/"]:
            _checked(pg, base + url, tmp_path, shot="start" if url == "/asb-case-review/" else "")
        pg.goto(base + "/asb-case-review/apply/who/")
        pg.get_by_role("button", name="Continue").click()  # the error state
        assert axe_violations(pg) == []
        pg.context.add_cookies(
            [{"name": "sessionid", "value": staff.cookies["sessionid"].value, "url": base}]
        )
        for url in [
            "/partners/",
            f"/partners/agencies/{council.pk}/",
            "/partners/agreements/",
            f"/partners/agreements/{agreement.pk}/",
            "/partners/forums/",
            f"/partners/forums/{forum.pk}/",
            f"/partners/meetings/{meeting.pk}/",
            "/partners/case-reviews/",
            f"/partners/case-reviews/{application.pk}/",
        ]:
            _checked(
                pg,
                base + url,
                tmp_path,
                shot="case-review" if "case-reviews/" in url and url[-2] != "s" else "",
            )
        pg.context.clear_cookies()
        pg.context.add_cookies(
            [{"name": "sessionid", "value": partner.cookies["sessionid"].value, "url": base}]
        )
        _checked(pg, base + "/partners/my-agency/", tmp_path, shot="my-agency")
