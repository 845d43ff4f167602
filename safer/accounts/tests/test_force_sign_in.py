"""The force's own sign-in against a real OpenID Connect provider (oidc_provider.mjs), driven with
Django's test client on our side and `requests` on the provider's side (its login form)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from safer.accounts import oidc
from safer.accounts.models import AuditEvent, Role, ScopeLevel
from safer.accounts.tests.oidc import ROLE_MAP, Provider, apply
from safer.testing import create_neighbourhood, create_staff, sign_in


@pytest.fixture
def force_sign_in(settings: Any, oidc_provider: Provider) -> Provider:
    apply(settings, oidc_provider)
    create_neighbourhood(name="Malvern Link", slug="malvern-link")
    return oidc_provider


def follow_provider(browser: requests.Session, provider: Provider, response: Any) -> Any:
    """Follow the provider's redirects within the provider; stop at one that leaves it."""
    while response.headers.get("Location", "").startswith(("/", provider.issuer)):
        response = browser.get(urljoin(provider.issuer, response.headers["Location"]), allow_redirects=False)
    return response


def sign_in_at_provider(client: Client, provider: Provider, username: str, password: str) -> Any:
    """Start at our sign-in button, sign in on the provider's page, come back to our callback."""
    start = client.get("/staff/sign-in/force/?next=/staff/today/")
    assert start.status_code == 302
    browser = requests.Session()
    response = browser.get(start["Location"], allow_redirects=False)
    response = follow_provider(browser, provider, response)
    action = re.search(r'action="([^"]+)"', response.text)
    assert action, response.text
    response = browser.post(
        urljoin(provider.issuer, action.group(1)),
        data={"username": username, "password": password},
        allow_redirects=False,
    )
    response = follow_provider(browser, provider, response)
    back = urlsplit(response.headers["Location"])
    assert back.path == "/staff/sign-in/force/callback/"
    result = client.get(f"{back.path}?{back.query}")
    result.provider_browser = browser  # type: ignore[attr-defined]
    return result


