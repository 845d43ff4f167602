"""The repeat-victims page in a real browser, checked with axe."""

from __future__ import annotations

from typing import Any

from django.test import Client

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.crime.tests.test_repeats_and_audit import repeat_victims
from safer.testing import create_neighbourhood, create_staff, sign_in


def test_the_repeat_victims_pages_are_accessible_and_their_pagination_works(
    live_server: Any, page: Any, transactional_db: None
) -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), name="Worcester Central")
    repeat_victims(60)
    client = sign_in(Client(), create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/victims/repeat-victims/")
    page.get_by_role("navigation", name="Repeat victims pages").get_by_role("link", name="Next page").click()
    page.wait_for_url("**/victims/repeat-victims/?offenders_page=1&page=2")
    assert "51 to 60 of 60" in page.locator("#victims caption").inner_text()
    assert page.locator("#victims tbody tr").count() == 10
    assert axe_violations(page) == []
