"""Readings at or above the threshold become letters: the level follows the vehicle's earlier
letters, the DVLA answers fill the keepers in, and the batch PDF names exactly those vehicles."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safer.accounts.models import Role
from safer.community.actions import speedwatch as actions
from safer.community.models import Letter, LetterStatus, Reading, threshold_for
from safer.community.sheets import parse_keepers
from safer.community.tests.helpers import create_session, csw_world
from safer.testing import create_neighbourhood, create_staff, sign_in


def test_the_threshold_is_the_limit_plus_ten_percent_plus_two() -> None:
    assert [threshold_for(limit) for limit in (20, 30, 40)] == [24, 35, 46]


@override_settings(COMMUNITY_CSW_THRESHOLD_PERCENT=0, COMMUNITY_CSW_THRESHOLD_EXTRA_MPH=5)
def test_the_threshold_is_configurable() -> None:
    assert threshold_for(30) == 35 and threshold_for(40) == 45


def _reading(session, registration: str, speed: int, minute: int = 0) -> Reading:  # type: ignore[no-untyped-def]
    return Reading.objects.create(
        session=session,
        registration=registration,
        speed_mph=speed,
        seen_at=dt.time(8, minute),
        direction="N",
        make="Ford",
    )


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_the_batch_pdf_names_exactly_the_vehicles_at_or_over_the_threshold(client: Client) -> None:
    nb = create_neighbourhood()
    session, _ = csw_world(nb)
    speeds = {"AB12CDE": 35, "CD34EFG": 34, "EF56GHI": 52, "GH78IJK": 30}
    for i, (reg, speed) in enumerate(speeds.items()):
        _reading(session, reg, speed, i)
    officer = create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb])
    sign_in(client, officer)
    client.post(reverse("community:csw-letters-prepare"))
    over = {reg for reg, speed in speeds.items() if speed >= 35}
    assert set(Letter.objects.values_list("registration", flat=True)) == over
    export = client.get(reverse("community:csw-dvla")).content.decode()
    assert "AB12CDE" in export and "CD34EFG" not in export
    answers = "reference,keeper_name,address,postcode\n" + "".join(
        f"{letter.reference},Keeper {letter.registration},1 High Street;Worcester,WR1 2AB\n"
        for letter in Letter.objects.all()
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(reverse("community:csw-keepers"), {"keepers": SimpleUploadedFile("k.csv", answers.encode())})
    assert set(Letter.objects.values_list("status", flat=True)) == {LetterStatus.READY}
    client.post(reverse("community:csw-batch-make"))
    batch = Letter.objects.first().batch  # type: ignore[union-attr]
    response = client.get(reverse("community:csw-batch-pdf", args=[batch.pk]))  # type: ignore[union-attr]
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    named = {reg for reg in speeds if reg in text}
    assert named == over
    assert "not a Notice of Intended Prosecution" in text


@pytest.mark.django_db
def test_a_second_offence_gets_a_warning_and_a_visit_and_a_third_goes_to_roads_policing() -> None:
    nb = create_neighbourhood()
    first, people = csw_world(nb)
    today = timezone.localdate()
    second = create_session(first.site, volunteers=people, day=today - dt.timedelta(days=30))
    third = create_session(first.site, volunteers=people, day=today - dt.timedelta(days=60))
    for session in (first, second, third):
        _reading(session, "AB12CDE", 45)
    officer = create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb])
    assert actions.prepare_letters(officer) == 3
    levels = list(Letter.objects.order_by("reading__session__date").values_list("level", "visit_needed"))
    assert levels == [(1, False), (2, True), (3, False)]
    assert actions.prepare_letters(officer) == 0  # no reading gets a second letter


@pytest.mark.django_db
def test_keeper_answers_for_letters_outside_scope_change_nothing() -> None:
    here, there = create_neighbourhood(), create_neighbourhood()
    session, _ = csw_world(there)
    _reading(session, "AB12CDE", 50)
    actions.prepare_letters(create_staff(Role.ADMINISTRATOR))
    letter = Letter.objects.get()
    rows, errors = parse_keepers(
        f"reference,keeper_name,address,postcode\n{letter.reference},K,1 Road,WR1 2AB\n".encode()
    )
    assert errors == []
    count, errors = actions.import_keepers(create_staff(Role.ROAD_SAFETY, neighbourhoods=[here]), rows)
    assert count == 0 and errors == [f"Line 2: {letter.reference} is not a letter waiting for its keeper"]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.AWAITING_KEEPER and letter.keeper_name == ""