@pytest.mark.django_db
def test_the_sign_in_goes_to_the_provider_with_pkce(force_sign_in: Provider) -> None:
    response = Client().get("/staff/sign-in/force/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert response["Location"].startswith(f"{force_sign_in.issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["scope"] == ["openid email profile groups"]


@pytest.mark.django_db
def test_a_pcso_gets_an_account_with_the_role_and_scope_their_group_maps_to(force_sign_in: Provider) -> None:
    client = Client()
    response = sign_in_at_provider(client, force_sign_in, "pcso.one", "pass-pcso")
    assert response.status_code == 302 and response["Location"] == "/staff/today/"
    user = User.objects.get(username__startswith="force-")
    assert (user.email, user.first_name) == ("pcso.one@force.example", "Pat")
    assert not user.has_usable_password()
    assert user.staff.role == Role.PCSO and user.staff.scope_level == ScopeLevel.NEIGHBOURHOODS
    assert [n.slug for n in user.staff.neighbourhoods.all()] == ["malvern-link"]
    # Verified by the provider's second factor: staff pages open without our code step.
    assert client.get("/staff/today/").status_code == 200
    assert client.session[oidc.SESSION_KEY]["amr"] == ["pwd", "mfa"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"account.created_by_provider", "role.changed"} <= actions


@pytest.mark.django_db
def test_leaving_the_mapped_groups_disables_the_account_and_rejoining_enables_it(
    force_sign_in: Provider, settings: Any
) -> None:
    sign_in_at_provider(Client(), force_sign_in, "pcso.one", "pass-pcso")
    settings.OIDC_ROLE_MAP = json.dumps({"SNT-Malvern-Sergeant": ROLE_MAP["SNT-Malvern-Sergeant"]})
    client = Client()
    response = sign_in_at_provider(client, force_sign_in, "pcso.one", "pass-pcso")
    assert response["Location"] == "/staff/sign-in/force/refused/"
    refused = client.get(response["Location"])
    assert refused.status_code == 403 and "not in a group that uses this service" in refused.content.decode()
    user = User.objects.get(username__startswith="force-")
    assert not user.is_active
    assert client.get("/staff/today/").status_code == 302  # not signed in
    settings.OIDC_ROLE_MAP = json.dumps(ROLE_MAP)
    response = sign_in_at_provider(Client(), force_sign_in, "pcso.one", "pass-pcso")
    assert response["Location"] == "/staff/today/"
    user.refresh_from_db()
    assert user.is_active


@pytest.mark.django_db
def test_an_account_an_administrator_switched_off_stays_off(force_sign_in: Provider) -> None:
    sign_in_at_provider(Client(), force_sign_in, "pcso.one", "pass-pcso")
    User.objects.filter(username__startswith="force-").update(is_active=False)
    client = Client()
    response = sign_in_at_provider(client, force_sign_in, "pcso.one", "pass-pcso")
    assert response["Location"] == "/staff/sign-in/force/refused/"
    assert "switched off here" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_sign_in_without_a_second_factor_at_the_provider_is_refused(force_sign_in: Provider) -> None:
    client = Client()
    response = sign_in_at_provider(client, force_sign_in, "pwd.only", "pass-pwd")
    assert response["Location"] == "/staff/sign-in/force/refused/"
    assert "without a second step" in client.get(response["Location"]).content.decode()
    assert oidc.SESSION_KEY not in client.session
    assert client.get("/staff/today/").status_code == 302


@pytest.mark.django_db
def test_trusting_the_providers_own_policy_accepts_a_sign_in_without_amr(
    force_sign_in: Provider, settings: Any
) -> None:
    settings.OIDC_TRUST_PROVIDER_MFA = True
    client = Client()
    assert sign_in_at_provider(client, force_sign_in, "pwd.only", "pass-pwd")["Location"] == "/staff/today/"


@pytest.mark.django_db
def test_signing_out_signs_out_at_the_provider_too(force_sign_in: Provider) -> None:
    client = Client()
    signed_in = sign_in_at_provider(client, force_sign_in, "sgt.two", "pass-sergeant")
    response = client.post("/staff/sign-out/")
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{force_sign_in.issuer}/session/end"
    assert query["post_logout_redirect_uri"] == ["http://testserver/staff/sign-in/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert client.get("/staff/today/").status_code == 302
    # The provider asks to confirm, then sends the person back to our sign-in page.
    browser = signed_in.provider_browser
    page = browser.get(response["Location"], allow_redirects=False).text
    form = dict(re.findall(r'name="(xsrf)" value="([^"]+)"', page))
    action = re.search(r'action="([^"]+)"', page)
    assert form and action
    done = browser.post(
        urljoin(force_sign_in.issuer, action.group(1)), data={**form, "logout": "yes"}, allow_redirects=False
    )
    done = follow_provider(browser, force_sign_in, done)
    assert done.headers["Location"] == "http://testserver/staff/sign-in/"


@pytest.mark.django_db
def test_password_and_code_sign_in_is_not_sent_to_the_provider(force_sign_in: Provider) -> None:
    client = Client()
    sign_in(client, create_staff(Role.PARTNER))
    response = client.post("/staff/sign-out/")
    assert response["Location"] == "/staff/sign-in/"


def test_the_role_map_is_checked_and_its_order_is_its_precedence() -> None:
    grants = oidc.parse_role_map(
        {
            "Inspectors": {"role": "inspector", "areas": ["north"]},
            "Inspectors-South": {"role": "inspector", "areas": ["south"]},
            "PCSOs": {"role": "pcso", "neighbourhoods": ["a", "b"]},
            "Analysts": {"role": "analyst", "scope": "force"},
        }
    )
    assert oidc.grant_for(["PCSOs", "Inspectors-South", "Inspectors", "Other"], grants) == oidc.Grant(
        "inspector", ScopeLevel.AREAS, (), ("north", "south")
    )
    assert oidc.grant_for(["PCSOs"], grants) == oidc.Grant("pcso", ScopeLevel.NEIGHBOURHOODS, ("a", "b"), ())
    assert oidc.grant_for(["Analysts"], grants).scope_level == ScopeLevel.FORCE  # type: ignore[union-attr]
    assert oidc.grant_for(["Finance"], grants) is None
    for bad, says in (
        ('["not", "an", "object"]', "must be a JSON object"),
        ({"G": {"role": "chief"}}, "needs a role"),
        ({"G": {"role": "pcso"}}, "needs one scope"),
        ({"G": {"role": "pcso", "neighbourhoods": ["a"], "areas": ["b"]}}, "needs one scope"),
    ):
        with pytest.raises(ImproperlyConfigured, match=says):
            oidc.parse_role_map(bad)


def test_what_counts_as_a_second_factor(settings: Any) -> None:
    settings.OIDC_MFA_AMR = ["mfa", "hwk"]
    settings.OIDC_MFA_ACR = ["urn:force:loa:2"]
    assert oidc.is_two_factor({"amr": ["pwd", "mfa"]})
    assert oidc.is_two_factor({"amr": "hwk"})
    assert oidc.is_two_factor({"amr": ["pwd"], "acr": "urn:force:loa:2"})
    assert not oidc.is_two_factor({"amr": ["pwd"], "acr": "urn:force:loa:1"})
    assert not oidc.is_two_factor({})


def recheck_now(client: Client) -> Any:
    session = client.session
    session["oidc_id_token_expiration"] = 0
    session.save()
    response = client.get("/staff/today/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["prompt"] == ["none"] and query["code_challenge_method"] == ["S256"]
    return response


def back_from_provider(browser: requests.Session, provider: Provider, client: Client, url: str) -> Any:
    answer = follow_provider(browser, provider, browser.get(url, allow_redirects=False))
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/staff/sign-in/force/callback/"
    return client.get(f"{back.path}?{back.query}"), back.query


@pytest.mark.django_db
def test_the_session_is_checked_with_the_provider_again_and_ends_when_the_groups_do(
    force_sign_in: Provider, settings: Any
) -> None:
    client = Client()
    browser = sign_in_at_provider(client, force_sign_in, "pcso.one", "pass-pcso").provider_browser
    result, _ = back_from_provider(browser, force_sign_in, client, recheck_now(client)["Location"])
    assert result["Location"] == "/staff/today/"
    assert client.get("/staff/today/").status_code == 200
    settings.OIDC_ROLE_MAP = json.dumps({"SNT-Malvern-Sergeant": ROLE_MAP["SNT-Malvern-Sergeant"]})
    result, _ = back_from_provider(browser, force_sign_in, client, recheck_now(client)["Location"])
    assert result["Location"] == "/staff/sign-in/force/refused/"
    assert client.get("/staff/today/")["Location"].startswith("/staff/sign-in/")
    assert not User.objects.get(username__startswith="force-").is_active


@pytest.mark.django_db
def test_a_provider_that_no_longer_signs_the_person_in_ends_the_session(force_sign_in: Provider) -> None:
    client = Client()
    sign_in_at_provider(client, force_sign_in, "pcso.one", "pass-pcso")
    signed_out_there = requests.Session()  # no session at the provider any more
    result, query = back_from_provider(
        signed_out_there, force_sign_in, client, recheck_now(client)["Location"]
    )
    assert "error=login_required" in query
    assert client.get("/staff/today/")["Location"].startswith("/staff/sign-in/")
    assert User.objects.get(username__startswith="force-").is_active  # signed out, not switched off
