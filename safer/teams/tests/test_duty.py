"""Duty status: on or off, until a time in the next 24 hours; audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.teams import actions
from safer.teams.models import Person
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


@pytest.fixture
def signed_in(client, db):
    nb = create_neighbourhood()
    person = create_person(nb)
    staff = create_staff(Role.PC, neighbourhoods=[nb])
    sign_in(client, staff)
    return client, person, staff


def local(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_it_puts_someone_on_duty_until_a_time(signed_in):
    client, person, staff = signed_in
    response = client.post(
        reverse("teams:duty", args=[person.pk]), {"status": "on", "until": local(dt.timedelta(hours=8))}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_on_duty()
    assert timezone.now() + dt.timedelta(hours=7) < person.duty_until < timezone.now() + dt.timedelta(hours=9)
    event = AuditEvent.objects.get(action="duty_status.changed")
    assert event.actor == staff and event.changes["on_duty"] == ["False", "True"]


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (dt.timedelta(hours=-1), "The time must be in the future"),
        (dt.timedelta(hours=25), "The time must be within the next 24 hours"),
        (None, "Enter when this duty status ends"),
    ],
)
def test_it_refuses_a_bad_until_time(signed_in, until, message):
    client, person, _ = signed_in
    before = Person.objects.values().get(pk=person.pk)
    data = {"status": "on", "until": local(until) if until is not None else ""}
    response = client.post(reverse("teams:duty", args=[person.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert Person.objects.values().get(pk=person.pk) == before


def test_it_refuses_a_date_it_cannot_read(signed_in):
    client, person, _ = signed_in
    response = client.post(reverse("teams:duty", args=[person.pk]), {"status": "on", "until": "tomorrow-ish"})
    assert "Enter a date and time" in response.content.decode()


def test_it_puts_someone_off_duty_without_a_time(signed_in):
    client, person, _ = signed_in
    Person.objects.filter(pk=person.pk).update(
        on_duty=True, duty_until=timezone.now() + dt.timedelta(hours=2)
    )
    assert client.post(reverse("teams:duty", args=[person.pk]), {"status": "off"}).status_code == 302
    person.refresh_from_db()
    assert not person.is_on_duty() and person.duty_until is None


def test_the_action_checks_the_time_too(signed_in):
    _, person, staff = signed_in
    with pytest.raises(ValidationError):
        actions.set_duty_status(staff, person, on_duty=True, until=timezone.now() - dt.timedelta(minutes=1))
    assert not Person.objects.get(pk=person.pk).on_duty
