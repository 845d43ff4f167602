"""Editing a person's contact details on the staff page: validated, saved, audited before/after."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role
from safer.teams.forms import normalise_uk_mobile
from safer.teams.models import Person
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


@pytest.fixture
def team(db):
    nb = create_neighbourhood()
    return nb, create_person(nb, work_mobile="+447700900123", work_email="old@example.police.uk")


def post(client, person, **overrides):
    data = {
        "work_mobile": person.work_mobile,
        "work_email": person.work_email,
        "biography": person.biography,
        "photo_alt": person.photo_alt,
    }
    data.update(overrides)
    return client.post(reverse("teams:person", args=[person.pk]), data)


def test_it_saves_and_audits_a_change_with_before_and_after(client, team):
    nb, person = team
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    sign_in(client, pcso)
    response = post(client, person, work_mobile="+44 7911 123456", work_email="new@example.police.uk")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.work_mobile == "+447911123456"  # stored in E.164, shown as 07911 123456
    event = AuditEvent.objects.get(action="contact_details.changed")
    assert event.actor == pcso
    assert event.object_type == "teams.person" and event.object_id == str(person.pk)
    assert event.changes == {
        "work_mobile": ["+447700900123", "+447911123456"],
        "work_email": ["old@example.police.uk", "new@example.police.uk"],
    }


def test_it_audits_nothing_when_nothing_changes(client, team):
    nb, person = team
    sign_in(client, create_staff(Role.PC, neighbourhoods=[nb]))
    assert post(client, person).status_code == 302
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("work_mobile", "01632 960000", "Enter a UK mobile number"),
        ("work_mobile", "+33 6 12 34 56 78", "Enter a UK mobile number"),
        ("work_mobile", "not a number", "Enter a UK mobile number"),
        ("work_email", "nobody-at-example", "Enter an email address in the correct format"),
        ("biography", "x" * 2001, "2,000 characters or fewer"),
    ],
)
def test_it_rejects_bad_details_and_changes_nothing(client, team, field, value, message):
    nb, person = team
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[nb]))
    before = Person.objects.values().get(pk=person.pk)
    response = post(client, person, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'class="govuk-error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert Person.objects.values().get(pk=person.pk) == before
    assert not AuditEvent.objects.exists()


def test_it_accepts_uk_mobiles_and_the_ofcom_drama_range():
    assert normalise_uk_mobile("07911123456") == "+447911123456"
    assert normalise_uk_mobile("+447911 123 456") == "+447911123456"
    assert normalise_uk_mobile("07700 900 123") == "+447700900123"


def test_it_marks_details_verified_today_and_audits_it(client, team):
    nb, person = team
    Person.objects.filter(pk=person.pk).update(details_verified_on=None)
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    assert client.post(reverse("teams:verify", args=[person.pk])).status_code == 302
    person.refresh_from_db()
    assert not person.details_are_stale()
    assert AuditEvent.objects.get(action="details.verified").changes["details_verified_on"][0] is None


def test_it_refuses_a_get_to_the_verify_action(client, team):
    nb, person = team
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    assert client.get(reverse("teams:verify", args=[person.pk])).status_code == 405
