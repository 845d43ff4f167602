"""Records one app may link to from another app's record, found through a registry.

A problem-solving plan links neighbourhood priorities, which engagement owns; engagement and
problems are siblings in the import layers and may not import each other. So the app that owns a
kind of record registers a finder for it here, from its AppConfig.ready():

    linkables.register("priority", find_priorities)

and the app that links reads through `find` / `find_one`. A finder is given the user, the
neighbourhoods to look in (None: every neighbourhood in the user's scope) and optionally the refs
wanted, and returns only records in the user's scope, as `Linkable`s. Scope is the finder's job
(through accounts.scopes), so a ref that is not returned is one the user may not link.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

# Enough for a select list; a neighbourhood has a handful of open priorities.
LIMIT = 200


@dataclass(frozen=True)
class Linkable:
    ref: str  # the record's id, as PlanLink.ref stores it
    label: str  # what it is, in words
    url: str  # its staff page
    neighbourhood_id: int


# finder(user, neighbourhood_ids, refs=None) -> list[Linkable]
Finder = Callable[..., list[Linkable]]
_FINDERS: dict[str, Finder] = {}


def register(kind: str, finder: Finder) -> Finder:
    """Register (or replace) the finder for `kind`; returns it, so it can be used as a decorator's
    body or called directly from ready()."""
    _FINDERS[kind] = finder
    return finder


def unregister(kind: str) -> None:
    _FINDERS.pop(kind, None)


def kinds() -> list[str]:
    return sorted(_FINDERS)


def find(
    kind: str,
    user: Any,
    neighbourhood_ids: Collection[int] | None = None,
    refs: Collection[str] | None = None,
) -> list[Linkable]:
    """The records of `kind` in the user's scope (in these neighbourhoods, with these refs when
    given). An unregistered kind finds nothing rather than failing: the owning app may be absent."""
    finder = _FINDERS.get(kind)
    if finder is None:
        return []
    return list(finder(user, neighbourhood_ids, refs=refs))[:LIMIT]


def find_one(
    kind: str, user: Any, ref: str, neighbourhood_ids: Collection[int] | None = None
) -> Linkable | None:
    """The one record of `kind` with this ref, if the user may see it; None otherwise."""
    ref = str(ref).strip()
    if not ref:
        return None
    return next((r for r in find(kind, user, neighbourhood_ids, [ref]) if r.ref == ref), None)
