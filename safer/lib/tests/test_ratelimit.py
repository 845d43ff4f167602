"""safer.lib.ratelimit: who the client is behind trusted proxies, and one bucket per client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from safer.contact.models import ContactMessage
from safer.contact.tests.test_form import form_url, valid
from safer.lib.ratelimit import client_ip, client_ip_or_none, limited
from safer.testing import create_force, create_neighbourhood

PROXY = "10.0.0.5"


def ip_of(remote: str, forwarded: str | None = None) -> str:
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    assert ip_of("198.51.100.7", "203.0.113.9") == "198.51.100.7"


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ip_of("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    assert ip_of("198.51.100.7", "10.0.0.1") == "198.51.100.7"


def test_behind_trusted_proxies_it_takes_the_nearest_untrusted_hop(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    assert ip_of(PROXY, "198.51.100.7") == "198.51.100.7"
    # What the client wrote itself comes first and is not believed.
    assert ip_of(PROXY, "1.2.3.4, 198.51.100.7") == "198.51.100.7"
    # Two trusted hops (a load balancer in front of the proxy) are skipped.
    assert ip_of(PROXY, "1.2.3.4, 198.51.100.7, 10.1.2.3") == "198.51.100.7"
    assert ip_of("2001:db8::1", "2001:db8::2, 2a00:1450::1") == "2a00:1450::1"


def test_garbage_in_the_header_stops_the_walk(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ip_of(PROXY, "198.51.100.7, not-an-address") == PROXY
    assert ip_of(PROXY, "") == PROXY
    assert ip_of(PROXY, "10.0.0.9") == "10.0.0.9"  # only proxies: the farthest one


def test_the_bucket_holds_the_limit_then_refuses(settings: Any) -> None:
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    assert [limited(request, "test", 3) for _ in range(4)] == [False, False, False, True]
    other = RequestFactory().post("/", REMOTE_ADDR="198.51.100.8")
    assert limited(other, "test", 3) is False
    assert limited(request, "another-purpose", 3) is False


@pytest.mark.django_db
def test_behind_a_trusted_proxy_two_residents_get_two_buckets(client: Client, settings: Any) -> None:
    """Defect 10: every resident's message reaches the site from the proxy's address."""
    settings.FORCE_ID = "west-mercia"
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    create_force()
    team = create_neighbourhood()

    def send(resident: str) -> int:
        return client.post(
            form_url(team), valid(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=resident
        ).status_code

    assert [send("198.51.100.1") for _ in range(3)] == [302, 302, 429]
    assert send("198.51.100.2") == 302
    assert ContactMessage.objects.count() == 3


@pytest.mark.django_db
def test_a_client_cannot_escape_its_bucket_by_writing_the_header(client: Client, settings: Any) -> None:
    settings.FORCE_ID = "west-mercia"
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    create_force()
    team = create_neighbourhood()
    statuses = [
        client.post(
            form_url(team), valid(), REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.django_db
def test_alert_sign_up_counts_each_resident_behind_the_proxy(client: Client, settings: Any) -> None:
    from safer.alerts.tests.test_signup import postcode_in, signup_data

    settings.ALERTS_SIGNUPS_PER_HOUR = 1
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    postcode_in(create_neighbourhood())

    def sign_up(resident: str, email: str) -> int:
        data = signup_data(email=email)
        return client.post(
            "/alerts/sign-up/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=resident
        ).status_code

    assert sign_up("198.51.100.1", "a@example.com") == 302
    assert sign_up("198.51.100.1", "b@example.com") == 429
    assert sign_up("198.51.100.2", "c@example.com") == 302


def test_axes_gets_no_address_rather_than_a_word_for_a_request_without_one() -> None:
    # A login made in code (force_login) has no REMOTE_ADDR; PostgreSQL's inet column refuses "unknown".
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip_or_none(request) is None
    assert client_ip_or_none(RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"


@pytest.mark.django_db
def test_a_login_made_in_code_is_recorded_by_axes_without_an_address() -> None:
    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    client = sign_in(Client(), create_staff(Role.PC, neighbourhoods=[create_neighbourhood()]))
    assert client.get("/staff/").status_code == 200
