from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from safer.testing import create_area, create_force

pytestmark = pytest.mark.django_db


def test_it_serves_the_home_page_with_a_strict_csp(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Find your neighbourhood team" in response.content
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp


def test_it_searches_with_a_plain_get_form_that_needs_no_javascript(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<form action="/find" method="get"' in html
    assert '<label class="govuk-label govuk-label--xl" for="q">Find your neighbourhood team</label>' in html
    assert '<button type="submit" class="govuk-button' in html
    # "Use my location" is added by the script; without it the holder stays hidden.
    assert "data-sn-locate" in html and 'data-find-url="/find" hidden>' in html
    assert "Use my location" not in html
    assert '<script type="module" src="/static/web/locate.js">' in html


def test_it_signposts_999_101_and_online_reporting(client: Client) -> None:
    create_force(online_reporting_url="https://example.org/report")
    html = client.get("/").content.decode()
    assert 'href="tel:999"' in html and 'href="tel:101"' in html
    assert '<a class="govuk-link" href="https://example.org/report">report it online</a>' in html


def test_it_lists_the_current_areas_only(client: Client) -> None:
    create_area(name="Shropshire and Telford", slug="shropshire-and-telford")
    create_area(
        name="Herefordshire",
        slug="herefordshire",
        effective_from=dt.date(2018, 4, 1),
        effective_to=dt.date(2026, 1, 18),
    )
    html = client.get("/").content.decode()
    assert '<a class="govuk-link" href="/areas/shropshire-and-telford/">Shropshire and Telford</a>' in html
    assert "/areas/herefordshire/" not in html


def test_it_gives_search_examples_from_the_forces_own_data(client: Client) -> None:
    from safer.places.models import Place, Postcode
    from safer.testing import create_neighbourhood

    assert "For example" not in client.get("/").content.decode()  # nothing to give yet
    nb = create_neighbourhood(box=(-2.3, 52.1, -2.1, 52.3))
    Postcode.objects.create(postcode="WR14AA", latitude=52.19, longitude=-2.22, neighbourhood=nb)
    Place.objects.create(name="Claines", latitude=52.21, longitude=-2.22, neighbourhood=nb)
    from django.core.cache import cache

    cache.clear()
    assert "For example, WR1 4AA or Claines." in client.get("/").content.decode()


def test_it_links_the_footer_to_the_forces_online_reporting(client: Client) -> None:
    create_force(online_reporting_url="https://report.example.police.uk/")
    html = client.get("/").content.decode()
    assert 'href="https://report.example.police.uk/">report it online</a>' in html
