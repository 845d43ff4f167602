"""The linkables registry: an app registers a finder per kind; the linking app reads through it."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

import pytest

from safer.lib import linkables
from safer.lib.linkables import Linkable

ROWS = [Linkable("1", "Speeding", "/one/", 7), Linkable("12", "Parking", "/twelve/", 8)]
calls: list[tuple[Any, Any, Any]] = []


def finder(
    user: Any, neighbourhood_ids: Collection[int] | None, refs: Collection[str] | None = None
) -> list[Linkable]:
    calls.append((user, neighbourhood_ids, refs))
    return [
        r
        for r in ROWS
        if (neighbourhood_ids is None or r.neighbourhood_id in neighbourhood_ids)
        and (refs is None or r.ref in refs)
    ]


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    calls.clear()
    linkables.register("test-kind", finder)
    yield
    linkables.unregister("test-kind")


def test_it_finds_through_the_registered_finder_with_the_user_and_neighbourhoods() -> None:
    assert linkables.find("test-kind", "user", [7]) == [ROWS[0]]
    assert calls == [("user", [7], None)]
    assert "test-kind" in linkables.kinds()


def test_an_unregistered_kind_finds_nothing_rather_than_failing() -> None:
    assert linkables.find("no-such-kind", "user", [7]) == []
    assert linkables.find_one("no-such-kind", "user", "1") is None


def test_find_one_matches_the_ref_exactly_and_refuses_blank_refs() -> None:
    assert linkables.find_one("test-kind", "user", "12") == ROWS[1]
    assert linkables.find_one("test-kind", "user", "12", [7]) is None  # not in that neighbourhood
    assert linkables.find_one("test-kind", "user", "2") is None
    assert linkables.find_one("test-kind", "user", "  ") is None
    assert calls[0][2] == ["12"]


def test_records_are_frozen() -> None:
    with pytest.raises(AttributeError):
        ROWS[0].ref = "2"  # type: ignore[misc]
