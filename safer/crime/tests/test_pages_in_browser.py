"""The public crime section and the back-office crime pages in a real browser, checked with axe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.conftest import axe_violations, load_axe
from safer.crime.importers import import_path
from safer.crime.incidents import IncidentRow, save_incidents
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in

DATA = Path(__file__).resolve().parent.parent / "data"


def section_violations(page: Any, selector: str) -> list[str]:
    """axe (WCAG 2.0–2.2 A and AA) on one part of the page only."""
    load_axe(page)
    result = page.evaluate(
        "(sel) => axe.run({include: [sel]}, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})",
        selector,
    )
    return [v["id"] for v in result["violations"]]


def setup_data() -> Any:
    area = create_area(name="South Worcestershire")
    nb = create_neighbourhood(
        box=(-2.26, 52.17, -2.19, 52.21), area=area, name="Worcester Central", population=20000
    )
    create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15), area=area, name="Malvern", population=30000)
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    now = timezone.now()
    save_incidents(
        [
            IncidentRow(
                f"B{k}",
                now - dt.timedelta(days=k * 3),
                "burglary-residential",
                52.19 + k * 0.001,
                -2.22,
                None,
                None,
                victim_ref=f"V{k % 3}",
                offender_refs="O1",
            )
            for k in range(12)
        ],
        "test",
    )
    return nb


def test_the_public_crime_section_is_accessible_on_desktop_and_phone(
    live_server: Any, page: Any, phone_page: Any, transactional_db: None
) -> None:
    nb = setup_data()
    for pg in (page, phone_page):
        # The team page links to its own crime page (issue 12: the team page stays short on a phone).
        pg.goto(f"{live_server.url}{nb.get_absolute_url()}crime/")
        assert pg.locator("#crime-heading").is_visible()
        assert "Open Government Licence v3.0" in pg.locator(".sn-crime").inner_text()
        assert pg.locator(".sn-crime svg circle").count() > 10
        assert section_violations(pg, ".sn-crime") == []
    assert axe_violations(page) == []  # the whole page, on a desktop


def test_the_back_office_crime_pages_are_accessible(
    live_server: Any, page: Any, transactional_db: None
) -> None:
    nb = setup_data()
    user = create_staff(Role.ANALYST, scope_level="force")
    client = sign_in(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    start = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    pages = {
        "overview": "/crime/",
        "locations": f"/crime/repeat-locations/?neighbourhood={nb.pk}&months=12",
        "hot spots": "/crime/hot-spots/",
        "knox": f"/crime/near-repeat/?category=burglary*&start={start}&end={timezone.localdate().isoformat()}"
        "&spatial=0,1,100,200&temporal=0,7,14&metric=manhattan&permutations=99&seed=1",
        "knox errors": "/crime/near-repeat/?category=burglary*&start=x&end=y&spatial=1&temporal=0,7"
        "&metric=manhattan&permutations=99&seed=1",
        "imports": "/crime/imports/",
    }
    found = {}
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, name
        found[name] = axe_violations(page)
    assert found == dict.fromkeys(pages, [])
