from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import shapely
from django.test import Client
from django.utils import timezone

from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Rank
from safer.testing import create_area, create_force, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db


def make_neighbourhood(**overrides: Any) -> Neighbourhood:
    area = create_area(name="Herefordshire and Worcestershire", slug="hw")
    fields: dict[str, Any] = {"name": "Ledbury", "slug": "ledbury", "code": "HE10"}
    fields.update(overrides)
    return create_neighbourhood(area=area, box=(-2.50, 52.00, -2.40, 52.10), **fields)


def page(client: Client, nb: Neighbourhood) -> str:
    response = client.get(f"/neighbourhoods/{nb.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_inspector_then_the_sergeant_then_pcs_then_pcsos(client: Client) -> None:
    nb = make_neighbourhood()
    # Created in the wrong order on purpose.
    create_person(nb, rank=Rank.VOLUNTEER, given_name="Vic", family_name="Volunteer")
    create_person(nb, rank=Rank.PCSO, given_name="Pat", family_name="Aardvark")
    create_person(nb, rank=Rank.PC, given_name="Chris", family_name="Zebedee")
    create_person(nb, rank=Rank.SERGEANT, given_name="Sally", family_name="Sergeant")
    create_person(nb, rank=Rank.INSPECTOR, given_name="Ian", family_name="Inspector")
    html = page(client, nb)
    names = ["Inspector Ian Inspector", "Sergeant Sally Sergeant", "PC Chris Zebedee", "PCSO Pat Aardvark"]
    names.append("Police Support Volunteer Vic Volunteer")
    positions = [html.index(f">{name}</h3>") for name in names]
    assert positions == sorted(positions)
    assert html.index("Who leads your team") < positions[0] < positions[1] < html.index(">Your team<")
    assert html.index(">Your team<") < positions[2]


def test_it_shows_contact_details_as_links(client: Client) -> None:
    nb = make_neighbourhood()
    create_person(
        nb, rank=Rank.PC, collar_number="2271", work_mobile="+447700900461", work_email="pc@example.org"
    )
    html = page(client, nb)
    assert '<a class="govuk-link" href="tel:+447700900461">07700 900461</a>' in html
    assert 'href="mailto:pc@example.org"' in html
    assert "collar number 2271" in html


def test_it_shows_a_photo_with_alt_text_or_initials_hidden_from_screen_readers(client: Client) -> None:
    nb = make_neighbourhood()
    create_person(
        nb, given_name="Priya", family_name="Shah", photo="people/priya.jpg", photo_alt="Priya smiling"
    )
    create_person(nb, given_name="Owen", family_name="Jones")
    html = page(client, nb)
    assert re.search(r'<img class="sn-person__photo" src="/media/people/priya.jpg" alt="Priya smiling"', html)
    assert '<span class="sn-avatar" aria-hidden="true">OJ</span>' in html
    assert ">PCSO Owen Jones</h3>" in html  # the name is still there as text


def test_it_says_who_is_on_duty_now_and_until_when(client: Client) -> None:
    nb = make_neighbourhood()
    until = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    if until <= timezone.localtime():  # the last minute of the day
        until += dt.timedelta(days=1)
    create_person(nb, rank=Rank.PC, given_name="Dee", family_name="Duty", on_duty=True, duty_until=until)
    create_person(nb, rank=Rank.PCSO, given_name="Ollie", family_name="Off")
    ended = timezone.now() - dt.timedelta(minutes=5)
    create_person(nb, rank=Rank.PCSO, given_name="Ed", family_name="Ended", on_duty=True, duty_until=ended)
    html = page(client, nb)
    summary = html[html.index('id="on-duty"') : html.index('id="team"')]
    assert "On duty now" in summary
    assert "PC Dee Duty" in summary and "on duty until 23:59" in summary
    assert "Ollie" not in summary and "Ed Ended" not in summary
    assert ">On duty until 23:59</strong>" in html
    assert html.count(">Off duty</strong>") == 2


def test_it_says_when_no_one_is_on_duty(client: Client) -> None:
    nb = make_neighbourhood()
    create_person(nb)
    assert "No one in this team is on duty right now." in page(client, nb)


def card(html: str, name: str) -> str:
    """The team-member card whose heading is `name`."""
    cards = html.split('<li class="sn-person"')[1:]
    found = next(c for c in cards if f">{name}</h3>" in c)
    return found[: found.index("</p>", found.index("sn-person__checked"))]


def test_it_shows_when_details_were_checked_and_flags_stale_ones(client: Client, settings: Any) -> None:
    settings.DETAILS_STALE_AFTER_DAYS = 90
    nb = make_neighbourhood()
    today = timezone.localdate()
    checked = today - dt.timedelta(days=10)
    create_person(nb, given_name="Fresh", family_name="One", details_verified_on=checked)
    create_person(nb, given_name="Stale", family_name="One", details_verified_on=dt.date(2025, 3, 12))
    create_person(nb, given_name="Never", family_name="One", details_verified_on=None)
    html = page(client, nb)
    stale = card(html, "PCSO Stale One")
    assert "Details last checked 12 March 2025" in stale and "May be out of date" in stale
    fresh = card(html, "PCSO Fresh One")
    assert f"Details last checked {checked.day} " in fresh and "May be out of date" not in fresh
    never = card(html, "PCSO Never One")
    assert "Details not checked yet" in never and "May be out of date" in never


def test_it_draws_the_boundary_as_an_accessible_inline_svg(client: Client) -> None:
    nb = make_neighbourhood()
    create_neighbourhood(name="Bromyard", slug="bromyard", box=(-2.40, 52.00, -2.30, 52.10))
    html = page(client, nb)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-label="Map of the Ledbury neighbourhood' in svg
    assert "<title>Map of the Ledbury neighbourhood</title>" in svg
    assert 'class="sn-map__boundary"' in svg and 'class="sn-map__other"' in svg
    assert "approximate" not in svg
    assert '<a class="govuk-link" href="/neighbourhoods/bromyard/">Bromyard</a>' in html


def test_it_labels_an_approximate_boundary(client: Client) -> None:
    nb = make_neighbourhood()
    nb.set_boundary(shapely.box(-2.5, 52.0, -2.4, 52.1), approximate=True)
    nb.save()
    html = page(client, nb)
    assert "<title>Map of the Ledbury neighbourhood (approximate boundary)</title>" in html
    assert "<strong>Approximate boundary.</strong>" in html


def test_it_shows_name_area_description_parishes_and_the_reporting_notice(client: Client) -> None:
    create_force(telephone="101", online_reporting_url="https://example.org/report")
    nb = make_neighbourhood(description="Ledbury town and the villages around it.")
    Parish.objects.create(neighbourhood=nb, name="Eastnor")
    html = page(client, nb)
    assert "<title>Ledbury neighbourhood team – West Mercia Police</title>" in html
    assert '<span class="govuk-caption-l">Herefordshire and Worcestershire</span>' in html
    assert "Ledbury town and the villages around it." in html
    assert "Eastnor" in html
    notice = html[html.index('class="sn-emergency"') :]
    assert "Not for reporting crime" in notice and 'href="tel:999"' in notice
    assert 'href="tel:101"' in notice and 'href="https://example.org/report"' in notice


def test_it_links_to_the_police_uk_compatible_api(client: Client) -> None:
    nb = make_neighbourhood()
    html = page(client, nb)
    assert 'href="/api/west-mercia/HE10"' in html
    assert 'href="/api/west-mercia/HE10/people"' in html


def test_it_shows_no_section_for_a_capability_that_is_not_built(client: Client) -> None:
    nb = make_neighbourhood()
    create_person(nb, rank=Rank.SERGEANT)
    create_person(nb)
    html = page(client, nb)
    main = html[html.index("<main") : html.index("</main>")]
    headings = re.findall(r"<h2[^>]*>([^<]+)</h2>", main)
    # Who, then how to reach them; what they are doing only once there is something to say.
    assert headings == [
        "Who leads your team",
        "Your team",
        "How to reach the team",
        "Not for reporting crime",
        "More about this team",
        "Area covered",
    ]
    assert not re.search(r"(?i)>\s*(events|alerts|priorities)\s*<", main)


def test_it_works_without_javascript(client: Client) -> None:
    nb = make_neighbourhood()
    create_person(nb, on_duty=True)
    html = page(client, nb)
    # Every script is an external file of the shared enhancement layer: the content is all in the HTML.
    # (A JSON block of type application/json is data for the street map, never run.)
    scripts = [s for s in re.findall(r"<script[^>]*>", html) if 'type="application/json"' not in s]
    assert scripts and all('src="/static/' in s and "nonce=" not in s for s in scripts)
    assert "On duty" in html and "<svg" in html and "<noscript" not in html


def test_it_is_cheap_to_serve(client: Client, django_assert_max_num_queries: Any) -> None:
    nb = make_neighbourhood()
    for rank in [Rank.INSPECTOR, Rank.SERGEANT, Rank.PC, Rank.PC, Rank.PCSO, Rank.PCSO, Rank.PCSO]:
        create_person(nb, rank=rank)
    for i in range(6):
        create_neighbourhood(box=(-2.40 + i * 0.01, 52.00, -2.39 + i * 0.01, 52.10))
    Parish.objects.create(neighbourhood=nb, name="Eastnor")
    # Neighbourhood, areas, team, parishes, neighbours, the towns the map names, the problem-solving
    # summaries, the force: one query each, however big the team (and the page is then cached whole).
    with django_assert_max_num_queries(8):
        page(client, nb)


def test_it_answers_404_in_the_site_layout_for_an_unknown_team(client: Client) -> None:
    response = client.get("/neighbourhoods/nowhere/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="force-header"' in html
