"""The import's fast paths: columns without the csv module, indexes set aside for large loads, the
whole table replaced at once, constants written into SQLite's statement, vectorised id keys."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.db.models import ForeignKey

from safer.crime import importers, locations
from safer.crime.bulk import MalformedFile
from safer.crime.csvcolumns import persistent_key, persistent_keys
from safer.crime.importers import import_path, load
from safer.crime.models import Crime, ImportBatch
from safer.crime.tests.test_import_street import REAL, db_counts, file_counts
from safer.testing import create_neighbourhood

DATA = Path(__file__).resolve().parent.parent / "data"
JANUARY = DATA / "2019-01-west-mercia-street.csv"
FIELDS = [
    "month",
    "persistent_id",
    "category",
    "location__name",
    "location__latitude",
    "lsoa_name",
    "context",
]


def constraints() -> dict[str, Any]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Crime._meta.db_table)
    return {name: (c["columns"], c["index"], c["foreign_key"]) for name, c in found.items()}


def stored() -> list[tuple[Any, ...]]:
    return sorted(Crime.objects.values_list(*FIELDS))


@contextmanager
def spy_on_set_aside(calls: list[str]) -> Iterator[None]:
    real = load.indexes_set_aside

    @contextmanager
    def spy(table: str) -> Iterator[None]:
        calls.append(table)
        with real(table):
            yield

    load.indexes_set_aside = spy  # type: ignore[assignment]
    try:
        yield
    finally:
        load.indexes_set_aside = real


@pytest.mark.django_db
def test_it_rebuilds_exactly_the_indexes_and_foreign_keys_it_set_aside() -> None:
    before = constraints()
    assert any(index for _, index, _ in before.values())
    calls: list[str] = []
    with spy_on_set_aside(calls):
        import_path(DATA)
    assert calls == [Crime._meta.db_table]
    assert constraints() == before
    assert db_counts() == file_counts(REAL)


@pytest.mark.django_db
def test_the_crime_table_has_no_foreign_key_constraints_to_check_per_row() -> None:
    """The importer checks batch, location and neighbourhood ids itself; a database constraint on
    them would cost a check per inserted row (deferred to the commit on PostgreSQL)."""
    assert [name for name, (_, _, fk) in constraints().items() if fk] == []
    keys = {
        f.name: f.deconstruct()[3].get("db_constraint", True)
        for f in Crime._meta.get_fields()
        if isinstance(f, ForeignKey)
    }
    assert keys == {"batch": False, "location": False, "neighbourhood": False}


@pytest.mark.django_db
def test_a_failed_write_leaves_no_rows_and_every_index(monkeypatch: pytest.MonkeyPatch) -> None:
    before = constraints()
    real_insert = load.insert_parts

    def insert_then_fail(*args: Any) -> None:
        real_insert(*args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "insert_parts", insert_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_path(DATA)
    assert Crime.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert constraints() == before


@pytest.mark.django_db
def test_a_month_into_a_larger_table_keeps_its_indexes_and_replaces_only_itself() -> None:
    import_path(DATA)
    calls: list[str] = []
    with spy_on_set_aside(calls):
        import_path(DATA / "2019-01-warwickshire-street.csv")  # 4,486 rows against 19,291 kept
    assert calls == []
    assert db_counts() == file_counts(REAL)
    assert ImportBatch.objects.count() == 3


@pytest.mark.django_db
def test_quoted_fields_import_the_same_as_plain_ones(tmp_path: Path) -> None:
    import_path(JANUARY)
    plain = stored()
    rows = list(csv.reader(io.StringIO(JANUARY.read_text())))
    rows[1][11] = 'a context, with a comma and "quotes"'
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    quoted = tmp_path / JANUARY.name
    quoted.write_text(out.getvalue(), newline="")
    import_path(quoted)
    assert Crime.objects.filter(context='a context, with a comma and "quotes"').count() == 1
    assert [r for r in stored() if "comma" not in r[-1]] == [
        r for r in plain if r != plain_row(plain, rows[1])
    ]


def plain_row(plain: list[tuple[Any, ...]], row: list[str]) -> tuple[Any, ...]:
    return next(r for r in plain if r[1] == row[0] and row[0])


@pytest.mark.django_db
def test_blank_lines_and_a_missing_last_newline_are_fine_and_lines_keep_their_numbers(tmp_path: Path) -> None:
    lines = JANUARY.read_text().splitlines()
    body = [lines[0], lines[1], "", lines[2], *lines[3:]]
    path = tmp_path / JANUARY.name
    path.write_text("\n".join(body))  # no newline at the end
    import_path(path)
    assert Crime.objects.count() == 10038
    body[5] = body[5] + ",extra"
    path.write_text("\n".join(body))
    with pytest.raises(MalformedFile, match="line 6: expected 12 fields, found 13"):
        import_path(path)
    assert Crime.objects.count() == 10038


@pytest.mark.django_db
def test_two_files_with_the_same_month_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "copy" / JANUARY.name
    other.parent.mkdir()
    other.write_bytes(JANUARY.read_bytes())
    sources = importers.discover(JANUARY) + importers.discover(other)
    with pytest.raises(MalformedFile, match="another file in this import also holds street rows"):
        importers.import_sources(sources)
    assert Crime.objects.count() == 0


@pytest.mark.django_db
def test_a_point_with_one_coordinate_or_off_the_earth_names_its_line(tmp_path: Path) -> None:
    good = JANUARY.read_text().splitlines(keepends=True)
    cases = {
        "half": (good[1].replace(",-1.386059,", ",,"), "line 3: latitude '53.039955' or longitude ''"),
        "earth": (good[1].replace(",53.039955,", ",93.039955,"), "line 3: the point 93.039955,-1.386059"),
        "nan": (good[1].replace(",53.039955,", ",nan,"), "line 3: latitude 'nan'"),
    }
    for name, (line, message) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text("".join([good[0], good[2], line]))
        with pytest.raises(MalformedFile, match=message):
            import_path(path)
    assert Crime.objects.count() == 0


def test_vectorised_keys_equal_the_scalar_ones() -> None:
    ids = [
        "0b0ed37d5ded9c52acf04b0f30670059c12f22905ef73de526fcd8a8f14f4346",
        "",
        "ffffffffffffffff" + "0" * 48,
        "8000000000000000" + "a" * 48,
        "0B0ED37D5DED9C52" + "b" * 48,
        "zz0ed37d5ded9c52" + "c" * 48,
        "",
    ]
    assert persistent_keys(ids) == [persistent_key(p) for p in ids]
    assert persistent_keys(ids[2:4]) == [-1, -(1 << 63)]
    odd = ["abc", "", "12345678901234567"]
    assert persistent_keys(odd) == [persistent_key(p) for p in odd] == [0xABC, None, 0x1234567890123456]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_neighbourhood_that_vanished_stops_the_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    real = locations.neighbourhood_ids

    def a_deleted_neighbourhood(lats: Any, lngs: Any) -> np.ndarray:
        located = real(lats, lngs)
        return np.where(located == nb.pk, nb.pk + 1000, located)

    monkeypatch.setattr(locations, "neighbourhood_ids", a_deleted_neighbourhood)
    with pytest.raises(RuntimeError, match="a neighbourhood was deleted"):
        import_path(JANUARY)
    assert Crime.objects.count() == 0 and ImportBatch.objects.count() == 0
    monkeypatch.undo()
    import_path(JANUARY)
    assert Crime.objects.filter(neighbourhood=nb).count() > 100
    if connection.vendor == "sqlite":  # the importer's own connection checks foreign keys again
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone()[0] == 1
