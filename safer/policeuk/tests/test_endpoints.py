"""Behaviour of the force and neighbourhood endpoints: errors, ids, edge cases and query counts."""

from __future__ import annotations

from typing import Any

import pytest
import shapely
from django.test import Client

from safer.policeuk import serialisers
from safer.policeuk.tests.conftest import INSIDE, OUTSIDE, WestMercia
from safer.teams.models import Membership, Rank
from safer.testing import create_force, create_neighbourhood, create_person

pytestmark = pytest.mark.django_db


def assert_json_error(response: Any, status: int) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == status and body["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/forces/no-such-force",
        "/api/forces/no-such-force/people",
        "/api/no-such-force/neighbourhoods",
        "/api/west-mercia/no-such-team",
        "/api/west-mercia/no-such-team/boundary",
        "/api/west-mercia/no-such-team/people",
        "/api/no-such-force/worcester-city-centre",
        "/api/west-mercia/worcester-city-centre/no-such-method/at-all",
    ],
)
def test_it_answers_json_404_for_unknown_things(client: Client, west_mercia: WestMercia, url: str) -> None:
    assert_json_error(client.get(url), 404)


def test_it_finds_neighbourhoods_only_in_their_own_force(client: Client, west_mercia: WestMercia) -> None:
    create_force(slug="warwickshire", name="Warwickshire Police")
    assert_json_error(client.get("/api/warwickshire/worcester-city-centre"), 404)
    assert client.get("/api/warwickshire/neighbourhoods").json() == []


def test_it_answers_404_for_a_point_outside_every_boundary(client: Client, west_mercia: WestMercia) -> None:
    assert_json_error(client.get("/api/locate-neighbourhood", {"q": "{},{}".format(*OUTSIDE)}), 404)


@pytest.mark.parametrize("q", ["", "52.1936", "52.1936,-2.2216,4", "north,west", "nan,1", "91,0", "52,181"])
def test_it_answers_400_for_a_malformed_point(client: Client, west_mercia: WestMercia, q: str) -> None:
    assert_json_error(client.get("/api/locate-neighbourhood", {"q": q}), 400)


def test_it_accepts_an_encoded_comma_as_clients_send_it(client: Client, west_mercia: WestMercia) -> None:
    response = client.get("/api/locate-neighbourhood?q=52.1936%2C-2.2216")
    assert response.json() == {"force": "west-mercia", "neighbourhood": "worcester-city-centre"}


def test_it_decodes_ids_with_spaces_and_dots(client: Client, west_mercia: WestMercia) -> None:
    assert client.get("/api/west-mercia/55.CB%203001").json()["name"] == "Malvern Link"
    assert client.get("/api/west-mercia/55.CB%203001/boundary").status_code == 200
    assert client.get("/api/west-mercia/55.CB%203001/people").json() == []


def test_it_refuses_writes_with_a_json_405(client: Client, west_mercia: WestMercia) -> None:
    response = client.post("/api/forces")
    assert_json_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_it_answers_head_requests(client: Client, west_mercia: WestMercia) -> None:
    response = client.head("/api/west-mercia/neighbourhoods")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_it_lets_any_origin_read(client: Client, west_mercia: WestMercia) -> None:
    assert client.get("/api/forces")["Access-Control-Allow-Origin"] == "*"


def test_it_prefers_the_forces_own_team_page(client: Client, west_mercia: WestMercia) -> None:
    west_mercia.city.url_force = "https://www.westmercia.police.uk/area/your-area/worcester-city/"
    west_mercia.city.save()
    body = client.get("/api/west-mercia/worcester-city-centre").json()
    assert body["url_force"] == "https://www.westmercia.police.uk/area/your-area/worcester-city/"


def test_it_lists_each_senior_officer_once_and_only_for_their_force(
    client: Client, west_mercia: WestMercia
) -> None:
    Membership.objects.create(
        person=west_mercia.inspector, neighbourhood=west_mercia.other, role=Rank.INSPECTOR
    )
    elsewhere = create_neighbourhood(force=create_force(slug="warwickshire", name="Warwickshire Police"))
    create_person(elsewhere, given_name="Will", family_name="Avon", rank=Rank.INSPECTOR)
    assert [p["name"] for p in client.get("/api/forces/west-mercia/people").json()] == ["Imogen Hale"]
    assert [p["name"] for p in client.get("/api/forces/warwickshire/people").json()] == ["Will Avon"]


def test_it_answers_empty_lists_not_404(client: Client, db: None) -> None:
    create_force(slug="gloucestershire", name="Gloucestershire Constabulary")
    nb = create_neighbourhood(force=create_force(slug="gloucestershire"), code="G1")
    nb.boundary_wkb = None
    nb.save()
    for url in ["/api/gloucestershire/neighbourhoods", "/api/forces/gloucestershire/people"]:
        response = client.get(url)
        assert response.status_code == 200
    assert client.get("/api/gloucestershire/G1/people").json() == []
    assert client.get("/api/gloucestershire/G1/boundary").json() == []


def test_it_traces_each_part_of_a_boundary_in_several_parts(client: Client, west_mercia: WestMercia) -> None:
    small, large = shapely.box(-2.0, 52.0, -1.99, 52.01), shapely.box(-2.5, 52.5, -2.4, 52.6)
    west_mercia.other.set_boundary(shapely.MultiPolygon([small, large]))
    west_mercia.other.save()
    body = client.get("/api/west-mercia/55.CB%203001/boundary").json()
    assert len(body) == 10
    # Largest part first, each ring closed.
    assert body[0] == body[4] == {"latitude": "52.5000000000", "longitude": "-2.4000000000"}
    assert body[5] == body[9]
    assert float(body[5]["latitude"]) < 52.02


@pytest.mark.parametrize(
    "url, most",
    [
        ("/api/forces", 1),
        ("/api/forces/west-mercia", 1),
        ("/api/forces/west-mercia/people", 2),
        ("/api/west-mercia/neighbourhoods", 2),
        ("/api/west-mercia/worcester-city-centre", 2),
        ("/api/west-mercia/worcester-city-centre/boundary", 1),
        ("/api/west-mercia/worcester-city-centre/people", 2),
        ("/api/west-mercia/no-such-team", 1),
    ],
)
def test_it_answers_in_few_queries(
    client: Client, west_mercia: WestMercia, django_assert_max_num_queries: Any, url: str, most: int
) -> None:
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code in {200, 404}


def test_it_locates_in_few_queries_once_the_index_is_warm(
    client: Client, west_mercia: WestMercia, django_assert_max_num_queries: Any
) -> None:
    client.get("/api/locate-neighbourhood", {"q": "{},{}".format(*INSIDE)})
    with django_assert_max_num_queries(2):
        assert client.get("/api/locate-neighbourhood", {"q": "{},{}".format(*INSIDE)}).status_code == 200


def test_it_answers_json_500_on_an_unexpected_error(
    west_mercia: WestMercia, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(force: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(serialisers, "force_detail", broken)
    assert_json_error(Client(raise_request_exception=False).get("/api/forces/west-mercia"), 500)
