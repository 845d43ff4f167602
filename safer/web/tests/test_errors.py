from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error


@pytest.mark.django_db
def test_it_shows_page_not_found_in_the_site_layout(client: Client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found" in html
    assert 'class="force-header"' in html and 'href="/"' in html


def test_it_shows_a_server_error_page_that_needs_no_database() -> None:
    # No django_db mark: the page must render even when the database is the problem.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html
    assert 'class="force-header"' in html and "call 999" in html


@pytest.mark.django_db
def test_it_explains_a_refusal_in_the_site_layout(client: Client) -> None:
    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    sign_in(client, create_staff(Role.PCSO))
    response = client.get("/staff/audit/")  # administrators only
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot see this page" in html
    assert 'class="force-header"' in html
