"""The staff concerns page ranks each parish's concerns (last 12 months) with a link to start a
problem-solving plan from a ranked concern."""

from __future__ import annotations

import datetime as dt
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safer.engagement.models import Concern
from safer.places.models import Parish
from safer.testing import create_neighbourhood, sign_in


def _raise(parish, category, times, **fields):
    for _ in range(times):
        Concern.objects.create(
            neighbourhood=parish.neighbourhood, parish=parish, category=category, source="survey", **fields
        )


def test_each_parish_shows_its_top_three_concerns_with_a_plan_link_saying_the_rank(client, team):
    eastnor = Parish.objects.create(neighbourhood=team.neighbourhood, name="Eastnor")
    _raise(eastnor, "speeding", 5)
    _raise(eastnor, "parking", 3)
    _raise(eastnor, "drugs", 2)
    _raise(eastnor, "burglary", 1)
    _raise(eastnor, "rural-crime", 9, recorded_at=timezone.now() - dt.timedelta(days=400))  # too old
    elsewhere = Parish.objects.create(neighbourhood=create_neighbourhood(area=team.area), name="Colwall")
    _raise(elsewhere, "drugs", 4)  # another team's parish

    sign_in(client, team.pcso)
    page = client.get(reverse("engagement:staff-concerns"))
    assert page.status_code == 200
    (row,) = page.context["ranked"].rows
    assert row["parish"] == eastnor and row["total"] == 4
    assert [(r["label"], r["count"]) for r in row["top"]] == [
        ("Speeding and road safety", 5),
        ("Parking", 3),
        ("Drugs", 2),
    ]
    html = unescape(page.content.decode())
    assert "Ranked concerns by parish (last 12 months)" in html
    start = reverse("problems:plan-start")
    assert (
        f"{start}?source=concern&parish={eastnor.pk}&concern=Speeding%20and%20road%20safety&rank=1&of=4"
        in html
    )
    assert "concern=Drugs&rank=3&of=4" in html
    ranked = html[html.index("Ranked concerns by parish") : html.index("Latest concerns")]
    assert "Eastnor" in ranked and "Colwall" not in ranked and "Rural crime" not in ranked


def test_it_says_so_when_no_parish_has_concerns(client, team):
    sign_in(client, team.pcso)
    html = client.get(reverse("engagement:staff-concerns")).content.decode()
    assert "No concerns were recorded against a parish in your area in the last 12 months." in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("engagement:staff-concerns")).status_code == 200
    return len(queries)


def test_many_parishes_come_a_page_at_a_time_in_the_same_few_queries(client, team):
    sign_in(client, team.pcso)
    _raise(Parish.objects.create(neighbourhood=team.neighbourhood, name="Parish 00"), "drugs", 1)
    _queries(client)  # the first request of a session does its own bookkeeping
    few = _queries(client)
    for n in range(1, 23):
        parish = Parish.objects.create(neighbourhood=team.neighbourhood, name=f"Parish {n:02d}")
        _raise(parish, "drugs", 1)
        _raise(parish, "parking", 2)
    assert _queries(client) == few
    first = client.get(reverse("engagement:staff-concerns"))
    assert len(first.context["ranked"].rows) == 20
    second = client.get(reverse("engagement:staff-concerns") + "?page=2")
    assert [r["parish"].name for r in second.context["ranked"].rows] == [
        "Parish 20",
        "Parish 21",
        "Parish 22",
    ]
    assert 'aria-label="Ranked parish pages"' in first.content.decode()
    assert client.get(reverse("engagement:staff-concerns") + "?page=abc").status_code == 200
