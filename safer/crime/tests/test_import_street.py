from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from safer.crime.bulk import MalformedFile
from safer.crime.categories import SLUG_BY_CSV
from safer.crime.importers import import_path
from safer.crime.models import Crime, CrimeLocation, ImportBatch
from safer.testing import create_neighbourhood

DATA = Path(__file__).resolve().parent.parent / "data"
REAL = sorted(DATA.glob("*-street.csv"))


def file_counts(paths: list[Path]) -> Counter[tuple[str, str, str]]:
    counts: Counter[tuple[str, str, str]] = Counter()
    for path in paths:
        force = path.name[8:].removesuffix("-street.csv")
        with path.open(newline="") as f:
            for row in csv.DictReader(f):
                counts[(force, row["Month"], SLUG_BY_CSV[row["Crime type"]])] += 1
    return counts


def db_counts() -> Counter[tuple[str, str, str]]:
    rows = Crime.objects.values_list("batch__force", "month", "category").annotate(n=Count("id"))
    return Counter({(f, m, c): n for f, m, c, n in rows})


@pytest.mark.django_db
def test_it_imports_the_real_files_with_exactly_their_counts_per_month_and_type() -> None:
    assert len(REAL) == 3
    report = import_path(DATA)
    assert report.rows == 10038 + 9253 + 4486
    assert db_counts() == file_counts(REAL)


@pytest.mark.django_db
def test_it_handles_asb_without_ids_no_location_rows_and_repeated_ids() -> None:
    import_path(DATA / "2019-02-west-mercia-street.csv")
    asb = Crime.objects.filter(category="anti-social-behaviour")
    assert asb.count() == 2862
    assert not asb.exclude(persistent_id="").exists()
    no_location = Crime.objects.filter(location__isnull=True)
    assert no_location.count() == 39
    assert not no_location.exclude(lsoa_code="").exists()
    repeated = (
        Crime.objects.values("persistent_id").exclude(persistent_id="").annotate(n=Count("id")).filter(n=2)
    )
    assert repeated.count() >= 1
    assert ImportBatch.objects.get().lsoa_vintage == 2011


@pytest.mark.django_db
def test_it_is_idempotent_and_keeps_location_ids_stable() -> None:
    path = DATA / "2019-01-west-mercia-street.csv"
    import_path(path)
    first = dict(CrimeLocation.objects.values_list("key", "id"))
    call_command("import_crime", str(path), "--no-progress", verbosity=0)
    assert Crime.objects.count() == 10038
    assert ImportBatch.objects.count() == 1
    assert dict(CrimeLocation.objects.values_list("key", "id")) == first
    # 10,038 rows sit on far fewer snap points (the anonymisation)
    assert 4000 < len(first) < 6000


@pytest.mark.django_db
def test_it_assigns_neighbourhoods_and_leaves_points_outside_the_force_without_one() -> None:
    # A box around Worcester city centre
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    import_path(DATA / "2019-01-west-mercia-street.csv")
    inside = Crime.objects.filter(neighbourhood=nb)
    assert inside.count() > 100
    assert all(
        c.location is not None and 52.17 <= c.location.latitude <= 52.21
        for c in inside.select_related("location")
    )
    birmingham = Crime.objects.filter(location__latitude__gt=52.45, location__longitude__gt=-1.95)
    assert birmingham.exists()
    assert not birmingham.exclude(neighbourhood=None).exists()


@pytest.mark.django_db
def test_a_corrupted_copy_imports_nothing_and_names_its_line(tmp_path: Path) -> None:
    lines = (DATA / "2019-01-west-mercia-street.csv").read_text().splitlines(keepends=True)
    lines[4999] = lines[4999].replace(",2019-01,", ",2019-13,")
    bad = tmp_path / "2019-01-west-mercia-street.csv"
    bad.write_text("".join(lines))
    import_path(DATA / "2019-02-west-mercia-street.csv")
    with pytest.raises(MalformedFile, match=r"line 5000: month '2019-13' is not YYYY-MM"):
        import_path(bad)
    assert Crime.objects.count() == 9253
    shutil.copy(DATA / "2019-02-west-mercia-street.csv", tmp_path / "2019-02-west-mercia-street.csv")
    with pytest.raises(CommandError, match="line 5000"):
        call_command("import_crime", str(tmp_path), "--no-progress", verbosity=0)
    assert Crime.objects.count() == 9253


@pytest.mark.django_db
def test_it_rejects_a_short_row_a_bad_header_and_an_unknown_type(tmp_path: Path) -> None:
    good = (DATA / "2019-01-west-mercia-street.csv").read_text().splitlines(keepends=True)
    cases = {
        "short": (good[:3] + ["a,b,c\n"], "line 4: expected 12 fields, found 3"),
        "header": (["Crime ID,Month\n", *good[1:3]], "line 1: the header"),
        "type": (
            [good[0], good[1].replace("Violence and sexual offences", "Jaywalking")],
            "line 2: unknown crime",
        ),
        "point": ([good[0], good[1].replace(",-1.386059,", ",west,")], "line 2: latitude"),
    }
    for name, (lines, message) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_text("".join(lines))
        with pytest.raises(MalformedFile, match=message):
            import_path(path)
    assert Crime.objects.count() == 0


STOPS = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\n"
    "Person search,2019-01-06T22:45:00+00:00,False,,52.19,-2.22,Male,18-24,"
    "White - English/Welsh/Scottish/Northern Irish/British,White,Misuse of Drugs Act 1971 (section 23),"
    "Controlled drugs,A no further action disposal,,False\n"
    "Vehicle search,2019-01-07T01:00:00+00:00,True,Op Example,,,,,,,,Stolen goods,Arrest,True,\n"
)


@pytest.mark.django_db
def test_it_imports_stop_and_search_idempotently_and_rejects_a_bad_flag(tmp_path: Path) -> None:
    from safer.crime.models import StopAndSearch

    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    path = tmp_path / "2019-01-west-mercia-stop-and-search.csv"
    path.write_text(STOPS)
    import_path(path)
    import_path(path)
    assert StopAndSearch.objects.count() == 2
    person = StopAndSearch.objects.get(type="Person search")
    assert person.neighbourhood == nb and person.part_of_operation is False
    assert person.outcome_linked_to_object is None and person.datetime.hour == 22
    vehicle = StopAndSearch.objects.get(type="Vehicle search")
    assert (
        vehicle.latitude is None
        and vehicle.part_of_operation is True
        and vehicle.operation_name == "Op Example"
    )
    path.write_text(STOPS.replace(",True,\n", ",Yes,\n"))
    with pytest.raises(MalformedFile, match="line 3: 'Yes' is not True, False or empty"):
        import_path(path)
    assert StopAndSearch.objects.count() == 2
