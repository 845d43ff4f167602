"""The per-neighbourhood counts the importer keeps (`CrimeCount`) always agree with a count of the
crime rows themselves, through first imports, replaced months, whole-archive reloads and refused
files; and what reads them (the public page, the analysts' table) gives the rows' own figures."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safer.crime.analysis.counts import monthly_counts
from safer.crime.bulk import MalformedFile
from safer.crime.importers import import_path
from safer.crime.models import Crime, CrimeCount, ImportBatch
from safer.crime.public import neighbourhood_crime_context
from safer.crime.tests.realfiles import DATA, file_name, real_text, write
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_neighbourhood

Key = tuple[str, int | None, str]
FIELDS = ("batch_id", "month", "neighbourhood_id", "category", "crimes")


def counted_from_rows() -> Counter[Key]:
    """The independent answer: every crime row counted one by one in Python."""
    return Counter(Crime.objects.values_list("month", "neighbourhood_id", "category").iterator())


def kept_counts() -> Counter[Key]:
    kept: Counter[Key] = Counter()
    for month, nb, category, crimes in CrimeCount.objects.values_list(
        "month", "neighbourhood_id", "category", "crimes"
    ):
        kept[(month, nb, category)] += crimes
    return kept


def worcester() -> list[Neighbourhood]:
    """Two neighbourhoods covering part of the real files' points (the rest are in none)."""
    area = create_area(name="South Worcestershire")
    return [
        create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), area=area, name="Worcester Central"),
        create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15), area=area, name="Malvern"),
    ]


def some_lines(month: str, keep: float, seed: int) -> str:
    header, *rows = real_text("street", month).splitlines()
    chosen = random.Random(seed).sample(rows, max(1, int(len(rows) * keep)))
    return "\n".join([header, *chosen]) + "\n"


@pytest.mark.django_db
def test_counts_agree_with_the_rows_through_imports_replacements_and_a_reload(tmp_path: Path) -> None:
    worcester()
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    assert kept_counts() == counted_from_rows()
    assert sum(kept_counts().values()) == Crime.objects.count() > 15_000
    assert any(nb is None for _, nb, _ in kept_counts())  # rows outside every neighbourhood too

    # February replaced by 60 % of its rows: the old batch's counts go with it, none are doubled.
    import_path(write(tmp_path / "a", file_name("street"), some_lines("2019-02", 0.6, seed=1)))
    assert kept_counts() == counted_from_rows()
    assert sum(n for (m, _, _), n in kept_counts().items() if m == "2019-02") == int(9253 * 0.6)

    # Both months at once, more rows than are stored: the bulk path (indexes set aside, table emptied).
    write(tmp_path / "b" / "2019-01", file_name("street", "2019-01"), real_text("street", "2019-01"))
    write(tmp_path / "b" / "2019-02", file_name("street"), real_text("street"))
    import_path(tmp_path / "b")
    assert kept_counts() == counted_from_rows()
    assert set(CrimeCount.objects.values_list("batch_id", flat=True)) == set(
        ImportBatch.objects.values_list("id", flat=True)
    )


@pytest.mark.django_db
def test_a_refused_file_leaves_the_counts_as_they_were(tmp_path: Path) -> None:
    worcester()
    import_path(DATA / "2019-02-west-mercia-street.csv")
    before = Counter(CrimeCount.objects.values_list(*FIELDS))
    lines = real_text("street").splitlines()
    lines[500] = lines[500].replace("2019-02", "2019-03", 1)
    with pytest.raises(MalformedFile):
        import_path(write(tmp_path, file_name("street"), "\n".join(lines) + "\n"))
    after = Counter(CrimeCount.objects.values_list(*FIELDS))
    assert after == before and len(before) > 20


@pytest.mark.django_db
def test_the_page_and_the_analysts_table_give_the_rows_own_figures() -> None:
    central, malvern = worcester()
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    crime = neighbourhood_crime_context(central)["crime"]
    by_category = Counter(Crime.objects.filter(neighbourhood=central).values_list("category", flat=True))
    assert {r["slug"]: r["count"] for r in crime["rows"]} == dict(by_category)
    assert (
        crime["comparison"]["area_total"]
        == Crime.objects.filter(neighbourhood__in=[central, malvern]).count()
    )
    table = monthly_counts([central.pk, malvern.pk], ["2019-01", "2019-02"])
    rows = Counter(
        Crime.objects.filter(neighbourhood__in=[central, malvern]).values_list(
            "neighbourhood_id", "category", "month"
        )
    )
    assert table == dict(rows) and sum(table.values()) > 1000


@pytest.mark.django_db
def test_the_migration_counts_rows_stored_before_it() -> None:
    from importlib import import_module

    worcester()
    import_path(DATA / "2019-02-west-mercia-street.csv")
    CrimeCount.objects.all().delete()
    migration = import_module("safer.crime.migrations.0006_crime_counts")
    with connection.cursor() as cursor:
        cursor.execute(migration.COUNT_EXISTING)
    assert kept_counts() == counted_from_rows() and CrimeCount.objects.exists()


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    imports=st.lists(
        st.tuples(
            st.sampled_from(["2019-01", "2019-02"]),
            st.floats(0.01, 0.5),
            st.integers(0, 2**16),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_any_sequence_of_month_imports_keeps_the_counts_right(tmp_path: Path, imports: list) -> None:
    Crime.objects.all().delete()
    CrimeCount.objects.all().delete()
    ImportBatch.objects.all().delete()
    if connection.vendor == "postgresql":
        # Each example runs in the test's one transaction: run the deletes' deferred reference checks
        # now, as an import's own deletes do, so the import may rebuild the table's indexes.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if not Neighbourhood.objects.exists():
        worcester()
    for k, (month, keep, seed) in enumerate(imports):
        path = write(tmp_path / f"{seed}-{k}", file_name("street", month), some_lines(month, keep, seed))
        import_path(path, allow_shrink=True)
        assert kept_counts() == counted_from_rows()
