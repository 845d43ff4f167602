"""An existing data.police.uk client, police-api-client from PyPI, pointed at our server by changing
nothing but its base URL."""

from __future__ import annotations

from typing import Any

import police_api
import pytest
from police_api.forces import Force
from police_api.neighbourhoods import Neighbourhood

from safer.policeuk.tests.conftest import INSIDE, OUTSIDE, WestMercia


@pytest.fixture
def api(live_server: Any, transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> police_api.PoliceAPI:
    # The client caches people per method path on the class; start each test with empty caches.
    monkeypatch.setattr(Force, "_resource_cache", {})
    monkeypatch.setattr(Neighbourhood, "_resource_cache", {})
    return police_api.PoliceAPI(base_url=live_server.url + "/api/", timeout=10)


def test_it_serves_police_api_client(api: police_api.PoliceAPI, west_mercia: WestMercia) -> None:
    assert [(f.id, f.name) for f in api.get_forces()] == [("west-mercia", "West Mercia Police")]

    force = api.get_force("west-mercia")
    assert force.name == "West Mercia Police"
    assert force.telephone == "101"
    assert force.engagement_methods[0]["title"] == "Facebook"
    assert [(o.name, o.rank) for o in force.senior_officers] == [("Imogen Hale", "Inspector")]

    assert [n.id for n in api.get_neighbourhoods("west-mercia")] == ["55.CB 3001", "worcester-city-centre"]

    nb = api.get_neighbourhood("west-mercia", "worcester-city-centre")
    assert nb.name == "Worcester City Centre"
    assert nb.population == 12500
    assert nb.contact_details["email"] == "worcester.snt@example.police.uk"
    assert [(o.name, o.rank) for o in nb.officers] == [
        ("Imogen Hale", "Inspector"),
        ("Sanjay Patel", "Sgt"),
        ("Priya Clarke", "PC"),
        ("Owen Ward", "PCSO"),
    ]
    boundary = nb.boundary
    assert len(boundary) == 5 and boundary[0] == boundary[-1]
    assert (52.188, -2.23) in boundary

    located = api.locate_neighbourhood(*INSIDE)
    assert located is not None
    assert (located.force.id, located.id) == ("west-mercia", "worcester-city-centre")
    assert located.name == "Worcester City Centre"


def test_it_gives_the_client_its_not_found_answers(
    api: police_api.PoliceAPI, west_mercia: WestMercia
) -> None:
    # The client turns a 404 from locate-neighbourhood into None.
    assert api.locate_neighbourhood(*OUTSIDE) is None
    with pytest.raises(police_api.APIError) as error:
        api.get_neighbourhood("west-mercia", "no-such-team").name  # noqa: B018
    assert error.value.status_code == 404
    # An id with a space and a dot goes through the client's URL building and back.
    assert api.get_neighbourhood("west-mercia", "55.CB 3001").name == "Malvern Link"
