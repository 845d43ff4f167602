"""Properties of the places importers (KML boundaries, the ONS postcode directory): any corruption of
any line of a file is a `PlacesImportError` naming that file and line, and the database is exactly as
it was (issue 8, "properties, not examples").

The files are the test fixtures in data.police.uk's KML and the ONSPD's CSV layouts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.places.imports import PlacesImportError, import_boundaries, import_postcodes
from safer.places.models import Force, Neighbourhood, Postcode

FIXTURES = Path(__file__).parent / "fixtures"
BOUNDARIES = FIXTURES / "boundaries" / "west-mercia"
ONSPD = FIXTURES / "onspd-sample.csv"
PROPERTY = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NOT_UTF8 = st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xe2\x82"])
TOKEN = re.compile(r"-?\d+\.\d+,-?\d+\.\d+(?:,-?\d+(?:\.\d+)?)?")
BAD_TOKENS = st.sampled_from(
    ["abc,52.1", "-2.3", "-2.3,52.1,0,9", "-200,52.1", "-2.3,95", "nan,52.1", "-2.3,,0", "-2.3;52.1"]
)


def snapshot() -> list[object]:
    return [list(model.objects.order_by("pk").values_list()) for model in (Force, Neighbourhood, Postcode)]


@pytest.fixture
def stored(db: None) -> list[object]:
    import_boundaries(BOUNDARIES.parent)
    import_postcodes(ONSPD)
    assert Postcode.objects.exists() and Neighbourhood.objects.count() == 3
    return snapshot()


def insert_bytes(text: str, k: int, draw: st.DrawFn, extra: bytes) -> bytes:
    """`text` with `extra` inserted somewhere in line `k` (0-based)."""
    lines = text.split("\n")
    start = len("\n".join(lines[:k]).encode()) + (1 if k else 0)
    at = start + draw(st.integers(0, len(lines[k].encode())))
    data = text.encode()
    return data[:at] + extra + data[at:]


@st.composite
def corrupted_kml(draw: st.DrawFn) -> tuple[str, bytes, int]:
    """One boundary file's name, its text with one line corrupted, and that line's number."""
    path = draw(st.sampled_from(sorted(BOUNDARIES.glob("*.kml"))))
    text = path.read_text()
    lines = text.split("\n")
    with_points = [k for k, line in enumerate(lines) if TOKEN.search(line)]
    how = draw(st.sampled_from(["not utf-8", "markup", "coordinate", "coordinate"]))
    if how == "coordinate":
        k = draw(st.sampled_from(with_points))
        tokens = list(TOKEN.finditer(lines[k]))
        token = tokens[draw(st.integers(0, len(tokens) - 1))]
        lines[k] = lines[k][: token.start()] + draw(BAD_TOKENS) + lines[k][token.end() :]
        return path.name, "\n".join(lines).encode(), k + 1
    k = draw(st.integers(0, len(lines) - 2))  # the last "line" is what follows the final newline
    extra = draw(NOT_UTF8) if how == "not utf-8" else b"<&"
    return path.name, insert_bytes(text, k, draw, extra), k + 1


def test_any_corrupted_line_of_a_boundary_file_is_named_and_changes_nothing(
    stored: list[object], tmp_path: Path
) -> None:
    @PROPERTY
    @given(corrupted_kml())
    def check(case: tuple[str, bytes, int]) -> None:
        name, data, line = case
        folder = tmp_path / "import" / "west-mercia"
        shutil.rmtree(folder.parent, ignore_errors=True)
        shutil.copytree(BOUNDARIES, folder)
        (folder / name).write_bytes(data)
        with pytest.raises(PlacesImportError) as failed:
            import_boundaries(folder.parent)
        assert (failed.value.path.name, failed.value.line) == (name, line), failed.value
        assert snapshot() == stored

    check()


ONSPD_HEADER = ONSPD.read_text().split("\n", 1)[0].split(",")
POSTCODE, DOTERM, LAT, LNG = (ONSPD_HEADER.index(c) for c in ("pcds", "doterm", "lat", "long"))


@st.composite
def corrupted_onspd(draw: st.DrawFn) -> tuple[bytes, int]:
    text = ONSPD.read_text()
    lines = text.split("\n")
    k = draw(st.integers(1, len(lines) - 2))
    how = draw(st.sampled_from(["field", "field", "field", "not utf-8", "cut"]))
    if how == "not utf-8":
        return insert_bytes(text, k, draw, draw(NOT_UTF8)), k + 1
    fields = lines[k].split(",")
    if how == "cut":
        lines[k] = lines[k][: draw(st.integers(1, lines[k].rindex(",")))]
    else:
        change = draw(st.sampled_from(["drop", "extra", "postcode", "point"]))
        if change == "drop":
            fields.pop(draw(st.integers(0, len(fields) - 1)))
        elif change == "extra":
            fields.insert(draw(st.integers(0, len(fields))), draw(st.sampled_from(["", "x", "52.1"])))
        elif change == "postcode" or fields[DOTERM] or fields[LAT] == "99.999999":
            # A terminated postcode's point is never read, nor one marked as having no grid reference.
            fields[POSTCODE] = draw(st.sampled_from(["", "XYZ", "12345", "WR1 2AAA", "W1"]))
        else:
            axis = draw(st.sampled_from([LAT, LNG]))
            off = ["91", "-90.5", "1000"] if axis == LAT else ["181", "-180.5"]
            fields[axis] = draw(st.sampled_from(["", "abc", "nan", "inf", "52..1", *off]))
        lines[k] = ",".join(fields)
    return "\n".join(lines).encode(), k + 1


def test_any_corrupted_line_of_the_postcode_directory_is_named_and_changes_nothing(
    stored: list[object], tmp_path: Path
) -> None:
    @PROPERTY
    @given(corrupted_onspd())
    def check(case: tuple[bytes, int]) -> None:
        data, line = case
        path = tmp_path / "onspd.csv"
        path.write_bytes(data)
        with pytest.raises(PlacesImportError) as failed:
            import_postcodes(path)
        assert failed.value.line == line, failed.value
        assert snapshot() == stored

    check()


def test_the_uncorrupted_files_import_so_the_corruptions_are_what_is_refused(stored: list[object]) -> None:
    assert import_boundaries(BOUNDARIES.parent) == 3
    assert import_postcodes(ONSPD) == Postcode.objects.count() > 0
    assert snapshot() == stored
