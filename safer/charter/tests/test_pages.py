from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from safer.charter.loader import get_charter
from safer.lib.metrics import REGISTRY
from safer.teams.models import Rank
from safer.testing import create_area, create_force, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> dict[str, Any]:
    create_force()
    north = create_area(slug="shropshire-telford", name="Shropshire and Telford")
    south = create_area(slug="herefordshire-worcestershire", name="Herefordshire and Worcestershire")
    named = create_neighbourhood(area=north, slug="ludlow", name="Ludlow")
    for rank in (Rank.INSPECTOR, Rank.SERGEANT, Rank.PCSO):
        create_person(named, rank=rank)
    create_neighbourhood(area=south, slug="malvern", name="Malvern")
    return {"north": north, "south": south}


def test_it_lists_the_charters(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Neighbourhood Policing Charter 2021" in text
    assert "Neighbourhood Policing Guarantee" in text
    assert "Local Policing Charter 2025" in text
    assert 'href="/scorecard/west-mercia-2021/"' in text


def test_it_shows_the_force_scorecard_with_themes_targets_and_status_tags(
    client: Client, places: dict[str, Any]
) -> None:
    response = client.get("/scorecard/west-mercia-2021/")
    assert response.status_code == 200
    text = response.content.decode()
    for theme in ("Visibility and accessibility", "Responding to our communities", "Partnerships"):
        assert theme in text
    assert "Neighbourhoods with a named inspector, a named sergeant and at least one PC or PCSO" in text
    # One of the two neighbourhoods has a full named team: 50% against a target of 100%.
    assert "50% (1 of 2)" in text
    assert "At least 100%, on the day" in text
    assert '<strong class="govuk-tag govuk-tag--red">Not met</strong>' in text
    assert '<strong class="govuk-tag govuk-tag--grey">Not measured yet</strong>' in text
    assert "Over the last 12 months" in text and "The last 12 months as a table" in text
    assert 'href="/scorecard/west-mercia-2021/areas/shropshire-telford/"' in text
    assert "style=" not in text


def test_it_filters_by_area_with_a_get_form(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/west-mercia-2021/", {"area": "shropshire-telford"})
    assert response.status_code == 302
    assert response["Location"] == "/scorecard/west-mercia-2021/areas/shropshire-telford/"

    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert '<h1 class="govuk-heading-xl">Shropshire and Telford</h1>' in text
    assert "100% (1 of 1)" in text
    assert 'href="/scorecard/west-mercia-2021/neighbourhoods/ludlow/"' in text
    assert "/neighbourhoods/malvern/" not in text


def test_it_explains_an_unknown_area(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/west-mercia-2021/", {"area": "atlantis"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert 'href="#area">Choose an area from the list' in text


def test_it_shows_a_neighbourhood_scorecard(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/west-mercia-2021/neighbourhoods/malvern/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Malvern</h1>' in text
    assert "0% (0 of 1)" in text
    assert "judged only for a wider area" in text
    assert "Herefordshire and Worcestershire scorecard" in text


def test_it_answers_404_for_unknown_charters_and_places(client: Client, places: dict[str, Any]) -> None:
    assert client.get("/scorecard/no-such-charter/").status_code == 404
    assert client.get("/scorecard/no-such-charter.csv").status_code == 404
    assert client.get("/scorecard/west-mercia-2021/areas/atlantis/").status_code == 404
    assert client.get("/scorecard/west-mercia-2021/neighbourhoods/atlantis/").status_code == 404


def test_it_downloads_every_promise_and_place_as_csv(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/west-mercia-2021.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    charter = get_charter("west-mercia-2021")
    assert charter is not None
    expected = sum(
        1
        + (2 if p.level in ("area", "neighbourhood", "parish") else 0)
        + (2 if p.level in ("neighbourhood", "parish") else 0)
        for p in charter.promises
    )
    assert len(rows) == expected
    row = next(r for r in rows if r["promise"] == "a6-dedicated-named-team" and r["level"] == "force")
    assert (row["value"], row["numerator"], row["denominator"]) == ("50.0", "1", "2")
    assert (row["target_op"], row["target_value"], row["unit"], row["status"]) == (
        ">=",
        "100.0",
        "%",
        "not met",
    )
    # Every charter metric is registered now: no row is left "not measured yet".
    assert all(r["metric"] in REGISTRY and r["status"] != "not measured yet" for r in rows)


def test_it_downloads_the_same_rows_as_json(client: Client, places: dict[str, Any]) -> None:
    response = client.get("/scorecard/national-neighbourhood-policing-guarantee.json")
    assert response.status_code == 200
    data = response.json()
    assert data["charter"]["id"] == "national-neighbourhood-policing-guarantee"
    assert data["statuses"] == ["met", "not met", "no data", "not measured yet"]
    row = next(
        r for r in data["results"] if r["promise"] == "named-contactable-officer" and r["place"] == "ludlow"
    )
    assert row["level"] == "neighbourhood"
    # Ludlow's inspector and sergeant are police officers with an email address.
    assert (row["value"], row["status"]) == (100.0, "met")
    assert set(row) >= {"value", "numerator", "denominator", "target_op", "target_value", "unit", "status"}
