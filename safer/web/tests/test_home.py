from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_serves_the_home_page_with_a_strict_csp(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert b"Find your neighbourhood team" in response.content
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
