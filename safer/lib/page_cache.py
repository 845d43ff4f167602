"""Whole public pages cached and served like a CDN would: keyed by a data version, with ETag,
Last-Modified, 304s and a Cache-Control a reverse proxy or CDN can honour (docs/deployment.md).

One version number covers the force's public pages. Every save or delete of what they show
(people, memberships, duty, neighbourhoods, areas, events, priorities, stations) replaces it through
signals that safer/web/page_signals.py connects (they fire from the action functions, the admin and
the demo builders alike); a crime import replaces the crime section's own version
(safer.crime.public.data_changed), registered with `also_depends_on` and read in the same round
trip. A replaced version makes every stored page unreadable at once. This module imports no app, so
any app's public views may use `cached_public_page`.

What changes by the clock alone (a duty's until-time passing, a station's status lapsing, the next
event starting) is bounded by age instead: a page is stored for FRESH_SECONDS and a proxy is told
to keep it only for what is left of that, plus STALE_SECONDS while it fetches a new one, so no
visitor sees a page more than FRESH_SECONDS + STALE_SECONDS (≤ 60 s) old.

A cached page must be the same for everyone: views wrapped here set `request.public_page`, and
base.html then leaves out the CSP nonce (public pages use only external scripts), the staff link
and message banners; public forms are GET forms, so no CSRF token is rendered.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

FRESH_SECONDS = 30
STALE_SECONDS = 15
VERSION_KEY = "web:pages:version"
PUBLIC_SCRIPT_SRC = {"script-src": ["'self'"]}

View = Callable[..., HttpResponseBase]


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def pages_changed(**_: Any) -> None:
    """Every stored public page is stale from now on (signal receiver and plain function).

    Bumped at once and again after the commit: a page rendered from the old rows while the
    transaction was still open would otherwise be stored under the first new version."""
    _new_version()
    transaction.on_commit(_new_version)


# Other versions a page depends on, kept by the apps that own their data (crime's public section
# has its own, replaced by every import): read in the same round trip as ours.
_other_version_keys: list[str] = []


def also_depends_on(key: str) -> None:
    """Pages are stale whenever the cache entry `key` changes (registered once, at start-up)."""
    if key not in _other_version_keys:
        _other_version_keys.append(key)


def current_version() -> str:
    found = cache.get_many([VERSION_KEY, *_other_version_keys])
    if VERSION_KEY not in found:
        found[VERSION_KEY] = uuid.uuid4().hex
        cache.add(VERSION_KEY, found[VERSION_KEY], None)
        found[VERSION_KEY] = cache.get(VERSION_KEY, found[VERSION_KEY])
    return ".".join([str(found[VERSION_KEY]), *(str(found.get(k, "")) for k in _other_version_keys)])


def _page_key(version: str, path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return f"web:page:{version}:{digest}"


def _headers(response: HttpResponseBase, etag: str, rendered_at: float, now: float) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(math.floor(rendered_at))
    left = max(0, math.floor(rendered_at + FRESH_SECONDS - now))
    response["Cache-Control"] = f"public, max-age={left}, stale-while-revalidate={STALE_SECONDS}"
    response._csp_replace = PUBLIC_SCRIPT_SRC  # type: ignore[attr-defined]
    response._public_page = True  # type: ignore[attr-defined]


Stored = tuple[bytes, str, str, float]  # body, content type, ETag, rendered at (epoch seconds)


def _fresh(key: str, now: float) -> Stored | None:
    stored: Stored | None = cache.get(key)
    # Checked here as well as by the cache's own expiry: the clock that matters is the one the
    # page was rendered by.
    if stored is None or stored[3] + FRESH_SECONDS <= now:
        return None
    return stored


def _serve(request: HttpRequest, stored: Stored, now: float) -> HttpResponseBase:
    body, content_type, etag, rendered_at = stored
    response = HttpResponse(body, content_type=content_type)
    _headers(response, etag, rendered_at, now)
    conditional = (
        get_conditional_response(request, etag=etag, last_modified=math.floor(rendered_at), response=response)
        or response
    )
    if conditional is not response:  # a 304 (or 412), which must carry the same validators
        _headers(conditional, etag, rendered_at, now)
    return conditional


def cached_public_page(view: View) -> View:
    """Serve GET/HEAD of a public page from the cache, answer conditional GETs with 304; store
    only 200s. The query string is ignored: public pages take none, and it must not split the cache.
    A stored page is usually answered earlier, by PublicPageMiddleware; this serves it when not."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.public_page = True  # type: ignore[attr-defined]
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _page_key(current_version(), request.path)
        now = timezone.now().timestamp()
        stored = _fresh(key, now)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or not isinstance(response, HttpResponse):
                return response
            body = response.content
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            stored = (body, response["Content-Type"], etag, now)
            cache.set(key, stored, FRESH_SECONDS)
        return _serve(request, stored, now)

    return wrapped


NEVER_PUBLIC_PAGES = ("/staff/", "/api/", "/static/", "/media/")


class PublicPageMiddleware:
    """Answers a request for a stored public page before the session, sign-in, lockout and CSRF
    middleware run (they are most of a cached hit's cost, and a shared page needs none of them);
    listed after the CSP and clickjacking middleware, which still add their headers.

    It also takes "Cookie" out of a public page's Vary. The session middleware adds it whenever
    the session is read, which the sign-in checks do on every request; a public page is the same
    for every visitor, and a Vary on Cookie would make a CDN keep one copy per visitor. Listed
    before SessionMiddleware, so it sees the response after it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD") and not request.path.startswith(NEVER_PUBLIC_PAGES):
            now = timezone.now().timestamp()
            stored = _fresh(_page_key(current_version(), request.path), now)
            if stored is not None:
                request.public_page = True  # type: ignore[attr-defined]
                return _serve(request, stored, now)
        response = self.get_response(request)
        if getattr(response, "_public_page", False) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
