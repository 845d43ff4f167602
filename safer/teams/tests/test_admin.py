"""Changes to people through the Django admin are checked and audited like those on staff pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from PIL import Image

from safer.accounts.models import AuditEvent, Role
from safer.teams.models import Membership
from safer.teams.tests.images import image_upload
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


@pytest.fixture
def admin_client(client, db):
    user = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    sign_in(client, user)
    client.user = user
    return client


def admin_data(person, **overrides):
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "rank": person.rank,
        "collar_number": person.collar_number,
        "photo_alt": person.photo_alt,
        "work_mobile": person.work_mobile,
        "work_email": person.work_email,
        "biography": person.biography,
        "details_verified_on": person.details_verified_on.isoformat() if person.details_verified_on else "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_it_audits_contact_changes_made_in_the_admin(admin_client):
    person = create_person(work_email="old@example.police.uk")
    url = reverse("admin:teams_person_change", args=[person.pk])
    response = admin_client.post(url, admin_data(person, work_email="new@example.police.uk", biography="Hi"))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="contact_details.changed")
    assert event.actor == admin_client.user
    assert event.changes == {
        "work_email": ["old@example.police.uk", "new@example.police.uk"],
        "biography": ["", "Hi"],
    }


def test_it_checks_the_mobile_and_photo_in_the_admin(admin_client):
    person = create_person()
    url = reverse("admin:teams_person_change", args=[person.pk])
    response = admin_client.post(url, admin_data(person, work_mobile="01632 960000"))
    assert response.status_code == 200
    assert "Enter a UK mobile number" in response.content.decode()

    response = admin_client.post(
        url, admin_data(person, photo=image_upload((1500, 900), exif=True), photo_alt="Smiling")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    with Image.open(person.photo.path) as image:
        assert max(image.size) == 600 and not image.getexif()
    assert AuditEvent.objects.get(action="contact_details.changed").changes["photo"][1] == person.photo.name


def test_it_audits_memberships_added_in_the_admin(admin_client):
    person = create_person()
    nb = create_neighbourhood()
    url = reverse("admin:teams_person_change", args=[person.pk])
    data = admin_data(
        person,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-neighbourhood": str(nb.pk),
            "memberships-0-role": "pcso",
            "memberships-0-person": str(person.pk),
        },
    )
    assert admin_client.post(url, data).status_code == 302
    assert Membership.objects.filter(person=person, neighbourhood=nb).exists()
    assert AuditEvent.objects.get(action="membership.added").changes["neighbourhood"] == [None, nb.code]
