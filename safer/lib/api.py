"""Shared helpers for every data.police.uk-compatible endpoint under /api/.

The policeuk, crime and engagement apps use these for their endpoints, so that every answer has the
same content type, error body and caching headers (see safer/policeuk/README.md).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

# police.uk clients read JSON only; one client refuses any answer without this type.
CONTENT_TYPE = "application/json"
# Reads change at most every few minutes (boundaries, teams, monthly crime), so shared caches may keep them.
READ_CACHE_CONTROL = "public, max-age=300"
# data.police.uk answers 400 to a GET URL longer than this and tells clients to POST large polygons.
MAX_GET_URL = 4094

ERROR_TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def json_response(data: Any, *, status: int = 200, cache: bool = True) -> JsonResponse:
    """`data` (a list or dict) as police.uk sends it: compact JSON, `application/json`, cacheable reads."""
    response = JsonResponse(
        data,
        safe=False,
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"separators": (",", ":")},
    )
    # A public, read-only API: browser apps on any origin may call it, as they call data.police.uk.
    response["Access-Control-Allow-Origin"] = "*"
    if cache and 200 <= status < 300:
        response["Cache-Control"] = READ_CACHE_CONTROL
    else:
        response["Cache-Control"] = "no-store"
    return response


def error_response(status: int, detail: str = "") -> JsonResponse:
    """A small JSON error body: `{"status": 404, "error": "Not found", "detail": "..."}`.

    police.uk clients look only at the status code; the body is for people reading it.
    """
    body = {"status": status, "error": ERROR_TITLES.get(status, "Error"), "detail": detail or None}
    return json_response(body, status=status, cache=False)


def not_found(detail: str = "") -> JsonResponse:
    return error_response(404, detail)


def bad_request(detail: str) -> JsonResponse:
    return error_response(400, detail)


def service_unavailable(detail: str) -> JsonResponse:
    """What police.uk answers when a custom area holds more than 10,000 crimes or outcomes."""
    return error_response(503, detail)


class ApiError(Exception):
    """Raise from inside an `api_view` to answer with a JSON error (e.g. from a lookup helper)."""

    def __init__(self, status: int, detail: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def api_view(methods: Iterable[str] = ("GET",)) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a police.uk endpoint: allow only `methods` (HEAD goes with GET), answer a JSON 405
    otherwise, refuse a GET URL longer than police.uk takes (400), and turn `ApiError` into its JSON
    error.

    Endpoints that accept POST (police-api-client POSTs `poly` as a form body) are CSRF-exempt: the API
    is anonymous and read-only, so there is no session to forge.
    """
    allowed = {m.upper() for m in methods}
    if "GET" in allowed:
        allowed.add("HEAD")

    def decorate(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                response = error_response(405, f"Use {', '.join(sorted(allowed))}.")
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            if request.method in ("GET", "HEAD") and len(request.get_full_path()) > MAX_GET_URL:
                return error_response(
                    400, f"A GET URL is limited to {MAX_GET_URL:,} characters; POST a large poly instead."
                )
            if _holds_nul(request):
                # No id, name or date holds one, and PostgreSQL refuses it in any text it is sent.
                return error_response(400, "The path and parameters must not contain NUL characters.")
            try:
                return view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error.status, error.detail)

        wrapped = wrapper
        if "POST" in allowed:
            wrapped = csrf_exempt(wrapper)
        return wrapped  # type: ignore[return-value]

    return decorate


def _holds_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
    )


def coord(value: float | None, dp: int = 6) -> str | None:
    """A latitude or longitude as police.uk writes it: a string with `dp` decimal places (6 in crime
    data and centres, 10 in boundaries), or None when unknown."""
    if value is None or not math.isfinite(value):
        return None
    text = f"{value:.{dp}f}"
    # Rounding a tiny negative number would give "-0.000000"; police.uk never writes negative zero.
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


def or_null(text: str | None) -> str | None:
    """police.uk sends null rather than an empty string for absent free text (bio, description)."""
    return text if text else None


def contact_details(**fields: str | None) -> dict[str, str]:
    """A police.uk `contact_details` object: only the keys that are set, in the order given, e.g.
    `contact_details(email=p.work_email, mobile=p.work_mobile)`; `{}` when none is."""
    return {key: value for key, value in fields.items() if value}


@api_view(methods=("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"))
def unknown_endpoint(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every /api/ path no endpoint matched: a JSON 404, never Django's HTML page."""
    return not_found("No such API method.")
