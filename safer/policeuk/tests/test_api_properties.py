"""Every endpoint under /api/ answers any path and any parameters without a server error (issue 8,
"properties, not examples"): never a 500; 503 only where police.uk documents it (a custom area
holding more than 10,000 results).

The endpoints are read from the URL patterns (safer.policeuk.urls and everything it includes), so a
new endpoint is fuzzed without anyone listing it here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.crime.importers import import_path, import_sources
from safer.crime.importers.outcomes import outcomes_from_street
from safer.crime.models import Crime
from safer.crime.tests.realfiles import DATA, source_of
from safer.policeuk import urls as api_urls
from safer.policeuk.tests.conftest import WestMercia

PREFIX = "/api/"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
# Custom areas (poly) may answer 503 when they hold more than 10,000 results, as police.uk does.
MAY_BE_BUSY = ("crimes-street/", "outcomes-at-location")
REAL = {
    "force": "west-mercia",
    "neighbourhood": "worcester-city-centre",
    "category": "all-crime",
    "persistent_id": "b75bc6e8e5e014db6cbd2aca06a56a2b40b13aa68a086e15cf1ebeaa50f5fc1a",
}


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    """Every route under /api/, includes followed; a regex route (the catch-all) as "*"."""
    found: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif hasattr(pattern.pattern, "_route"):
            found.append(prefix + str(pattern.pattern))
        else:
            found.append(prefix + "*")
    return found


ROUTES = routes(api_urls.urlpatterns)
NO_SURROGATES = st.characters(exclude_categories=["Cs"])
AWKWARD = [
    "²",
    "①",
    "٣",
    "NaN",
    "nan",
    "inf",
    "-1",
    "-0",
    "1e309",
    str(2**63),
    str(2**64),
    "52.19",
    "-2.22",
    "2019-01",
    "2019-13",
    "0000-00",
    "52.19,-2.22",
    "52.17,-2.26:52.21,-2.26:52.21,-2.19",
    "52.17,-2.26:52.21,-2.19:52.21,-2.26:52.17,-2.19",
    "50,-4:55,-4:55,1:50,1",
    "1,1:1,1:1,1",
    ":::",
    ",",
    "all-crime",
    "west-mercia",
    "worcester-city-centre",
    "\x00",
    " ",
]
VALUES = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(NO_SURROGATES, max_size=40),
    st.integers().map(str),
    st.floats().map(str),
    st.text(alphabet="0123456789.,:-", min_size=500, max_size=6000),  # very long
)
NAMES = st.sampled_from(
    ["lat", "lng", "poly", "date", "location_id", "force", "category", "q", "id"]
) | st.text(NO_SURROGATES, min_size=1, max_size=10)
SEGMENTS = st.sampled_from(["west-mercia", "worcester-city-centre", "all-crime", "burglary", "²"]) | st.text(
    NO_SURROGATES, min_size=1, max_size=30
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, dict[str, str]]:
    route = draw(st.sampled_from(ROUTES))
    if route.endswith("*"):
        path = route[:-1] + "/".join(quote(s, safe="") for s in draw(st.lists(SEGMENTS, max_size=3)))
    else:
        path = CONVERTER.sub(lambda _: quote(draw(SEGMENTS), safe=""), route)
    method = draw(st.sampled_from(["GET", "GET", "POST", "HEAD"]))
    return method, PREFIX + path, draw(st.dictionaries(NAMES, VALUES, max_size=4))


@pytest.fixture
def api(west_mercia: WestMercia, tmp_path: Path, settings: Any) -> Client:
    """Worcester's January crimes and outcomes derived from them; no rate limit in the way."""
    settings.POLICEUK_BURST = 10**9
    header, *lines = (DATA / "2019-01-west-mercia-street.csv").read_text().splitlines(keepends=True)
    street = tmp_path / "2019-01-west-mercia-street.csv"
    street.write_text(header + "".join(line for line in lines if ",52.1" in line and ",-2.2" in line))
    import_path(street)
    import_sources([outcomes_from_street(source_of(street.name, street.read_bytes()))])
    assert Crime.objects.exists()
    return Client()


def test_the_fuzzed_routes_are_every_api_endpoint() -> None:
    for route in ("crimes-street/<str:category>", "crimes-at-location", "outcomes-at-location", "forces"):
        assert route in ROUTES
    assert "<str:force>/<str:neighbourhood>/events" in ROUTES and "*" in ROUTES


def answer(client: Client, method: str, path: str, params: dict[str, Any]) -> int:
    if method == "POST":
        return client.post(path, params).status_code
    if method == "HEAD":
        return client.head(path, params).status_code
    return client.get(path, params).status_code


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests())
def test_any_request_to_any_endpoint_is_never_a_server_error(
    api: Client, request: tuple[str, str, dict[str, str]]
) -> None:
    method, path, params = request
    status = answer(api, method, path, params)
    assert status < 500 or (status == 503 and any(busy in path for busy in MAY_BE_BUSY)), (status, request)


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.endswith("*")])
def test_every_endpoint_takes_every_awkward_value_in_every_parameter(api: Client, route: str) -> None:
    path = PREFIX + CONVERTER.sub(lambda m: REAL.get(m[1], "x"), route)
    names = ["lat", "lng", "poly", "date", "location_id", "force", "category", "q"]
    for value in AWKWARD:
        for method in ("GET", "POST"):
            status = answer(api, method, path, dict.fromkeys(names, value))
            assert status < 500 or (status == 503 and route.startswith(MAY_BE_BUSY)), (
                method,
                path,
                value,
                status,
            )
        status = answer(api, "GET", path, {"location_id": value})
        assert status < 500, (path, value, status)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("crimes-no-location", {"force": "west-mercia\x00"}),
        ("forces/west\x00mercia", {}),
        ("west-mercia/worcester-city-centre", {"q\x00": "1"}),
    ],
)
def test_a_nul_character_in_the_path_or_a_parameter_is_a_400(
    api: Client, path: str, params: dict[str, str]
) -> None:
    """PostgreSQL refuses NUL in any text, so one reaching a query was a 500 there (found by the fuzzing)."""
    assert api.get(PREFIX + quote(path, safe="/"), params).status_code == 400
