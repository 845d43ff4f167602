"""Defect 16: staff sessions end after an absolute lifetime and after a spell of idleness."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import pytest
from django.test import Client

from safer.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from safer.accounts.models import Role
from safer.testing import create_staff, sign_in


def _age_session(client: Client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT}[key]] = now - ago
    session.save()


def test_the_defaults_are_twelve_hours_and_thirty_minutes(settings: Any) -> None:
    assert settings.STAFF_SESSION_HOURS == 12
    assert settings.STAFF_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


@pytest.mark.django_db
def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client: Client) -> None:
    sign_in(client, create_staff(Role.PC))
    assert client.get("/staff/").status_code == 200
    _age_session(client, last_seen=31 * 60)
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/sign-in/")
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/")  # and stays signed out


@pytest.mark.django_db
def test_activity_keeps_a_session_alive_until_its_absolute_limit(client: Client) -> None:
    sign_in(client, create_staff(Role.PC))
    _age_session(client, signed_in=11 * 3600, last_seen=29 * 60)
    assert client.get("/staff/").status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5  # the request counted as activity
    _age_session(client, signed_in=12 * 3600 + 1, last_seen=10)
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/")


def _settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import safer.settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, "
        "s.SESSION_COOKIE_SECURE)"
    )
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SECRET_KEY", "DEBUG", "ALLOWED"))
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=clean | env, capture_output=True, text=True, check=False
    )


def test_the_demo_secret_key_is_refused_for_a_real_host_without_debug() -> None:
    refused = _settings_with({"ALLOWED_HOSTS": "neighbourhoods.example.police.uk"})
    assert refused.returncode != 0 and "ImproperlyConfigured" in refused.stderr
    assert (
        _settings_with(
            {"ALLOWED_HOSTS": "neighbourhoods.example.police.uk", "SECRET_KEY": "x" * 50}
        ).returncode
        == 0
    )
    assert _settings_with({}).returncode == 0  # the demo and the tests: local names only
    assert _settings_with({"ALLOWED_HOSTS": "example.org", "DEBUG": "true"}).returncode == 0


def test_https_settings_follow_secure_cookies_and_can_be_set_one_by_one() -> None:
    demo = _settings_with({})
    assert demo.stdout.split() == ["False", "0", "None", "False"]
    production = _settings_with({"SECURE_COOKIES": "true"})
    assert production.stdout.strip() == "True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https') True"
    tuned = _settings_with(
        {"SECURE_COOKIES": "true", "SECURE_HSTS_SECONDS": "300", "SECURE_SSL_REDIRECT": "false"}
    )
    assert tuned.stdout.split()[:2] == ["False", "300"]
