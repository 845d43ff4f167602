"""The demo snapshot that tests restore (safer/testing.py: INSERTs on SQLite, COPY on PostgreSQL)
puts back every row of every table exactly as the builder made it, and ids go on after it."""

from __future__ import annotations

import pytest

from safer import testing
from safer.places.models import Neighbourhood
from safer.teams.models import DutySpell, Person
from safer.testing import create_neighbourhood


@pytest.mark.django_db
def test_a_restored_demo_is_row_for_row_the_one_built() -> None:
    testing.load_demo()  # built, or restored if this process built it before
    built = dict(testing._snapshot)
    DutySpell.objects.all().delete()
    Person.objects.update(biography="Changed by a test")
    testing.load_demo()
    testing._snapshot.clear()
    testing._take_snapshot()
    restored = dict(testing._snapshot)
    testing._snapshot.update(built)
    assert sorted(restored) == sorted(built)
    for table in built:
        assert _by_column(restored[table]) == _by_column(built[table]), table
    assert sum(len(rows) for _, rows in built.values()) > 50_000
    newest = max(n.pk for n in Neighbourhood.objects.all())
    assert create_neighbourhood().pk > newest


def _by_column(table: tuple[list[str], list[tuple[object, ...]]]) -> tuple[list[str], list[str]]:
    """Columns in name order (a migration run back and forth, as test_moved_models does, can
    change a table's column order) and the rows as sorted text (PostgreSQL returns rows in the
    order they lie on disk)."""
    columns, rows = table
    order = sorted(range(len(columns)), key=columns.__getitem__)
    return [columns[i] for i in order], sorted(repr(tuple(row[i] for i in order)) for row in rows)
