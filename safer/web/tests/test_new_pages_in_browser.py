"""Issue 12's other new and changed pages in Chromium, with a local tile server: a message's target
over street tiles (a staff page, whose CSP has a nonce), the crime section's map, the reply form a
message's link opens, and the monthly downloads on the Imports page. Each has no axe violations and
no sideways scrolling at 320 px, and no Content-Security-Policy violation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from safer.accounts.models import Role
from safer.alerts.links import reply_url
from safer.alerts.models import MessageStatus, Target
from safer.alerts.tests.test_compose import draft
from safer.alerts.tests.test_signup import postcode_in
from safer.conftest import axe_violations, watch_csp
from safer.crime.models import ArchiveFetch
from safer.lib.maps import csp_with_tiles
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.web.tests.conftest import TileServer


def looks_right(page: Any, tmp_path: Path, name: str) -> None:
    assert axe_violations(page) == [], name
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(tmp_path / f"{name}-375.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_target_map_reply_form_and_imports_page_pass_axe_at_320_px(
    browser: Any,
    live_server: Any,
    tile_server: TileServer,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.SITE_URL = live_server.url
    settings.MAP_TILES_URL = tile_server.url
    settings.MAP_TILES_ATTRIBUTION = "Test tiles"
    settings.CONTENT_SECURITY_POLICY = csp_with_tiles(
        django_settings.CONTENT_SECURITY_POLICY, tile_server.url
    )
    nb = create_neighbourhood(name="Claines", box=(-2.25, 52.18, -2.19, 52.22))
    settings.FORCE_ID = nb.force.slug
    postcode_in(nb, "WR38SP")
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    import shapely

    from safer.alerts.fanout import circle

    message = draft(
        sergeant,
        title="Sheds broken into on Elm Road",
        target=Target.CIRCLE,
        geometry_wkb=shapely.to_wkb(circle(52.2, -2.22, 400)),
    )
    message.status, message.sent_at = MessageStatus.SENT, timezone.now()
    message.save()
    ArchiveFetch.objects.create(
        url="https://data.police.uk/data/archive/latest.zip", force=nb.force.slug, status="failed",
        message="the download stopped after 1,024 of 2,048 bytes; the part is kept for the next run.",
    )  # fmt: skip
    ArchiveFetch.objects.create(
        url="https://data.police.uk/data/archive/latest.zip", force=nb.force.slug, status="imported",
        months=["2019-01"], rows={"street": 600}, message="Imported 600 rows from 1 file(s).",
    )  # fmt: skip

    client = sign_in(Client(), sergeant)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    violations = watch_csp(context)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        # The message's circle over street tiles, on a staff page.
        page.goto(f"{live_server.url}/alerts/staff/messages/{message.pk}/")
        expect(page.locator("[data-sn-map='target-map-layers']")).to_have_attribute(
            "data-sn-map-ready", "true"
        )
        expect(page.locator("path.sn-leaflet__target")).to_be_visible()
        expect(page.locator(".sn-leaflet img.leaflet-tile-loaded").first).to_be_visible()
        looks_right(page, tmp_path, "message-target")

        # The Imports page lists the monthly downloads, failed and imported.
        page.goto(f"{live_server.url}/crime/imports/")
        expect(page.get_by_text("the download stopped after 1,024 of 2,048 bytes")).to_be_visible()
        expect(page.get_by_text("2019-01", exact=True)).to_be_visible()
        looks_right(page, tmp_path, "imports")

        # The reply form the message's email links to (a resident: a new context, no session).
        resident = browser.new_context(viewport={"width": 375, "height": 800}, locale="en-GB")
        resident_violations = watch_csp(resident)
        reply_page = resident.new_page()
        reply_page.goto(reply_url(message))
        expect(reply_page.get_by_role("heading", name="Reply to your neighbourhood team")).to_be_visible()
        expect(reply_page.get_by_text("Sheds broken into on Elm Road")).to_be_visible()
        looks_right(reply_page, tmp_path, "reply-form")
        resident.close()
        assert resident_violations == []
    finally:
        context.close()
    assert violations == []
