from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _fresh_boundary_index() -> Iterator[None]:
    """Each test's neighbourhoods are rolled back after it: never locate against a stale index."""
    from safer.places.locate import invalidate_index

    invalidate_index()
    yield
    invalidate_index()
