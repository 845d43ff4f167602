"""The parish update's crime table: the quarter's crimes by category, or the latest three months
published when the quarter has none yet, the same figures a count of the crime rows gives."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from safer.crime.importers import import_path
from safer.crime.models import Crime
from safer.crime.tests.realfiles import DATA
from safer.engagement.pdf import _crime_rows
from safer.testing import create_neighbourhood


@pytest.mark.django_db
def test_the_quarters_crimes_by_category_are_the_rows_own_counts() -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), name="Worcester Central")
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    rows = Counter(Crime.objects.filter(neighbourhood=nb).values_list("category", flat=True))
    assert sum(rows.values()) > 500

    label, counts = _crime_rows(nb, dt.date(2019, 1, 1), dt.date(2019, 3, 31))
    assert label == "2019-01 to 2019-03" and dict(counts) == dict(rows)
    assert [n for _, n in counts] == sorted((n for _, n in counts), reverse=True)

    # A quarter police.uk has not published yet: the latest months that have any crime instead.
    label, counts = _crime_rows(nb, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert label == "2019-01 to 2019-02" and dict(counts) == dict(rows)
