"""In a real browser: an analyst opens a hot spot and starts a plan from it, a sergeant approves
scanning and analysis, a council partner signs in, sees only that plan and updates their response,
the plan is assessed with WDQ from the crime tables, an inspector closes it, and its public summary
appears on the neighbourhood page. Then every new page at 320 px with axe."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.test import Client
from playwright.sync_api import expect

from safer.accounts.models import AuditEvent, Role
from safer.crime.models import Crime
from safer.crime.tests.test_pages_in_browser import setup_data
from safer.partners.sharing import READ_ACTION
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.places.models import Neighbourhood
from safer.problems.models import Plan
from safer.problems.tests.factories import new_plan
from safer.testing import create_staff, sign_in


def _as(page: Any, live_server: Any, user: Any) -> None:
    client = sign_in(Client(), user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _expected_wdq(plan: Plan, buffer_m: float, control_ids: list[int]) -> float:
    """Hand count from the crime table, then Bowers & Johnson's formula, independent of the app."""
    rows = Crime.objects.exclude(location=None).values_list(
        "month", "location__easting", "location__northing", "neighbourhood_id"
    )
    c = {"Rb": 0, "Ra": 0, "Db": 0, "Da": 0, "Cb": 0, "Ca": 0}
    for month, e, n, nb in rows:
        when = "b" if month == "2019-01" else "a"
        d = float(np.hypot(e - plan.easting, n - plan.northing))  # type: ignore[operator]
        if d <= plan.radius_m:
            c["R" + when] += 1
        elif d <= plan.radius_m + buffer_m:
            c["D" + when] += 1
        elif nb in control_ids:
            c["C" + when] += 1
    return (c["Da"] / c["Ca"] - c["Db"] / c["Cb"]) / (c["Ra"] / c["Ca"] - c["Rb"] / c["Cb"])


def test_from_hot_spot_to_public_summary(
    live_server: Any, page: Any, transactional_db: None, tmp_path: Any
) -> None:
    nb = setup_data()
    area = nb.areas.get()
    analyst = create_staff(Role.ANALYST, scope_level="force")
    sergeant = create_staff(Role.SERGEANT, areas=[area])
    inspector = create_staff(Role.INSPECTOR, areas=[area])
    council = create_agency(name="Worcester City Council")
    create_agreement(council, data_items=["title", "area", "dates", "responses"])
    other = new_plan(sergeant, nb, title="Not shared with anyone", easting=384_000.0, northing=255_000.0)
    url = live_server.url

    # The analyst opens the hot spots and starts a plan from the hottest cell.
    _as(page, live_server, analyst)
    page.goto(f"{url}/crime/hot-spots/")
    page.get_by_role("link", name="Start a plan").first.click()
    expect(page.get_by_role("heading", name="Start a problem-solving plan")).to_be_visible()
    page.get_by_label("Objective").fill("Halve crime in this hot spot within three months.")
    page.get_by_label("Neighbourhood", exact=True).select_option(label="Worcester Central")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("started with")).to_be_visible()
    plan = Plan.objects.exclude(pk=other.pk).get()
    assert plan.source == "hotspot" and plan.crimes.count() >= 2
    page.get_by_role("link", name="Edit the plan").click()
    page.get_by_label("Scanning").fill("Shop thefts and ASB cluster round the bus station.")
    page.get_by_label("Analysis").fill("Most happen after school; no guardians on the upper deck.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Ask a sergeant to sign off the scanning").click()
    expect(page.get_by_text("Sent to a sergeant")).to_be_visible()

    # The sergeant approves scanning and analysis, shares the plan and gives the council a response.
    _as(page, live_server, sergeant)
    page.goto(f"{url}/problems/plans/{plan.pk}/")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Scanning approved.")).to_be_visible()
    page.get_by_role("button", name="Ask a sergeant to sign off the analysis").click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Analysis approved.")).to_be_visible()
    page.get_by_label("Share with").select_option(label="Worcester City Council")
    page.get_by_role("button", name="Share the plan").click()
    expect(page.get_by_text("Shared with Worcester City Council.")).to_be_visible()
    page.get_by_text("Add a response").click()
    page.get_by_label("Description").fill("Trim the hedges and fix the lights by the shelters")
    page.get_by_label("Owned by").select_option(label="Partner agency")
    page.get_by_label("Partner agency", exact=True).select_option(label="Worcester City Council")
    page.get_by_label("Due").fill("2030-01-31")
    page.get_by_role("button", name="Add the response").click()
    expect(page.get_by_text("Response added.")).to_be_visible()

    # A council partner signs in, sees only that plan, and updates their response.
    partner = create_partner(council)
    _as(page, live_server, partner)
    page.goto(f"{url}/problems/partner/")
    expect(page.get_by_role("link", name=plan.reference)).to_be_visible()
    expect(page.get_by_text(other.reference)).to_have_count(0)
    page.get_by_role("link", name=plan.reference).click()
    page.get_by_role("link", name="Trim the hedges").click()
    page.get_by_label("Done").check()
    page.get_by_label("Progress note").fill("Hedges trimmed, two lights replaced.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_text("Hedges trimmed, two lights replaced.")).to_be_visible()
    assert AuditEvent.objects.filter(action=READ_ACTION, actor=partner).count() >= 2

    # The plan is assessed from the crime tables: before January, after February 2019.
    _as(page, live_server, sergeant)
    page.goto(f"{url}/problems/plans/{plan.pk}/assess/")
    page.get_by_label("Reduced the problem by a share").check()
    page.get_by_role("button", name="Count and record the assessment").click()
    expect(page.get_by_text("Assessment recorded")).to_be_visible()
    controls = list(plan.assessment.control.values_list("pk", flat=True))
    assert plan.assessment.before_first == "2019-01" and plan.assessment.after_first == "2019-02"
    expected = _expected_wdq(plan, plan.assessment.buffer_m, controls)
    expect(page.locator("#wdq")).to_have_text(f"{expected:.2f}")
    page.screenshot(path=str(tmp_path / "assess-1280.png"), full_page=True)

    # The inspector closes it and approves its public summary.
    _as(page, live_server, inspector)
    page.goto(f"{url}/problems/plans/{plan.pk}/")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Plan closed.")).to_be_visible()
    page.get_by_role("link", name="Write-up", exact=True).click()
    page.get_by_label("Public title").fill("crime at the bus station")
    page.get_by_label("Public summary").fill("With the council we trimmed hedges and fixed lights.")
    page.get_by_role("button", name="Save the write-up").click()
    page.goto(f"{url}/problems/plans/{plan.pk}/")
    page.get_by_role("button", name="Approve the public summary").click()
    expect(page.get_by_text("Public summary approved: it is on the neighbourhood page.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(url + Neighbourhood.objects.get(pk=nb.pk).get_absolute_url())
    expect(page.get_by_role("heading", name="What we did about crime at the bus station")).to_be_visible()
