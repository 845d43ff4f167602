"""Write checked files to the database: every file of an import in one transaction (all or nothing),
each (kind, force, month) replacing what an earlier import of it brought."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, Model, Sum
from tqdm import tqdm

from safer.crime import locations
from safer.crime.bulk import (
    MalformedFile,
    RowsStillLinked,
    ShrinkRefused,
    indexes_set_aside,
    insert_columns,
    insert_parts,
    shrinks,
)
from safer.crime.importers.outcomes import OUTCOME_COLUMNS, outcome_rows, parse_outcomes
from safer.crime.importers.sources import Parsed, Source, discover
from safer.crime.importers.stops import STOP_COLUMNS, parse_stops, stop_rows
from safer.crime.importers.street import STREET_COLUMNS, parse_street, street_counts, street_rows
from safer.crime.models import Crime, CrimeCount, ImportBatch, Outcome, StopAndSearch
from safer.crime.public import data_changed

PARSERS: dict[str, Callable[[Source], Parsed]] = {
    "street": parse_street,
    "outcomes": parse_outcomes,
    "stop-and-search": parse_stops,
}
TABLES: dict[str, tuple[type[Crime] | type[Outcome] | type[StopAndSearch], list[str], Any]] = {
    "street": (Crime, STREET_COLUMNS, street_rows),
    "outcomes": (Outcome, OUTCOME_COLUMNS, outcome_rows),
    "stop-and-search": (StopAndSearch, STOP_COLUMNS, stop_rows),
}


@dataclass
class ImportReport:
    files: int = 0
    rows: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    batches: list[tuple[str, str, str, int]] = field(default_factory=list)  # kind, force, month, rows


def import_sources(sources: list[Source], progress: bool = False, allow_shrink: bool = False) -> ImportReport:
    """Check every source, then write them all in one transaction (all or nothing). A (kind, force,
    month) replaced by under half its stored rows raises `ShrinkRefused` unless `allow_shrink`."""
    # Bulk parsing makes millions of short-lived objects and no cycles; the cyclic collector would
    # rescan them again and again (about a fifth of the import's time), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(sources, progress, allow_shrink)
    finally:
        if collecting:
            gc.enable()


def _import(sources: list[Source], progress: bool, allow_shrink: bool) -> ImportReport:
    from safer.places.locate import invalidate_index

    parsed = [PARSERS[s.kind](s) for s in tqdm(sources, desc="checking", unit=" files", disable=not progress)]
    invalidate_index()  # an import is rare and heavy: always locate against the boundaries as they are now
    report = ImportReport(files=len(parsed))
    with _sqlite_checks_by_importer(), transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # room for the indexes being updated (this connection only)
                cursor.execute("PRAGMA cache_size = -131072")
        replaced, batch_of = _batches(parsed, allow_shrink)
        located = [p.points for p in parsed if p.points is not None and p.source.kind != "stop-and-search"]
        locations.resolve(located)
        locations.locate_only([p.points for p in parsed if p.points and p.source.kind == "stop-and-search"])
        _check_neighbourhoods(parsed)
        for kind, (model, columns, rows_of) in TABLES.items():
            files = [p for p in parsed if p.source.kind == kind]
            if not files and not replaced[kind]:
                continue
            table = model._meta.db_table
            incoming = sum(p.rows for p in files)
            kept = (
                ImportBatch.objects.filter(kind=kind)
                .exclude(id__in=list(batch_of[kind].values()))
                .aggregate(n=Sum("rows"))["n"]
            )
            bulk = incoming >= (kept or 0) and incoming > 0
            _refuse_if_linked(model, replaced[kind])
            with indexes_set_aside(table) if bulk else nullcontext():
                _delete_rows(table, replaced[kind])
                insert_parts(table, columns, (rows_of(p, batch_of[kind]) for p in files))
            if model is Crime:
                write_counts(replaced[kind], street_counts(files, batch_of[kind]))
        for p in parsed:
            report.rows += p.rows
            report.by_kind[p.source.kind] += p.rows
            for month, rows in sorted(_month_counts(p).items()):
                report.batches.append((p.source.kind, p.source.force, month, rows))
    data_changed()  # after the commit: cached public sections are recomputed from the new data
    return report


def _batches(
    parsed: list[Parsed], allow_shrink: bool = False
) -> tuple[dict[str, list[int]], dict[str, dict[tuple[str, str], int]]]:
    """Replace each (kind, force, month) the files hold: the old batches' ids (their rows are deleted
    by the caller) and, per kind, the new batch id of each (force, month). A file named for a month
    holds that month even when it has no rows. Raises `ShrinkRefused` (before anything is written)
    for a month that would keep under half its stored rows, unless `allow_shrink`."""
    if not allow_shrink:
        _refuse_shrinking(parsed)
    replaced: dict[str, list[int]] = {kind: [] for kind in TABLES}
    batch_of: dict[str, dict[tuple[str, str], int]] = {kind: {} for kind in TABLES}
    for p in parsed:
        src = p.source
        counts = _month_counts(p)
        for month in counts:
            if (src.force, month) in batch_of[src.kind]:
                raise MalformedFile(
                    src.name,
                    None,
                    f"another file in this import also holds {src.kind} rows of {src.force} {month}",
                )
        old = ImportBatch.objects.filter(kind=src.kind, force=src.force, month__in=list(counts))
        replaced[src.kind].extend(old.values_list("id", flat=True))
        old._raw_delete(old.db)
        for month, rows in counts.items():
            batch_of[src.kind][(src.force, month)] = ImportBatch.objects.create(
                kind=src.kind,
                force=src.force,
                month=month,
                source=src.name,
                rows=rows,
                lsoa_vintage=p.lsoa_vintage,
            ).id
    return replaced, batch_of


def _month_counts(p: Parsed) -> Counter[str]:
    """Rows per month of the file; a file named for a month holds that month even with no rows."""
    counts = Counter(p.months)
    if p.source.month is not None and not counts:
        counts[p.source.month] = 0
    return counts


def _refuse_shrinking(parsed: list[Parsed]) -> None:
    for p in parsed:
        src = p.source
        counts = _month_counts(p)
        stored = dict(
            ImportBatch.objects.filter(kind=src.kind, force=src.force, month__in=list(counts)).values_list(
                "month", "rows"
            )
        )
        for month, rows in sorted(counts.items()):
            if shrinks(stored.get(month, 0), rows):
                raise ShrinkRefused(src.name, f"{src.kind} {src.force} {month}", stored[month], rows)


def _refuse_if_linked(model: type[Model], batch_ids: list[int]) -> None:
    """Stop, with nothing written, when another app's records point at rows about to be replaced
    (Plan.crimes): on both databases alike, whatever their foreign-key checking does. The links
    are found from the model's reverse relations, so crime need not know who links to it."""
    if not batch_ids:
        return
    links: dict[str, int] = {}
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined]
            field = next(f for f in through._meta.get_fields() if getattr(f, "related_model", None) is model)
            rows = through._default_manager.filter(**{f"{field.name}__batch_id__in": batch_ids})
        else:
            rows = relation.related_model._default_manager.filter(
                **{f"{relation.field.name}__batch_id__in": batch_ids}
            )
        count = rows.count()
        if count:
            links[f"{relation.related_model._meta.verbose_name_plural} ({relation.field.name})"] = count
    if links:
        rows = model._default_manager.filter(batch_id__in=batch_ids)
        months = sorted(set(rows.values_list("month", flat=True).distinct()))
        raise RowsStillLinked(f"{model._meta.verbose_name_plural} of {', '.join(months)}", links)


