"""The crime admin: every model listed and shown read-only, without victim or offender references."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from safer.accounts.models import Role
from safer.crime.importers import import_path
from safer.crime.incidents import import_incidents
from safer.crime.models import Crime, CrimeLocation, ImportBatch, Incident
from safer.testing import create_neighbourhood, create_staff, sign_in

DATA = Path(__file__).resolve().parent.parent / "data"
MODELS = [
    "importbatch",
    "crimelocation",
    "crime",
    "outcome",
    "stopandsearch",
    "incident",
]


@pytest.fixture
def admin_client(client: Client, db: None) -> Client:
    user = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return sign_in(client, user)


def test_it_lists_every_crime_model_and_offers_no_add(admin_client: Client) -> None:
    create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    import_path(DATA / "2019-01-west-mercia-street.csv")
    for name in MODELS:
        assert admin_client.get(reverse(f"admin:crime_{name}_changelist")).status_code == 200, name
        assert admin_client.get(reverse(f"admin:crime_{name}_add")).status_code == 403, name
    listed = admin_client.get(
        reverse("admin:crime_crime_changelist"), {"category": "burglary", "month": "2019-01"}
    )
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == Crime.objects.filter(category="burglary").count() > 0


def test_imported_rows_cannot_be_changed_or_deleted_here(admin_client: Client) -> None:
    import_path(DATA / "2019-02-west-mercia-street.csv")
    crime = Crime.objects.exclude(location=None).first()
    assert crime is not None and crime.location_id is not None
    page = admin_client.get(reverse("admin:crime_crime_change", args=[crime.pk]))
    assert page.status_code == 200 and b'type="submit"' not in page.content.split(b"<form")[-1]
    posted = admin_client.post(reverse("admin:crime_crime_change", args=[crime.pk]), {"month": "2020-01"})
    assert posted.status_code == 403
    deleted = admin_client.post(
        reverse("admin:crime_crimelocation_delete", args=[crime.location_id]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    batch = ImportBatch.objects.get()
    assert (
        admin_client.post(
            reverse("admin:crime_importbatch_delete", args=[batch.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Crime.objects.get(pk=crime.pk).month == "2019-02"
    assert CrimeLocation.objects.filter(pk=crime.location_id).exists() and ImportBatch.objects.exists()


def test_it_never_shows_victim_or_offender_references(admin_client: Client, tmp_path: Path) -> None:
    path = tmp_path / "incidents.csv"
    path.write_text(
        "reference,occurred_at,category,latitude,longitude,victim_ref,offender_ref\n"
        "INC-1,2025-03-14T21:30,burglary-residential,52.19,-2.22,VICTIM-PSEUDONYM-7,OFFENDER-PSEUDONYM-1;OFFENDER-PSEUDONYM-2\n"
    )
    import_incidents(path)
    incident = Incident.objects.get()
    listed = admin_client.get(reverse("admin:crime_incident_changelist"))
    shown = admin_client.get(reverse("admin:crime_incident_change", args=[incident.pk]))
    searched = admin_client.get(reverse("admin:crime_incident_changelist"), {"q": "VICTIM-PSEUDONYM-7"})
    for response in (listed, shown):
        assert response.status_code == 200
        assert b"PSEUDONYM" not in response.content
    assert b"INC-1" in listed.content
    assert searched.status_code == 200 and searched.context["cl"].result_count == 0  # not searchable either


def test_it_needs_the_second_factor(client: Client, db: None) -> None:
    user: User = create_staff(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:crime_crime_changelist")).status_code == 302
