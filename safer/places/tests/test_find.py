from __future__ import annotations

import pytest

from safer.places.locate import find, neighbourhood_for_postcode, places_matching
from safer.places.models import Neighbourhood, Place, Postcode
from safer.testing import create_neighbourhood

pytestmark = pytest.mark.django_db


def make_two() -> tuple[Neighbourhood, Neighbourhood]:
    west = create_neighbourhood(name="Malvern", box=(-2.40, 52.05, -2.30, 52.15))
    east = create_neighbourhood(name="Upton", box=(-2.30, 52.05, -2.20, 52.15))
    return west, east


@pytest.mark.parametrize("typed", ["WR14 1AA", "WR141AA", "wr14 1aa", "  wr14   1AA "])
def test_it_finds_a_postcode_however_it_is_typed(typed: str) -> None:
    west, _ = make_two()
    Postcode.objects.create(postcode="WR141AA", latitude=52.1, longitude=-2.35, neighbourhood=west)
    result = find(typed)
    assert (result.kind, result.neighbourhood, result.error) == ("postcode", west, "")
    assert neighbourhood_for_postcode(typed) == west


def test_it_locates_a_postcode_stored_without_a_neighbourhood() -> None:
    _, east = make_two()
    Postcode.objects.create(postcode="WR80AA", latitude=52.1, longitude=-2.25)
    assert neighbourhood_for_postcode("wr8 0aa") == east
    assert find("WR8 0AA").neighbourhood == east


def test_it_explains_an_unknown_postcode() -> None:
    make_two()
    result = find("wr99 9zz")
    assert result.neighbourhood is None and result.kind == "postcode"
    assert result.error == "We could not find the postcode WR99 9ZZ"
    assert neighbourhood_for_postcode("WR99 9ZZ") is None


def test_it_explains_a_postcode_outside_every_neighbourhood() -> None:
    make_two()
    Postcode.objects.create(postcode="SW1A1AA", latitude=51.501, longitude=-0.142)
    result = find("SW1A 1AA")
    assert result.neighbourhood is None
    assert result.error == "The postcode SW1A 1AA is not in an area this force polices"


def test_it_asks_for_a_full_postcode_when_given_half_of_one() -> None:
    result = find("WR14")
    assert result.kind == "postcode" and "Enter a full postcode" in result.error


def test_it_asks_for_something_to_search_for() -> None:
    assert find("   ").error == "Enter a postcode, town or village"
    assert find("").kind == "none"


@pytest.mark.parametrize("typed", ["52.1,-2.25", "52.1, -2.25", " 52.1 -2.25 "])
def test_it_finds_a_latitude_and_longitude(typed: str) -> None:
    _, east = make_two()
    result = find(typed)
    assert (result.kind, result.neighbourhood) == ("point", east)


def test_it_explains_a_point_it_cannot_use() -> None:
    make_two()
    assert "Enter a latitude between -90 and 90" in find("95,-2.25").error
    assert find("51.5,-0.12").error == "The location 51.50000,-0.12000 is not in an area this force polices"


def test_it_finds_a_place_by_name_in_any_case() -> None:
    west, _ = make_two()
    Place.objects.create(name="Great Malvern", county="Worcestershire", latitude=52.11, longitude=-2.33)
    result = find("great MALVERN")
    assert (result.kind, result.neighbourhood, result.candidates) == ("place", west, [])


def test_it_offers_a_choice_when_a_place_name_is_ambiguous() -> None:
    west, east = make_two()
    a = Place.objects.create(name="Newtown", county="Herefordshire", latitude=52.1, longitude=-2.35)
    b = Place.objects.create(name="Newtown", county="Worcestershire", latitude=52.1, longitude=-2.25)
    c = Place.objects.create(name="Newtown Green", latitude=52.1, longitude=-2.25)
    result = find("newtown")
    assert result.neighbourhood is None and result.error == ""
    assert result.candidates == [a, b, c]  # the exact matches first


def test_it_needs_no_choice_when_every_match_is_in_one_neighbourhood() -> None:
    _, east = make_two()
    Place.objects.create(name="Hanley", county="Worcestershire", latitude=52.1, longitude=-2.25)
    Place.objects.create(name="Hanley", county="Worcestershire", latitude=52.11, longitude=-2.24)
    assert find("Hanley").neighbourhood == east


def test_it_prefers_one_exact_match_to_longer_names() -> None:
    west, east = make_two()
    Place.objects.create(name="Upton", latitude=52.1, longitude=-2.35)
    Place.objects.create(name="Upton upon Severn", latitude=52.1, longitude=-2.25)
    assert find("upton").neighbourhood == west


def test_it_explains_a_place_it_does_not_know() -> None:
    make_two()
    result = find("Atlantis")
    assert result.kind == "place" and result.neighbourhood is None and result.candidates == []
    assert result.error.startswith("We could not find a place called Atlantis")


def test_it_lists_exact_then_prefix_then_contains_matches() -> None:
    names = ["Bromsgrove Road", "Bromsgrove", "Old Bromsgrove", "Barnt Green"]
    for name in names:
        Place.objects.create(name=name, latitude=52.3, longitude=-2.05)
    assert [p.name for p in places_matching("BROMSGROVE")] == [
        "Bromsgrove",
        "Bromsgrove Road",
        "Old Bromsgrove",
    ]
    assert [p.name for p in places_matching("bromsgrove", limit=2)] == ["Bromsgrove", "Bromsgrove Road"]
    assert places_matching("  ") == []
