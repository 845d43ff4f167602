"""Properties of every crime importer: any corruption of any line of a real file is an error naming
that line, and the database is exactly as it was (issue 8, "properties, not examples").

The files are the real street files, outcomes derived from them, the demo's synthetic stops and
incidents made from the real crimes (see realfiles.py). Each corruption is one that makes the line
wrong whatever it held: a dropped or extra field, a month that is not the file's, a coordinate that
is no number or off the Earth, a byte that is not UTF-8, a line cut short, a required field emptied.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db.models import Count, Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.crime.bulk import MalformedFile
from safer.crime.importers import import_path
from safer.crime.incidents import import_incidents
from safer.crime.models import Crime, CrimeCount, CrimeLocation, ImportBatch, Incident, Outcome, StopAndSearch
from safer.crime.tests.realfiles import KINDS, file_name, incident_text, real_text, write

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Per kind: the Month (or Date) field, the latitude and longitude fields, and the fields that must
# not be empty.
MONTH_FIELD = {"street": 1, "outcomes": 1, "stop-and-search": 1, "incidents": 1}
POINT_FIELDS = {"street": (5, 4), "outcomes": (5, 4), "stop-and-search": (4, 5), "incidents": (3, 4)}
REQUIRED = {"street": (1, 9), "outcomes": (0, 1, 9), "stop-and-search": (1,), "incidents": (0, 1, 2)}
NOT_NUMBERS = st.sampled_from(["abc", "nan", "inf", "-inf", "1e999", "52..1", "--1", "1-2", "0x10"])
OFF_EARTH = {"lat": st.sampled_from(["90.5", "-91", "1000"]), "lng": st.sampled_from(["181", "-180.0001"])}


def snapshot() -> str:
    """A digest of what an import changes: every batch and incident row (an import that replaces a
    month makes new batches), and each table's row count and id sum."""
    digest = hashlib.sha256()
    for model in (ImportBatch, Incident):
        digest.update(repr(list(model.objects.order_by("pk").values_list())).encode())
    for table in (CrimeLocation, Crime, CrimeCount, Outcome, StopAndSearch):
        digest.update(repr(table.objects.aggregate(n=Count("pk"), ids=Sum("pk"))).encode())
    return digest.hexdigest()


def drop_field(fields: list[str], kind: str, draw: st.DrawFn) -> None:
    fields.pop(draw(st.integers(0, len(fields) - 1)))


def extra_field(fields: list[str], kind: str, draw: st.DrawFn) -> None:
    fields.insert(draw(st.integers(0, len(fields))), draw(st.sampled_from(["", "x", "2019-02", "52.1"])))


def bad_month(fields: list[str], kind: str, draw: st.DrawFn) -> None:
    k = MONTH_FIELD[kind]
    other = draw(st.sampled_from(["2019-03", "2018-02", "2019-01", "2019-13", "19-02", "2019/02", "", "x"]))
    if kind in ("stop-and-search", "incidents"):
        fields[k] = other + fields[k][7:] if draw(st.booleans()) else other
    else:
        fields[k] = other


def bad_point(fields: list[str], kind: str, draw: st.DrawFn) -> None:
    lat, lng = POINT_FIELDS[kind]
    axis = draw(st.sampled_from(["lat", "lng"]))
    which = lat if axis == "lat" else lng
    if fields[lat] == "" and fields[lng] == "":  # a "No Location" row: give it half a point
        fields[which] = "52.1"
        return
    fields[which] = draw(NOT_NUMBERS | OFF_EARTH[axis] | st.just(""))


def empty_required(fields: list[str], kind: str, draw: st.DrawFn) -> None:
    fields[draw(st.sampled_from(REQUIRED[kind]))] = ""


CORRUPTIONS = [drop_field, extra_field, bad_month, bad_point, empty_required]


@st.composite
def corrupted(draw: st.DrawFn, kind: str, text: str) -> tuple[bytes, int]:
    """The file with one line corrupted, and that line's number (1 is the header)."""
    lines = text.splitlines()
    k = draw(st.integers(1, len(lines) - 1))
    how = draw(st.sampled_from(["field", "field", "field", "not utf-8", "cut", "header"]))
    if how == "header":
        fields = lines[0].split(",")
        # An incident file's optional columns may be left out, so only an extra one is wrong there.
        drop = kind != "incidents" and draw(st.booleans())
        (drop_field if drop else extra_field)(fields, kind, draw)
        lines[0], k = ",".join(fields), 0
    elif how == "field":
        fields = lines[k].split(",")
        draw(st.sampled_from(CORRUPTIONS))(fields, kind, draw)
        lines[k] = ",".join(fields)
    elif how == "cut":
        lines[k] = lines[k][: draw(st.integers(0, lines[k].rindex(",")))]
        if not lines[k]:
            lines[k] = ","  # a blank line is skipped, not wrong: leave a short one
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if how == "not utf-8":
        start = len(("\n".join(lines[:k]) + "\n").encode("utf-8"))
        at = start + draw(st.integers(0, len(lines[k].encode("utf-8"))))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xe2\x82"])) + data[at:]
    return data, k + 1


@pytest.fixture
def stored(db: None, tmp_path: Path) -> str:
    """February imported already: every corrupted file below would replace it."""
    for kind in KINDS:
        import_path(write(tmp_path / "stored", file_name(kind), real_text(kind)))
    import_incidents(write(tmp_path / "stored", "incidents.csv", incident_text(limit=300)))
    return snapshot()


def check_refused(stored: str, run: Callable[[], object], line: int) -> None:
    with pytest.raises(MalformedFile) as failed:
        run()
    assert failed.value.line == line, failed.value
    assert snapshot() == stored


@pytest.mark.parametrize("kind", KINDS)
def test_any_corrupted_line_of_a_real_file_is_named_and_changes_nothing(
    stored: str, tmp_path: Path, kind: str
) -> None:
    text = real_text(kind)

    @PROPERTY
    @given(corrupted(kind, text))
    def check(case: tuple[bytes, int]) -> None:
        data, line = case
        path = write(tmp_path / "new", file_name(kind), data)
        check_refused(stored, lambda: import_path(path), line)

    check()


def test_any_corrupted_line_of_an_incident_file_is_named_and_changes_nothing(
    stored: str, tmp_path: Path
) -> None:
    text = incident_text(limit=300)

    @PROPERTY
    @given(corrupted("incidents", text))
    def check(case: tuple[bytes, int]) -> None:
        data, line = case
        path = write(tmp_path / "new", "2019-02-incidents.csv", data)
        check_refused(stored, lambda: import_incidents(path), line)

    check()


def test_the_uncorrupted_files_import_so_the_corruptions_are_what_is_refused(
    stored: str, tmp_path: Path
) -> None:
    for kind in KINDS:
        import_path(write(tmp_path / "again", file_name(kind), real_text(kind)))
    assert import_incidents(write(tmp_path / "again", "2019-02-incidents.csv", incident_text(limit=300))) == (
        0,
        300,
    )
    assert Crime.objects.count() == 9253 and StopAndSearch.objects.count() == 230
