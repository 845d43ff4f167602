"""The public "Support for victims" pages: one per current area, the configured service, help
without reporting, and "Exit this page" before the content, working as a plain link without
JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from safer.testing import create_area

pytestmark = pytest.mark.django_db


def test_each_area_has_a_support_page_with_the_service_and_exit_this_page_first(
    client: Client, settings
) -> None:
    settings.VICTIMS_SUPPORT_SERVICE = {
        **settings.VICTIMS_SUPPORT_SERVICE,
        "name": "Successor Victim Service",
    }
    area = create_area(name="Shropshire, Telford and Wrekin")
    index = client.get("/victims/support/").content.decode()
    assert f'href="/victims/support/{area.slug}/"' in index
    page = client.get(f"/victims/support/{area.slug}/").content.decode()
    assert "Successor Victim Service" in page and "without reporting" in page
    exit_link = page.index('href="https://www.bbc.co.uk/weather"')
    assert page.index('data-module="govuk-exit-this-page"') < exit_link < page.index('id="main-content"')
    assert "victims/exit.js" in page


def test_an_unknown_or_ended_area_is_not_found(client: Client) -> None:
    import datetime as dt

    ended = create_area(effective_to=dt.date(2026, 1, 18), effective_from=dt.date(2020, 1, 1))
    assert client.get(f"/victims/support/{ended.slug}/").status_code == 404
    assert client.get("/victims/support/nowhere/").status_code == 404
