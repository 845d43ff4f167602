"""The prevention pages in a real browser, checked with axe."""

from __future__ import annotations

from typing import Any

from django.test import Client

from safer.accounts.models import Role
from safer.conftest import axe_violations
from safer.crime.models import Incident
from safer.crime.tests.test_pages_in_browser import setup_data
from safer.problems.actions import plan_near_repeat_response
from safer.testing import create_staff, sign_in


def test_the_prevention_pages_are_accessible(live_server: Any, page: Any, transactional_db: None) -> None:
    setup_data()
    user = create_staff(Role.ANALYST, scope_level="force")
    client = sign_in(Client(), user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    action = plan_near_repeat_response(user, Incident.objects.get(reference="B0"))
    pages = {
        "prevention": "/problems/prevention/",
        "prevention detail": f"/problems/prevention/{action.pk}/",
        "old address": f"/crime/prevention/{action.pk}/",
    }
    found = {}
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, name
        found[name] = axe_violations(page)
    assert page.url == f"{live_server.url}/problems/prevention/{action.pk}/"
    assert "B0" in page.locator("main").inner_text()
    assert found == dict.fromkeys(pages, [])
