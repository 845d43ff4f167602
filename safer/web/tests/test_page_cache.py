"""Public pages cached whole (safer/lib/page_cache.py): fresh after every edit, within 60 s of a
change by the clock, 304 for an unchanged page, and never carrying anything per-visitor."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.lib.page_cache import FRESH_SECONDS, STALE_SECONDS
from safer.places.models import Neighbourhood
from safer.teams import actions
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in

pytestmark = pytest.mark.django_db


def make_neighbourhood() -> Neighbourhood:
    area = create_area(name="Herefordshire and Worcestershire", slug="hw")
    return create_neighbourhood(
        area=area, name="Ledbury", slug="ledbury", code="HE10", box=(-2.5, 52.0, -2.4, 52.1)
    )


def url(nb: Neighbourhood) -> str:
    return f"/neighbourhoods/{nb.slug}/"


def test_a_duty_change_by_the_clock_shows_within_60_seconds() -> None:
    nb = make_neighbourhood()
    start = timezone.now()
    create_person(
        nb, rank=Rank.PCSO, given_name="Pat", on_duty=True, duty_until=start + dt.timedelta(seconds=5)
    )
    client = Client()
    clock = [start]
    with mock.patch("django.utils.timezone.now", lambda: clock[0]):
        assert "On duty until" in client.get(url(nb)).content.decode()
        clock[0] += dt.timedelta(seconds=10)
        # The duty has ended; the stored page may still say otherwise, but only for a while.
        response = client.get(url(nb))
        max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])  # type: ignore[index]
        assert 10 + max_age + STALE_SECONDS <= 60
        clock[0] += dt.timedelta(seconds=FRESH_SECONDS)
        html = client.get(url(nb)).content.decode()
    assert "On duty until" not in html and "Off duty" in html


def test_a_team_edit_through_the_action_shows_at_once() -> None:
    nb = make_neighbourhood()
    person = create_person(nb, rank=Rank.PCSO, given_name="Pat", on_duty=False)
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    client = Client()
    first = client.get(url(nb))
    assert "Off duty" in first.content.decode()
    actions.set_duty_status(sergeant, person, on_duty=True, until=timezone.now() + dt.timedelta(hours=2))
    second = client.get(url(nb))
    assert "On duty until" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_an_unchanged_page_answers_304_to_its_etag_and_date() -> None:
    nb = make_neighbourhood()
    create_person(nb)
    client = Client()
    first = client.get(url(nb))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "stale-while-revalidate" in first["Cache-Control"]
    again = client.get(url(nb), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]
    since = client.get(url(nb), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url(nb), HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("path", ["/", "/areas/", "/areas/hw/", "/neighbourhoods/ledbury/"])
def test_a_cached_public_page_carries_no_nonce_csrf_token_or_staff_link(path: str) -> None:
    nb = make_neighbourhood()
    create_person(nb)
    # Rendered first for a signed-in member of staff, then served to everyone.
    staff_client = sign_in(Client(), create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    staff_client.get("/staff/")  # a session with a CSRF cookie
    for client in (staff_client, Client()):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200
        assert "nonce" not in html and "csrfmiddlewaretoken" not in html
        assert 'href="/staff/">Staff</a>' not in html
        assert "nonce" not in response["Content-Security-Policy"]
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "Cookie" not in response.get("Vary", "")
        assert response["X-Frame-Options"] == "DENY"
    assert not response.cookies  # the anonymous visitor is handed no cookie


def test_staff_pages_are_never_cached_and_keep_their_nonce() -> None:
    nb = make_neighbourhood()
    client = sign_in(Client(), create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    first, second = client.get("/staff/teams/"), client.get("/staff/teams/")
    assert first.status_code == second.status_code == 200
    nonces = [re.search(r'nonce="([^"]+)"', r.content.decode())[1] for r in (first, second)]  # type: ignore[index]
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1]}'" in second["Content-Security-Policy"]
    assert "public" not in second.get("Cache-Control", "") and "ETag" not in second.headers


def test_a_cached_hit_costs_no_query(django_assert_num_queries: Any) -> None:
    nb = make_neighbourhood()
    for rank in (Rank.INSPECTOR, Rank.SERGEANT, Rank.PC, Rank.PCSO):
        create_person(nb, rank=rank)
    client = Client()
    first = client.get(url(nb))
    with django_assert_num_queries(0):
        hit = client.get(url(nb))
    assert hit.content == first.content


def test_a_new_station_or_a_crime_import_shows_at_once(django_assert_max_num_queries: Any) -> None:
    from safer.crime.public import data_changed
    from safer.testing import create_station

    nb = make_neighbourhood()
    create_person(nb)
    client = Client()
    first = client.get(url(nb))
    create_station(nb, name="Ledbury Police Station")
    second = client.get(url(nb))
    assert "Ledbury Police Station" not in first.content.decode()
    assert "Ledbury Police Station" in second.content.decode()
    data_changed()  # what every crime import calls after its commit
    with django_assert_max_num_queries(50) as queries:
        third = client.get(url(nb))
    assert len(queries) > 0 and third.status_code == 200  # rendered afresh, not served stored


def test_the_station_pages_are_cached_and_follow_an_edit_at_once() -> None:
    from safer.testing import create_station

    nb = make_neighbourhood()
    station = create_station(nb, name="Ledbury Police Station", slug="ledbury")
    client = Client()
    for path in ("/engagement/stations/", "/engagement/stations/ledbury/"):
        first = client.get(path)
        assert first.status_code == 200 and first["ETag"] and "nonce" not in first.content.decode()
        assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    station.name = "Ledbury Station"
    station.save()
    assert "Ledbury Station" in client.get("/engagement/stations/ledbury/").content.decode()
