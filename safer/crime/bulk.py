"""Fast writes and shared pieces for the importers: bulk inserts (COPY on PostgreSQL, one
executemany on SQLite), loading with a table's secondary indexes set aside, projection to the
British National Grid, and the malformed-file error."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from types import NoneType
from typing import Any

import numpy as np
from django.db import connection
from pyproj import Transformer


class MalformedFile(ValueError):
    """A file that cannot be imported. Says which file and line, so it can be fixed."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source, self.line, self.problem = source, line, problem
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {problem}. Nothing was imported.")


class ImportRefused(ValueError):
    """An import stopped before it wrote anything, for a reason other than a malformed file."""


class RowsStillLinked(ImportRefused):
    """Rows the import would replace are linked from other records (a problem-solving plan's
    crimes): replacing them would leave those links pointing at nothing."""

    def __init__(self, what: str, links: dict[str, int]) -> None:
        self.what, self.links = what, links
        named = ", ".join(f"{n:,} from {label}" for label, n in sorted(links.items()))
        super().__init__(
            f"{what}: rows this import would replace are linked ({named}). Nothing was imported. "
            "Unlink them first, or import only other months."
        )


class ShrinkRefused(ImportRefused):
    """An import that would replace a stored month with under half its rows, not allowed explicitly.

    A month only shrinks that much when something is wrong (a truncated download, a file of another
    month, dates read day-first), so it takes a deliberate `allow_shrink` (`--allow-shrink`)."""

    def __init__(self, source: str, what: str, stored: int, incoming: int) -> None:
        self.source, self.what, self.stored, self.incoming = source, what, stored, incoming
        super().__init__(
            f"{source}: this import would leave {what} with {incoming:,} of its {stored:,} stored rows, "
            "under half. Nothing was imported. If that is right, import again allowing it to shrink "
            "(--allow-shrink)."
        )


def shrinks(stored: int, after: int) -> bool:
    """Whether a month keeping `after` of its `stored` rows has lost more than half of them."""
    return 2 * after < stored


def bulk_insert(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], datetimes: Sequence[str] = ()
) -> None:
    """Insert plain tuples, bypassing model instances (which would cost ~10 µs a row). Columns named
    in `datetimes` hold aware datetimes, stored the way Django stores them on this database."""
    if datetimes and connection.vendor != "postgresql":
        positions = [columns.index(c) for c in datetimes]
        adapt = connection.ops.adapt_datetimefield_value
        rows = (tuple(adapt(v) if k in positions else v for k, v in enumerate(row)) for row in rows)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quoted} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif connection.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            cursor.cursor.executemany(f"INSERT INTO {quoted} ({cols}) VALUES ({marks})", rows)
        else:
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f"INSERT INTO {quoted} ({cols}) VALUES ({marks})", list(rows))


