"""What a person sees, checked in Chromium with the production Content-Security-Policy on.

A ticked box shows its tick, a prefilled date shows its date, and every page (public, and staff
pages signed in as each role) fits a 320 px screen without scrolling sideways. Screenshots of the
key pages at 375 and 1280 px go to var/screenshots/ for a person to look at as well.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve

from safer.conftest import axe_violations, watch_csp
from safer.testing import sign_in
from safer.web.tests.conftest import SiteData
from safer.web.tests.test_accessibility import PUBLIC_PAGES, _alerts_manage_path

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NARROWEST = 320
WIDTHS = (375, 1280)
STAFF_ROLES = ("demo-pcso", "demo-sergeant", "demo-analyst", "demo-admin")
# Links a crawl must not follow: they sign out, download a file or serve the admin site.
SKIP = re.compile(r"/sign-out|/logout|\.pdf$|\.csv$|\.json$|\.ics$|\.xml$|^/admin/|^/media/|^/static/|/api/")

OVERFLOW_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _label_mark(page: Any, input_id: str) -> dict[str, str]:
    """The computed style of the box (::before) and the tick (::after) drawn by a box's label."""
    return page.evaluate(  # type: ignore[no-any-return]
        """(id) => {
            const label = document.querySelector(`label[for="${id}"]`);
            const box = getComputedStyle(label, '::before');
            const tick = getComputedStyle(label, '::after');
            return {type: document.getElementById(id).type, boxRadius: box.borderRadius,
                    tickOpacity: tick.opacity, tickBorder: tick.borderBottomStyle};
        }""",
        input_id,
    )


def _screenshot(page: Any, name: str, width: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.set_viewport_size({"width": width, "height": 900})
    page.screenshot(path=str(path), full_page=True)
    return path


def _staff_context(browser: Any, site_server: Any, username: str, width: int) -> Any:
    client = sign_in(Client(), User.objects.get(username=username))
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site_server.url}]
    )
    return context


def _box_ids(page: Any, group: str) -> list[str]:
    return (
        page.get_by_role("group", name=group)
        .locator("input")
        .evaluate_all(  # type: ignore[no-any-return]
            "inputs => inputs.map(i => i.id)"
        )
    )


def test_a_ticked_box_shows_its_tick_and_an_unticked_one_does_not(
    page: Any, site_server: Any, site_demo: SiteData
) -> None:
    page.goto(f"{site_server.url}/alerts/sign-up/")
    first, second, *_ = _box_ids(page, "By email")
    page.locator(f"#{first}").check()

    ticked, unticked = _label_mark(page, first), _label_mark(page, second)
    assert ticked["type"] == "checkbox"
    assert ticked["boxRadius"] == "0px", "a tick-box is square, not a radio circle"
    assert ticked["tickOpacity"] == "1" and ticked["tickBorder"] == "solid"
    assert unticked["tickOpacity"] == "0"
    for width in WIDTHS:
        _screenshot(page, "alerts-sign-up-ticked", width)


def test_the_manage_page_shows_the_ticks_a_resident_chose(
    page: Any, site_server: Any, site_demo: SiteData
) -> None:
    page.goto(site_server.url + _alerts_manage_path())
    checked = page.locator("input.govuk-checkboxes__input:checked").evaluate_all(
        "inputs => inputs.map(i => i.id)"
    )
    assert checked, "a demo subscriber has chosen something"
    for input_id in checked:
        mark = _label_mark(page, input_id)
        assert mark["type"] == "checkbox" and mark["boxRadius"] == "0px" and mark["tickOpacity"] == "1"
    for width in WIDTHS:
        _screenshot(page, "alerts-manage", width)


def test_a_prefilled_date_shows_its_date(browser: Any, site_server: Any, site_demo: SiteData) -> None:
    context = _staff_context(browser, site_server, "demo-analyst", 1280)
    violations = watch_csp(context)
    page = context.new_page()
    try:
        page.goto(f"{site_server.url}/crime/near-repeat/")
        dates = page.locator("input[type=date]")
        assert dates.count() == 2
        for i in range(2):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", dates.nth(i).input_value())
            # The picker shows the date, not an empty dd/mm/yyyy mask: its value is valid.
            assert dates.nth(i).evaluate("el => el.validity.valid && el.valueAsDate !== null")
        for width in WIDTHS:
            _screenshot(page, "near-repeat-dates", width)
        assert violations == []
    finally:
        context.close()


def _fits(page: Any) -> tuple[int, int]:
    scroll, client = page.evaluate(OVERFLOW_JS)
    return scroll, client


def test_every_public_page_fits_a_320px_screen(browser: Any, site_server: Any, site_demo: SiteData) -> None:
    context = browser.new_context(
        viewport={"width": NARROWEST, "height": 800}, is_mobile=True, locale="en-GB"
    )
    violations = watch_csp(context)
    page = context.new_page()
    too_wide = []
    try:
        for name, path in PUBLIC_PAGES:
            url = path(site_demo) if callable(path) else path
            page.goto(site_server.url + url)
            scroll, client = _fits(page)
            if scroll > client:
                too_wide.append((name, scroll))
    finally:
        context.close()
    assert too_wide == []
    assert violations == []


def _pattern(path: str) -> str:
    """One URL per view and query shape: the crawl sees each page kind, not every record."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return path
    return (
        f"{match.view_name}?{'&'.join(sorted(k.split('=')[0] for k in urlsplit(path).query.split('&') if k))}"
    )


def crawl_staff_pages(page: Any, base: str, start: str, limit: int = 120) -> list[tuple[str, int, int, int]]:
    """Visit every staff page reachable by links from `start`: (path, status, scrollWidth, clientWidth)."""
    queue, seen_patterns = [start], {_pattern(start)}
    visited: list[tuple[str, int, int, int]] = []
    while queue and len(visited) < limit:
        path = queue.pop(0)
        response = page.goto(base + path)
        status = response.status if response else 0
        scroll, client = _fits(page)
        visited.append((path, status, scroll, client))
        for href in page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc:
                continue
            local = target.path + (f"?{target.query}" if target.query else "")
            if SKIP.search(target.path) or not _is_staff(target.path):
                continue
            pattern = _pattern(local)
            if pattern not in seen_patterns:
                seen_patterns.add(pattern)
                queue.append(local)
    return visited


def _is_staff(path: str) -> bool:
    return path.startswith("/staff/") or "/staff/" in path or path.startswith("/crime/")


@pytest.mark.parametrize("username", STAFF_ROLES)
def test_every_staff_page_fits_a_320px_screen(
    browser: Any, site_server: Any, site_demo: SiteData, username: str
) -> None:
    context = _staff_context(browser, site_server, username, NARROWEST)
    violations = watch_csp(context)
    page = context.new_page()
    try:
        visited = crawl_staff_pages(page, site_server.url, "/staff/")
        if username == "demo-admin":
            page.goto(f"{site_server.url}/staff/audit/")
            # On a phone the log scrolls inside a named region a keyboard can reach.
            region = page.locator(".app-table-scroll")
            assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
            assert region.get_attribute("aria-label")
            assert axe_violations(page) == []
            for width in WIDTHS:
                _screenshot(page, "audit-log", width)
    finally:
        context.close()
    assert len(visited) > 5, visited
    assert [v for v in visited if v[1] >= 500] == []
    too_wide = [f"{path} is {scroll}px wide" for path, _, scroll, client in visited if scroll > client]
    assert too_wide == [], "\n".join(too_wide)
    assert violations == []
