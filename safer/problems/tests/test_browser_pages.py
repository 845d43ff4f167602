"""Every new problems page at 320 px: axe finds nothing and nothing scrolls sideways (demo data)."""

from __future__ import annotations

from typing import Any

from django.test import Client

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.crime.tests.test_pages_in_browser import setup_data
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.problems import plans as plan_links
from safer.problems.demo import load_demo_plans
from safer.problems.models import AnalysisRequest, Plan, Response, Stage
from safer.testing import create_priority, create_staff, sign_in

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _as(pg: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    pg.context.clear_cookies()
    pg.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_the_new_pages_pass_axe_and_fit_320_px(
    live_server: Any, phone_page: Any, transactional_db: None, tmp_path: Any
) -> None:
    nb = setup_data()
    create_staff(Role.PC, neighbourhoods=[nb], username="demo-pc")
    inspector = create_staff(Role.INSPECTOR, areas=[nb.areas.get()], username="demo-inspector")
    council = create_agency(name="Worcester City Council")
    create_agreement(council, data_items=["title", "summary", "area", "dates", "analysis", "responses"])
    load_demo_plans()
    plans = {p.stage: p for p in Plan.objects.all()}
    shared = plans[Stage.RESPONSE]
    ours = Response.objects.get(owner_agency=council)
    # A linked priority and a long open one in the select: the part must still fit 320 px.
    linked = create_priority(nb, issue="Speeding on the Homend at school times")
    create_priority(nb, issue="Parking on the pavement outside the primary school " * 3)
    plan_links.link_priority(inspector, shared, str(linked.pk))
    staff_pages = [
        "/problems/plans/",
        "/problems/plans/new/",
        "/problems/plans/new/?source=near_repeat&response=0",
        f"/problems/plans/new/?source=priority&priority={linked.pk}",
        *[f"/problems/plans/{p.pk}/" for p in plans.values()],
        f"/problems/plans/{shared.pk}/edit/",
        f"/problems/plans/{plans[Stage.CLOSED].pk}/assess/",
        f"/problems/plans/{plans[Stage.CLOSED].pk}/write-up/",
        f"/problems/responses/{ours.pk}/",
        "/problems/hub/",
        "/problems/requests/",
        f"/problems/requests/{AnalysisRequest.objects.first().pk}/",  # type: ignore[union-attr]
        "/problems/time/",
        nb.get_absolute_url(),
    ]
    partner_pages = [
        "/problems/partner/",
        f"/problems/partner/plans/{shared.pk}/",
        f"/problems/partner/responses/{ours.pk}/",
    ]
    phone_page.set_viewport_size({"width": 320, "height": 740})
    found: dict[str, Any] = {}
    for user, pages in ((inspector, staff_pages), (create_partner(council), partner_pages)):
        _as(phone_page, live_server, user)
        for url in pages:
            response = phone_page.goto(live_server.url + url)
            assert response is not None and response.status == 200, url
            problems = axe_violations(phone_page)
            overflow = phone_page.evaluate(OVERFLOW_JS)
            if problems or overflow > 0:
                found[url] = {"axe": problems, "overflow": overflow}
            if url == f"/problems/plans/{shared.pk}/":
                phone_page.screenshot(path=str(tmp_path / "plan-320.png"), full_page=True)
    assert found == {}