def _delete_rows(table: str, batch_ids: list[int]) -> None:
    """The rows of replaced batches. When they are every row of the table (the whole archive
    imported again), the table is emptied in one step: TRUNCATE on PostgreSQL, which leaves no dead
    rows for the index rebuild to step over, and SQLite's unconditional DELETE, which drops pages
    wholesale. Both are undone by a rollback like any other statement of the import."""
    if not batch_ids:
        return
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if len(batch_ids) <= 2000:
            marks = ", ".join(["%s"] * len(batch_ids))
            cursor.execute(f"SELECT 1 FROM {quoted} WHERE batch_id NOT IN ({marks}) LIMIT 1", batch_ids)
            if cursor.fetchone() is None:
                cursor.execute(
                    f"TRUNCATE {quoted}"
                    if connection.vendor == "postgresql" and not _referenced(cursor, table)
                    else f"DELETE FROM {quoted}"
                )
                _check_references_now(cursor)
                return
        for start in range(0, len(batch_ids), 2000):
            chunk = batch_ids[start : start + 2000]
            cursor.execute(
                f"DELETE FROM {quoted} WHERE batch_id IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
        _check_references_now(cursor)


def write_counts(replaced: list[int], counted: Counter[tuple[int, str, int | None, str]]) -> None:
    """`CrimeCount` rows for the street rows just written, {(batch, month, neighbourhood, category):
    crimes} counted from the same columns the rows were written from, in place of the counts of the
    batches they replace (in the import's transaction: the counts never disagree with the rows).
    Counting the columns in Python costs a fifth of a GROUP BY over the rows just written."""
    _delete_rows(CrimeCount._meta.db_table, replaced)
    rows = [(*key, n) for key, n in counted.items()]
    columns = [[row[k] for row in rows] for k in range(5)]
    insert_columns(
        CrimeCount._meta.db_table, ["batch_id", "month", "neighbourhood_id", "category", "crimes"], columns
    )


def recount_batches(batch_ids: list[int]) -> None:
    """`CrimeCount` for street batches whose rows were written some other way (bench data made with
    SQL, test factories): counted from the rows as stored."""
    stored = (
        Crime.objects.filter(batch_id__in=batch_ids)
        .values_list("batch_id", "month", "neighbourhood_id", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    write_counts(batch_ids, Counter({(b, m, nb, c): n for b, m, nb, c, n in stored}))


def _referenced(cursor: Any, table: str) -> bool:
    """Whether another table's foreign key points at `table` (a problem-solving plan's crimes, say):
    PostgreSQL refuses to TRUNCATE such a table, so its rows are deleted instead, and a row still
    referenced stops the import at commit rather than vanishing from the plan."""
    cursor.execute(
        "SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = %s::regclass"
        " AND conrelid <> confrelid LIMIT 1",
        [table],
    )
    return cursor.fetchone() is not None


def _check_references_now(cursor: Any) -> None:
    """On PostgreSQL, run the foreign-key checks the deletes queued (rows that other tables point
    at) now rather than at commit: the import then rebuilds indexes, which PostgreSQL refuses while
    checks are pending, and a row still referenced fails here, with nothing changed."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def _sqlite_checks_by_importer() -> Iterator[None]:
    """On SQLite, the importer checks its own foreign keys rather than SQLite checking two parents
    per inserted row: location ids are ones this transaction just read or wrote, and neighbourhood
    ids are checked against the table once (`_check_neighbourhoods`), under the same write lock.
    Django's loaddata does the same; the pragma cannot change inside a transaction (a caller's
    transaction keeps SQLite's own checks)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.constraint_checks_disabled():
        yield


def _check_neighbourhoods(parsed: list[Parsed]) -> None:
    """Every neighbourhood id about to be written exists (a guard; they come from the boundaries)."""
    from safer.places.models import Neighbourhood

    used: set[int] = set()
    for p in parsed:
        if p.points is not None:
            used.update(np.unique(p.points.neighbourhood_ids).tolist())
    used.discard(-1)
    if used - set(Neighbourhood.objects.filter(id__in=list(used)).values_list("id", flat=True)):
        raise RuntimeError("a neighbourhood was deleted during the import; nothing was imported")


def import_path(
    path: Path | str, force: str | None = None, progress: bool = False, allow_shrink: bool = False
) -> ImportReport:
    """Import a CSV, a monthly archive folder or an archive zip (see the package docstring)."""
    sources = discover(Path(path), force)
    if not sources:
        raise MalformedFile(str(path), None, "no data.police.uk CSV files were found there")
    return import_sources(sources, progress, allow_shrink)
