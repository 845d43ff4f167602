"""Log sheets: a malformed sheet names its bad lines and changes nothing; the same sheet twice
does not double the readings (and no corruption of a good sheet ever writes anything)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.community.actions import speedwatch as actions
from safer.community.models import Reading
from safer.community.sheets import parse_keepers, parse_sheet
from safer.community.tests.helpers import csw_world
from safer.testing import create_neighbourhood, sign_in

GOOD = (
    "registration,make,model,colour,speed,time,direction\n"
    "AB12 CDE,Ford,Focus,Blue,41,08:05,N\n"
    "XY70 ZZZ,Vauxhall,Corsa,Red,29,08:07,S\n"
    "KL19 MNO,,,,36,08:09,northbound\n"
)
BAD = (
    "registration,make,model,colour,speed,time,direction\n"
    "AB12 CDE,Ford,Focus,Blue,41,08:05,N\n"
    "!!,Ford,Focus,Blue,fast,25:99,up\n"
    "XY70 ZZZ,Vauxhall,Corsa,Red,29\n"
    "KL19 MNO,,,,36,06:00,N\n"
)


def test_a_good_sheet_gives_one_row_a_vehicle_with_clean_values() -> None:
    rows, errors = parse_sheet(GOOD.encode(), 1, dt.time(7), dt.time(9))
    assert errors == []
    assert [(r.line, r.registration, r.speed_mph, r.direction) for r in rows] == [
        (2, "AB12CDE", 41, "N"),
        (3, "XY70ZZZ", 29, "S"),
        (4, "KL19MNO", 36, "N"),
    ]


def test_a_malformed_sheet_names_each_bad_line_and_gives_no_rows() -> None:
    rows, errors = parse_sheet(BAD.encode(), 1, dt.time(7), dt.time(9))
    assert rows == []
    assert any(e.startswith("Line 3: registration") for e in errors)
    assert any(e.startswith("Line 3: speed 'fast'") for e in errors)
    assert any(e.startswith("Line 3: time '25:99'") for e in errors)
    assert any(e.startswith("Line 3: direction 'up'") for e in errors)
    assert "Line 4: 5 values, but the header has 7 columns" in errors
    assert "Line 5: time 06:00 is outside the session (07:00 to 09:00)" in errors
    assert not any(e.startswith("Line 2") for e in errors)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty"),
        (b"\xff\xfe\x00", "not a CSV saved as UTF-8"),
        (b"reg,speed\nAB12CDE,40\n", "Line 1: the header has no registration, time, direction column"),
        (b"registration,make,model,colour,speed,time,direction\n", "header but no vehicles"),
    ],
)
def test_files_that_are_not_log_sheets_are_refused_in_words(data: bytes, expected: str) -> None:
    rows, errors = parse_sheet(data, 1, dt.time(7), dt.time(9))
    assert rows == [] and expected in errors[0]


@pytest.mark.django_db
def test_uploading_a_bad_sheet_changes_nothing_and_the_same_sheet_twice_does_not_double(
    client: Client,
) -> None:
    nb = create_neighbourhood()
    session, (volunteer, *_) = csw_world(nb)
    sign_in(client, volunteer)
    url = reverse("community:csw-session", args=[session.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(url, {"sheet": SimpleUploadedFile("bad.csv", BAD.encode(), "text/csv")})
    assert page.status_code == 200
    assert "Line 4: 5 values, but the header has 7 columns" in page.content.decode()
    assert Reading.objects.count() == 0
    for _ in range(2):
        response = client.post(
            url, {"sheet": SimpleUploadedFile("good.csv", GOOD.replace("08:", "09:").encode(), "text/csv")}
        )
        assert response.status_code == 302
    assert Reading.objects.count() == 3
    assert sorted(Reading.objects.values_list("registration", flat=True)) == ["AB12CDE", "KL19MNO", "XY70ZZZ"]


@pytest.mark.django_db
def test_two_identical_vehicles_on_one_sheet_are_both_kept_and_still_not_doubled_on_resend() -> None:
    nb = create_neighbourhood()
    session, (volunteer, *_) = csw_world(nb)
    sheet = GOOD + "AB12 CDE,Ford,Focus,Blue,41,08:05,N\n"
    for _ in range(2):
        rows, errors = parse_sheet(sheet.encode(), session.pk, session.start, session.end)
        assert errors == []
        actions.import_sheet(volunteer, session, rows)
    assert Reading.objects.filter(registration="AB12CDE").count() == 2
    assert Reading.objects.count() == 4


corruption = st.tuples(
    st.integers(min_value=1, max_value=3),  # which vehicle line
    st.sampled_from(["registration", "speed", "time", "direction", "drop", "extra"]),
    st.sampled_from(["", "??", "999", "12:75", "x" * 50, "-4", "Z"]),
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(corruption, min_size=1, max_size=3))
def test_any_corruption_of_a_good_sheet_names_a_corrupted_line_and_writes_nothing(
    changes: list[tuple[int, str, str]],
) -> None:
    lines = GOOD.strip().split("\n")
    header = lines[0].split(",")
    broken: set[int] = set()
    for index, column, value in changes:
        values = lines[index].split(",")
        if column == "drop":
            values = values[:-1]
        elif column == "extra":
            values = [*values, value]
        else:
            position = header.index(column)
            # An earlier change may have dropped this line's last field: put an empty one back first.
            values += [""] * (position + 1 - len(values))
            values[position] = value.replace(",", "")
        lines[index] = ",".join(values)
        broken.add(index + 1)
    rows, errors = parse_sheet(("\n".join(lines) + "\n").encode(), 1, dt.time(7), dt.time(9))
    if errors:
        assert rows == []
        named = {int(e.split(":")[0].removeprefix("Line ")) for e in errors}
        assert named <= broken and named
    else:
        # Only changes that leave a line valid (e.g. a 999 registration) may pass, one row a line.
        assert len(rows) == 3


def test_keeper_answers_name_their_bad_lines() -> None:
    data = (
        b"reference,keeper_name,address,postcode\n"
        b"CSW-000001,A Keeper,1 High Street;Worcester,WR1 2AB\n"
        b"nonsense,B Keeper,2 High Street,WR1 2AB\n"
        b"CSW-000003,C Keeper,,\n"
        b"CSW-000004,,,\n"
    )
    rows, errors = parse_keepers(data)
    assert rows == []
    assert errors == [
        "Line 3: reference 'nonsense' is not like CSW-000123",
        "Line 4: a keeper needs an address and a postcode",
    ]
