from __future__ import annotations

import pytest
from django.test import Client

from safer.places.models import Neighbourhood, Place, Postcode
from safer.testing import create_area, create_neighbourhood

pytestmark = pytest.mark.django_db


def make_teams() -> tuple[Neighbourhood, Neighbourhood]:
    area = create_area(name="Herefordshire and Worcestershire", slug="herefordshire-and-worcestershire")
    ledbury = create_neighbourhood(
        area=area, name="Ledbury", slug="ledbury", box=(-2.50, 52.00, -2.40, 52.10)
    )
    bromyard = create_neighbourhood(
        area=area, name="Bromyard", slug="bromyard", box=(-2.40, 52.00, -2.30, 52.10)
    )
    return ledbury, bromyard


def test_it_sends_a_postcode_to_its_team(client: Client) -> None:
    ledbury, _ = make_teams()
    Postcode.objects.create(postcode="HR82AA", latitude=52.03, longitude=-2.43, neighbourhood=ledbury)
    response = client.get("/find", {"q": " hr8 2aa "})
    assert response.status_code == 302
    assert response["Location"] == "/neighbourhoods/ledbury/"


def test_it_sends_a_point_from_use_my_location_to_its_team(client: Client) -> None:
    make_teams()
    response = client.get("/find", {"lat": "52.05", "lng": "-2.35"})
    assert response.status_code == 302
    assert response["Location"] == "/neighbourhoods/bromyard/"


def test_it_accepts_a_latitude_and_longitude_typed_in_the_box(client: Client) -> None:
    make_teams()
    response = client.get("/find", {"q": "52.05, -2.45"})
    assert response["Location"] == "/neighbourhoods/ledbury/"


def test_it_sends_a_single_matching_place_to_its_team(client: Client) -> None:
    _, bromyard = make_teams()
    Place.objects.create(name="Bromyard", county="Herefordshire", latitude=52.19, longitude=-2.5)
    Place.objects.create(
        name="Stoke Lacy", county="Herefordshire", latitude=52.05, longitude=-2.35, neighbourhood=bromyard
    )
    response = client.get("/find", {"q": "stoke lacy"})
    assert response["Location"] == "/neighbourhoods/bromyard/"


def test_it_lets_people_choose_between_places_with_the_same_name(client: Client) -> None:
    ledbury, bromyard = make_teams()
    Place.objects.create(name="Newtown", county="Herefordshire", latitude=52.05, longitude=-2.45)
    Place.objects.create(name="Newtown", county="Worcestershire", latitude=52.05, longitude=-2.35)
    response = client.get("/find", {"q": "Newtown"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose your place" in html
    assert "Newtown, Herefordshire" in html and "Newtown, Worcestershire" in html
    # Each choice is a plain link, so choosing works without JavaScript.
    assert 'href="/find?lat=52.05000&amp;lng=-2.45000"' in html
    assert client.get("/find?lat=52.05000&lng=-2.45000")["Location"] == ledbury.get_absolute_url()


def test_it_links_a_choice_straight_to_a_known_team(client: Client) -> None:
    ledbury, bromyard = make_teams()
    Place.objects.create(name="Eastnor", latitude=52.03, longitude=-2.38, neighbourhood=ledbury)
    Place.objects.create(name="Eastnor Park", latitude=52.03, longitude=-2.31, neighbourhood=bromyard)
    html = client.get("/find", {"q": "eastn"}).content.decode()
    assert 'href="/neighbourhoods/ledbury/"' in html and 'href="/neighbourhoods/bromyard/"' in html


def test_it_explains_an_unknown_postcode_with_an_error_summary(client: Client) -> None:
    make_teams()
    response = client.get("/find", {"q": "WR99 9ZZ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert '<a href="#q">We could not find the postcode WR99 9ZZ</a>' in html
    assert 'class="govuk-input govuk-!-width-two-thirds govuk-input--error"' in html
    assert 'value="WR99 9ZZ"' in html  # what they typed is kept so they can correct it


def test_it_explains_a_place_it_does_not_know(client: Client) -> None:
    make_teams()
    html = client.get("/find", {"q": "Atlantis"}).content.decode()
    assert "We could not find a place called Atlantis" in html


def test_it_asks_for_something_to_search_for(client: Client) -> None:
    html = client.get("/find", {"q": "   "}).content.decode()
    assert "Enter a postcode, town or village</a>" in html


def test_it_rejects_a_search_that_is_too_long(client: Client) -> None:
    response = client.get("/find", {"q": "x" * 101})
    assert response.status_code == 200
    assert "Enter 100 characters or fewer" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"lat": "north", "lng": "-2.3"}, {"lat": "52.1"}, {"lat": "95", "lng": "0"}, {"lat": "nan", "lng": "1"}],
)
def test_it_explains_a_location_it_cannot_use(client: Client, params: dict[str, str]) -> None:
    response = client.get("/find", params)
    assert response.status_code == 200
    assert "We could not use that location" in response.content.decode()


def test_it_says_when_a_location_is_outside_the_force(client: Client) -> None:
    make_teams()
    response = client.get("/find", {"lat": "51.5", "lng": "-0.12"})
    assert response.status_code == 200
    assert "not in an area we cover" in response.content.decode()


def test_it_never_fails_on_odd_input(client: Client) -> None:
    make_teams()
    for q in ["<script>alert(1)</script>", "%", "'; DROP TABLE x; --", "\u0000", "52.1,", "ÆØÅ", "WR"]:
        response = client.get("/find", {"q": q})
        assert response.status_code == 200, q
        assert b"<script>alert(1)</script>" not in response.content
