from __future__ import annotations

from collections.abc import Iterator

import pytest

from safer.accounts.tests.oidc import Provider, running_provider


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[Provider]:
    """A real provider whose client sends people back to the test client's host."""
    with running_provider(
        "http://testserver/staff/sign-in/force/callback/", "http://testserver/staff/sign-in/"
    ) as provider:
        yield provider
