"""Defect 16: an account with no device cannot enrol one with its password alone; an administrator
issues a one-time set-up link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts import enrolment
from safer.accounts.models import AuditEvent, EnrolmentToken, Role
from safer.accounts.tests.test_sign_in import code_for, enter_password
from safer.testing import create_staff, sign_in


@pytest.fixture
def newcomer(db):
    user = create_staff(Role.PC)
    TOTPDevice.objects.filter(user=user).delete()
    return user


def path_of(link: str) -> str:
    return link.removeprefix(settings.SITE_URL)


def test_a_password_alone_does_not_reach_the_set_up(client: Client, newcomer) -> None:
    enter_password(client, newcomer)
    response = client.get(reverse("accounts:set-up"))
    assert response.status_code == 403
    assert "Ask for a set-up link" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=newcomer).exists()
    assert client.post(reverse("accounts:set-up"), {"code": "123456"}).status_code == 403
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in/two-factor/")


def test_a_link_enrols_once_and_only_its_own_account(client: Client, newcomer) -> None:
    link = enrolment.issue(create_staff(Role.ADMINISTRATOR), newcomer)
    other = create_staff(Role.PC)
    TOTPDevice.objects.filter(user=other).delete()
    client.get(path_of(link))
    enter_password(client, other)  # someone else's password in the same browser
    assert client.get(reverse("accounts:set-up")).status_code == 403

    client = Client()
    client.get(path_of(link))
    enter_password(client, newcomer)
    assert client.get(reverse("accounts:set-up")).status_code == 200
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert client.post(reverse("accounts:set-up"), {"code": code_for(device)}).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert EnrolmentToken.objects.get(user=newcomer).used_at is not None
    assert Client().get(path_of(link)).status_code == 404  # used up


def test_an_expired_or_replaced_link_does_not_work(client: Client, newcomer) -> None:
    administrator = create_staff(Role.ADMINISTRATOR)
    first = enrolment.issue(administrator, newcomer)
    second = enrolment.issue(administrator, newcomer)
    assert client.get(path_of(first)).status_code == 404
    EnrolmentToken.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(path_of(second)).status_code == 404


def test_only_an_administrator_issues_links(client: Client, newcomer) -> None:
    with pytest.raises(PermissionDenied):
        enrolment.issue(create_staff(Role.SERGEANT), newcomer)
    assert not EnrolmentToken.objects.exists()
    administrator = create_staff(Role.ADMINISTRATOR)
    sign_in(client, administrator)
    page = client.post(reverse("accounts:enrolment-link", args=[newcomer.pk])).content.decode()
    assert f"{settings.SITE_URL}/staff/sign-in/set-up/" in page
    token = EnrolmentToken.objects.get(user=newcomer)
    assert token.token_hash not in page and token.issued_by == administrator
    assert AuditEvent.objects.filter(
        action="two_factor.enrolment_issued", object_id=str(newcomer.pk)
    ).exists()


def test_the_command_prints_a_link_for_the_first_administrator(newcomer, capsys) -> None:
    call_command("setup_link", newcomer.username)
    assert capsys.readouterr().out.strip().startswith(f"{settings.SITE_URL}/staff/sign-in/set-up/")