COPY_CHUNK = 20_000  # rows formatted and sent at a time: PostgreSQL works on one while we format the next
COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _copy_text(values: Sequence[Any]) -> Sequence[str]:
    """One column in COPY's text format: escaped strings, \\N for null."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        joined = "".join(values)
        if not any(c in joined for c in COPY_SPECIAL):
            return values
        return [_escape(v) for v in values]
    if kinds <= {int} or kinds <= {float}:
        return list(map(str, values))
    if kinds <= {int, NoneType} or kinds <= {float, NoneType}:
        # str() of numbers never contains "None" or the separator: three passes in C, not a call a value
        return "\x00".join(map(str, values)).replace("None", "\\N").split("\x00")
    text = {v: _copy_value(v) for v in set(values)}
    return list(map(text.__getitem__, values))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_value(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)  # int, aware datetime (ISO 8601 with its offset)


def insert_columns(table: str, columns: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
    """Insert rows given as columns: one sequence per name in `columns`, all the same length."""
    insert_parts(table, columns, [values])


def insert_parts(table: str, columns: Sequence[str], parts: Iterable[Sequence[Sequence[Any]]]) -> None:
    """Insert several sets of columns (e.g. one per file, built only as each is written).

    PostgreSQL: one COPY in text format, in chunks of preformatted lines (no Python call per row),
    handed to psycopg's writer thread so the server stores one chunk while the next is formatted.
    SQLite: one prepared INSERT run by executemany over each part's zipped columns."""
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.copy import QueuedLibpqWriter

            raw = cursor.cursor
            with raw.copy(f"COPY {quoted} ({cols}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
                for part in parts:
                    texts = [_copy_text(v) for v in part]
                    for start in range(0, len(texts[0]) if texts else 0, COPY_CHUNK):
                        chunk = [t[start : start + COPY_CHUNK] for t in texts]
                        copy.write("\n".join(map("\t".join, zip(*chunk, strict=True))) + "\n")
        elif connection.vendor == "sqlite":
            for part in parts:
                fixed = _constants(cursor, part)
                marks = ", ".join(fixed.get(k, "?") for k in range(len(columns)))
                varying = [col for k, col in enumerate(part) if k not in fixed]
                cursor.cursor.executemany(
                    f"INSERT INTO {quoted} ({cols}) VALUES ({marks})", zip(*varying, strict=True)
                )
        else:
            marks = ", ".join("%s" for _ in columns)
            for part in parts:
                cursor.executemany(
                    f"INSERT INTO {quoted} ({cols}) VALUES ({marks})", list(zip(*part, strict=True))
                )


def _constants(cursor: Any, part: Sequence[Sequence[Any]]) -> dict[int, str]:
    """SQLite: the columns holding one value in every row (a file's batch, month and force), as SQL
    literals quoted by SQLite's own quote(). Written into the statement, they are not bound again
    for every row (binding costs ~0.1 µs a value; a month's file has four such columns)."""
    fixed: dict[int, str] = {}
    rows = len(part[0]) if part else 0
    if rows < 1000:
        return fixed
    for k, col in enumerate(part):
        value = col[0]
        simple = value is None or type(value) in (int, str)
        if simple and col[-1] == value == col[rows // 2] and col.count(value) == rows:
            cursor.execute("SELECT quote(%s)", [value])
            fixed[k] = cursor.fetchone()[0]
    return fixed


@contextmanager
def indexes_set_aside(table: str) -> Iterator[None]:
    """Inside the caller's transaction, drop `table`'s secondary indexes (and on PostgreSQL its
    foreign keys), and on leaving recreate each from the definition the database itself gave.

    For loading a large share of a table: building an index once over every row costs less than
    updating it row by row (SQLite: 1.3 µs a row for the four crime indexes, against 2.6 µs an
    inserted row), and PostgreSQL checks a re-added foreign key with one join instead of one query
    per inserted row (5.6 µs a row). Nothing is lost on failure: the DDL is part of the transaction,
    so a rollback restores the indexes with the rows. On PostgreSQL the table is locked against
    readers until the commit; the importer only does this when most of the table is being loaded."""
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_set_aside needs a transaction")
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes = cursor.fetchall()
            foreign_keys: list[tuple[str, str]] = []
        elif connection.vendor == "postgresql":
            cursor.execute(
                """SELECT c.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
                   JOIN pg_class c ON c.oid = x.indexrelid
                   WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)""",
                [table],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            if foreign_keys:
                # PostgreSQL will not alter a table (or the tables it references) while checks are
                # queued for rows this transaction wrote: run those checks now. Django's foreign
                # keys are all DEFERRABLE INITIALLY DEFERRED, which is restored on the way out.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                drops = ", ".join(f"DROP CONSTRAINT {connection.ops.quote_name(n)}" for n, _ in foreign_keys)
                cursor.execute(f"ALTER TABLE {quoted} {drops}")
        else:
            indexes, foreign_keys = [], []
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, sql in indexes:
            cursor.execute(sql)
        if foreign_keys:
            adds = ", ".join(f"ADD CONSTRAINT {connection.ops.quote_name(n)} {d}" for n, d in foreign_keys)
            cursor.execute(f"ALTER TABLE {quoted} {adds}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@cache
def _from_bng() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def to_bng(lats: Any, lngs: Any) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 latitude/longitude to British National Grid easting/northing in metres."""
    e, n = _to_bng().transform(np.asarray(lngs, dtype=float), np.asarray(lats, dtype=float))
    return np.asarray(e, dtype=float), np.asarray(n, dtype=float)


def from_bng(eastings: Any, northings: Any) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid to WGS84 (latitudes, longitudes)."""
    lng, lat = _from_bng().transform(np.asarray(eastings, dtype=float), np.asarray(northings, dtype=float))
    return np.asarray(lat, dtype=float), np.asarray(lng, dtype=float)


def location_key(lat: float, lng: float, name: str) -> int:
    """A stable signed 64-bit key for a snap point: the same point and name always get the same key."""
    digest = hashlib.blake2b(f"{lat:.6f}|{lng:.6f}|{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def neighbourhood_ids(lats: Any, lngs: Any) -> np.ndarray:
    """Neighbourhood pk per point (-1 outside every boundary), via the shared boundary index."""
    from safer.places.locate import neighbourhood_ids_for_points

    lat = np.asarray(lats, dtype=float)
    if len(lat) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(neighbourhood_ids_for_points(lat, np.asarray(lngs, dtype=float)), dtype=np.int64)
