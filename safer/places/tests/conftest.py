from __future__ import annotations

from collections.abc import Iterator

import pytest

from safer.places import locate


@pytest.fixture(autouse=True)
def _fresh_locate_index() -> Iterator[None]:
    """Each test starts with an index rebuilt from its own database rows."""
    locate.invalidate_index()
    yield
    locate.invalidate_index()
