from __future__ import annotations

import json

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from safer.lib.api import ApiError, api_view, contact_details, coord, error_response, json_response, or_null

factory = RequestFactory()


@api_view()
def read_only(request: HttpRequest) -> HttpResponse:
    return json_response([{"ok": True}])


@api_view(methods=("GET", "POST"))
def accepts_posts(request: HttpRequest) -> HttpResponse:
    if request.POST.get("fail"):
        raise ApiError(400, "Bad poly.")
    return json_response({"posted": request.method == "POST"})


def test_a_read_is_compact_json_that_shared_caches_and_any_origin_may_use() -> None:
    response = json_response([{"a": 1, "b": "x"}])
    assert response.content == b'[{"a":1,"b":"x"}]'
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"


def test_an_error_is_never_cached_and_says_what_went_wrong() -> None:
    response = error_response(404, "Unknown force.")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {"status": 404, "error": "Not found", "detail": "Unknown force."}


def test_a_method_the_endpoint_does_not_take_gets_a_json_405_naming_the_ones_it_does() -> None:
    response = read_only(factory.post("/api/x"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert json.loads(response.content)["status"] == 405
    assert read_only(factory.head("/api/x")).status_code == 200


def test_an_api_error_raised_inside_the_view_becomes_its_json_answer() -> None:
    response = accepts_posts(factory.post("/api/x", {"fail": "1"}))
    assert response.status_code == 400
    assert json.loads(response.content)["detail"] == "Bad poly."


def test_only_endpoints_that_take_posts_are_csrf_exempt() -> None:
    assert getattr(accepts_posts, "csrf_exempt", False) is True
    assert getattr(read_only, "csrf_exempt", False) is False


@pytest.mark.parametrize(
    ("value", "dp", "text"),
    [
        (52.1936, 6, "52.193600"),
        (-2.2216, 10, "-2.2216000000"),
        (-0.0000001, 6, "0.000000"),  # police.uk never writes negative zero
        (None, 6, None),
        (float("nan"), 6, None),
    ],
)
def test_coord_writes_police_uk_strings(value: float | None, dp: int, text: str | None) -> None:
    assert coord(value, dp) == text


def test_absent_text_and_contact_details_are_left_out_as_police_uk_does() -> None:
    assert or_null("") is None and or_null("Hello") == "Hello"
    assert contact_details(email="a@example.org", telephone="", mobile=None, web="w") == {
        "email": "a@example.org",
        "web": "w",
    }
    assert list(contact_details(web="w", email="e")) == ["web", "email"]
