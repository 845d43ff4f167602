"""Times, postcodes, names and greetings as people read them, on the pages and messages that
showed the slips ("7:16a.m.", "Dear The Clerk,", usernames for names, postcodes without a space)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client

from safer.accounts.models import Role
from safer.alerts.links import manage_path
from safer.alerts.models import AlertPlace
from safer.engagement.models import ParishCouncil
from safer.testing import create_neighbourhood, create_staff, create_subscriber, sign_in

DUE = dt.datetime(2026, 12, 8, 7, 16, tzinfo=dt.UTC)  # 7:16 in London in winter
CONTACT = {
    "message": SimpleNamespace(due_at=DUE, confirmed_at=DUE, reference="AB12", channel="email"),
    "neighbourhood": SimpleNamespace(name="Claines"),
}


@pytest.mark.parametrize(
    "template",
    [
        "contact/messages/acknowledgement_sms.txt",
        "contact/messages/acknowledgement.txt",
        "contact/messages/escalation.txt",
    ],
)
def test_contact_messages_write_times_the_govuk_way(template: str) -> None:
    text = render_to_string(template, CONTACT)
    assert "7:16am" in text
    assert "a.m." not in text


@pytest.mark.parametrize(
    ("clerk", "greeting"),
    [
        ("The Clerk", "Dear Clerk to Eastnor Parish Council"),
        ("", "Dear Clerk to Eastnor Parish Council"),
        ("the parish clerk", "Dear Clerk to Eastnor Parish Council"),
        ("Jane  Smith", "Dear Jane Smith"),
    ],
)
def test_a_clerk_is_greeted_by_name_or_by_their_council(clerk: str, greeting: str) -> None:
    assert ParishCouncil(name="Eastnor Parish Council", clerk_name=clerk).salutation == greeting


@pytest.mark.django_db
def test_staff_pages_show_the_signed_in_persons_name(client: Client) -> None:
    pcso = create_staff(Role.PCSO, neighbourhoods=[create_neighbourhood()])
    pcso.first_name, pcso.last_name = "Asha", "Khan"
    pcso.save()
    sign_in(client, pcso)
    page = client.get("/alerts/staff/").content.decode()
    assert "Signed in as <strong>Asha Khan</strong>" in page


@pytest.mark.django_db
def test_the_manage_page_writes_postcodes_with_their_space(client: Client) -> None:
    subscriber = create_subscriber([create_neighbourhood()])
    AlertPlace.objects.filter(subscriber=subscriber).update(postcode="WR12AB")
    page = client.get(manage_path(subscriber.pk, subscriber.key)).content.decode()
    assert "(WR1 2AB)" in page


@pytest.mark.django_db
def test_quiet_hours_show_as_the_time_picker_reads_them(client: Client) -> None:
    subscriber = create_subscriber([create_neighbourhood()], quiet_start=dt.time(22), quiet_end=dt.time(7))
    page = client.get(manage_path(subscriber.pk, subscriber.key)).content.decode()
    assert 'type="time" name="quiet_start" value="22:00"' in page
    assert "22:00:00" not in page
