"""Two-factor sign-in, first-time set-up, lockout and sign-out, with real TOTP codes."""

from __future__ import annotations

import base64
import logging
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts import enrolment
from safer.accounts.models import AuditEvent, Role
from safer.testing import STRONG_PASSWORD, create_neighbourhood, create_staff

HOME = "/staff/"


def code_for(device: TOTPDevice, *, wrong: bool = False) -> str:
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if wrong:
        value = (value + 1) % 10**6
    return f"{value:06d}"


def enter_password(client, user, password=STRONG_PASSWORD, next_url=HOME):
    return client.post(
        reverse("accounts:sign-in"), {"username": user.username, "password": password, "next": next_url}
    )


@pytest.fixture
def staff(db):
    return create_staff(Role.PCSO, neighbourhoods=[create_neighbourhood()])


def test_it_signs_in_with_a_password_and_a_correct_code(client, staff):
    response = enter_password(client, staff)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))
    # The password alone does not open staff pages.
    assert client.get(HOME)["Location"].startswith("/staff/sign-in/two-factor/")

    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_it_does_not_sign_in_with_a_wrong_code(client, staff):
    enter_password(client, staff)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device, wrong=True)})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert client.get(HOME)["Location"].startswith("/staff/sign-in/two-factor/")


def test_it_rejects_a_code_that_is_not_six_digits(client, staff):
    enter_password(client, staff)
    response = client.post(reverse("accounts:two-factor"), {"code": "12ab"})
    assert "The security code must be 6 digits" in response.content.decode()


def test_it_shows_a_clear_error_for_a_wrong_password(client, staff):
    response = enter_password(client, staff, password="not-the-password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_five_wrong_passwords(client, staff):
    for _ in range(4):
        assert enter_password(client, staff, password="wrong-password").status_code == 200
    response = enter_password(client, staff, password="wrong-password")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Even the right password is refused now.
    response = enter_password(client, staff)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_repeated_wrong_codes(client, staff):
    enter_password(client, staff)
    device = TOTPDevice.objects.get(user=staff)
    statuses = []
    for _ in range(5):
        TOTPDevice.objects.get(pk=device.pk).throttle_reset()  # as if the person waited between tries
        response = client.post(reverse("accounts:two-factor"), {"code": code_for(device, wrong=True)})
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session
    # A fresh password does not buy fresh guesses: the account stays locked.
    assert enter_password(client, staff).status_code == 429


def test_it_rotates_the_session_key_at_each_step(client, staff):
    client.get(reverse("accounts:sign-in"))
    client.session.save()
    first = client.session.session_key
    enter_password(client, staff)
    second = client.session.session_key
    device = TOTPDevice.objects.get(user=staff)
    client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    third = client.session.session_key
    assert len({first, second, third}) == 3


def test_it_sets_up_a_first_device_with_a_qr_code(client, db):
    user = create_staff(Role.PC)
    TOTPDevice.objects.filter(user=user).delete()
    link = enrolment.issue(create_staff(Role.ADMINISTRATOR), user)
    assert client.get(link.removeprefix(settings.SITE_URL))["Location"].startswith(
        reverse("accounts:sign-in")
    )
    response = enter_password(client, user)
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:set-up"))

    page = client.get(reverse("accounts:set-up"))
    html = page.content.decode()
    assert "<svg" in html and "<path" in html
    assert "style=" not in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    found = re.search(r'<code class="sn-secret">([A-Z2-7 ]+)</code>', html)
    assert found is not None
    secret = found.group(1).replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key

    wrong = client.post(reverse("accounts:set-up"), {"code": code_for(device, wrong=True)})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    device.refresh_from_db()
    device.throttle_reset()  # as if the person waited before trying again
    response = client.post(reverse("accounts:set-up"), {"code": code_for(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enrolled", object_id=str(user.pk)).exists()


def test_it_asks_to_wait_rather_than_counting_a_try_too_soon(client, staff):
    enter_password(client, staff)
    device = TOTPDevice.objects.get(user=staff)
    client.post(reverse("accounts:two-factor"), {"code": code_for(device, wrong=True)})
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert "wait a few seconds" in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert response.status_code == 302


def test_it_signs_out_only_by_post(client, staff):
    enter_password(client, staff)
    client.post(reverse("accounts:two-factor"), {"code": code_for(TOTPDevice.objects.get(user=staff))})
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert client.get(HOME).status_code == 200
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert client.get(HOME)["Location"].startswith("/staff/sign-in/")


def test_it_ignores_a_next_address_on_another_site(client, staff):
    enter_password(client, staff, next_url="https://evil.example/")
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(
        reverse("accounts:two-factor"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/staff/today/"  # the first page after sign-in


def test_it_keeps_usernames_out_of_the_logs(client, staff, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        enter_password(client, staff, password="wrong-password")
    assert "axes" in caplog.text.lower()
    assert staff.username not in caplog.text
    assert staff.email not in caplog.text


def test_it_sends_a_strict_csp_on_staff_pages(client, staff):
    from safer.testing import sign_in

    responses = [client.get(reverse("accounts:sign-in"))]
    sign_in(client, staff)
    responses += [client.get(HOME), client.get(reverse("teams:list"))]
    for response in responses:
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
        assert nonce is not None
        assert f'nonce="{nonce.group(1)}"' in response.content.decode()
        assert "style=" not in response.content.decode()
