"""The count of things to do, in the header of every staff page (a context processor).

Lazy, so a page that does not show it (every public page) costs nothing, and cached per account for
COUNT_SECONDS; "today" itself stores the count it has just worked out, so it is fresh after a change
made from there.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from safer.accounts import scopes
from safer.lib.today import Section
from safer.today.providers import all_sections

COUNT_SECONDS = 60


def cache_key(user_pk: int) -> str:
    return f"today:count:{user_pk}"


def to_do(sections: list[Section]) -> int:
    return sum(s.total for s in sections if s.counted)


def remember(user_pk: int, count: int) -> None:
    cache.set(cache_key(user_pk), count, COUNT_SECONDS)


def count_for(request: HttpRequest) -> int | None:
    user = request.user
    if getattr(request, "public_page", False) or not user.is_authenticated:
        return None
    if not user.is_verified() or scopes.profile(user) is None:  # type: ignore[attr-defined]
        return None
    count: int | None = cache.get(cache_key(user.pk))
    if count is None:
        count = to_do(all_sections(user, timezone.now(), counting=True))
        remember(user.pk, count)
    return count


def counts(request: HttpRequest) -> dict[str, Any]:
    """`today_count` is a callable, which templates call when (and only if) they use it."""
    memo: dict[str, int | None] = {}

    def today_count() -> int | None:
        if "count" not in memo:
            memo["count"] = count_for(request)
        return memo["count"]

    return {"today_count": today_count}
