"""An import never wipes or silently shrinks a stored month (issue 8, defect 1).

Every row must be of the month its file (or archive folder) is named for, and replacing a month with
under half its stored rows needs `allow_shrink` / `--allow-shrink`, in every importer."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safer.crime.bulk import MalformedFile, ShrinkRefused
from safer.crime.importers import import_path
from safer.crime.incidents import import_incidents, month_of
from safer.crime.models import Crime, ImportBatch, Incident, Outcome, StopAndSearch
from safer.crime.tests.realfiles import KINDS, file_name, incident_text, real_text, with_month, write

MODELS: dict[str, type[Crime] | type[Outcome] | type[StopAndSearch]] = {
    "street": Crime,
    "outcomes": Outcome,
    "stop-and-search": StopAndSearch,
}


def stored(kind: str, month: str) -> int:
    return MODELS[kind].objects.filter(month=month).count()


@pytest.mark.django_db
def test_a_file_named_for_one_month_with_a_row_of_another_fails_on_that_line_and_keeps_the_month(
    tmp_path: Path,
) -> None:
    """The reproduction: a street file named for January holding one February row."""
    import_path(write(tmp_path, file_name("street"), real_text("street")))
    assert stored("street", "2019-02") == 9253
    header, first = real_text("street").splitlines()[:2]
    stray = write(tmp_path / "new", file_name("street", "2019-01"), f"{header}\n{first}\n")
    with pytest.raises(CommandError) as failed:
        call_command("import_crime", str(stray), "--no-progress", verbosity=0)
    assert "2019-01-west-mercia-street.csv, line 2: month '2019-02' is not 2019-01" in str(failed.value)
    assert stored("street", "2019-02") == 9253
    assert list(ImportBatch.objects.values_list("month", "rows")) == [("2019-02", 9253)]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_importer_names_the_first_row_of_another_month_and_imports_nothing(
    tmp_path: Path, kind: str
) -> None:
    lines = real_text(kind).splitlines()
    lines[7] = with_month(kind, lines[7], "2019-03")
    path = write(tmp_path, file_name(kind), "\n".join(lines) + "\n")
    with pytest.raises(MalformedFile) as failed:
        import_path(path)
    assert failed.value.line == 8 and "'2019-03' is not 2019-02" in failed.value.problem
    assert not ImportBatch.objects.exists() and not MODELS[kind].objects.exists()


@pytest.mark.django_db
def test_an_archive_folder_names_the_month_of_its_files(tmp_path: Path) -> None:
    lines = real_text("street").splitlines()
    lines[3] = with_month("street", lines[3], "2019-01")
    write(tmp_path / "archive" / "2019-02", file_name("street"), "\n".join(lines) + "\n")
    with pytest.raises(MalformedFile) as failed:
        import_path(tmp_path / "archive")
    assert failed.value.line == 4
    write(tmp_path / "other" / "2019-01", file_name("street"), real_text("street"))
    with pytest.raises(MalformedFile, match="the file name says 2019-02 but its folder says 2019-01"):
        import_path(tmp_path / "other")
    assert not Crime.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_replacing_a_month_with_under_half_its_rows_is_refused_without_the_flag(
    tmp_path: Path, kind: str
) -> None:
    whole = real_text(kind).splitlines()
    import_path(write(tmp_path, file_name(kind), "\n".join(whole) + "\n"))
    before = stored(kind, "2019-02")
    kept = (before - 1) // 2  # one row short of half
    short = write(tmp_path / "short", file_name(kind), "\n".join(whole[: kept + 1]) + "\n")
    with pytest.raises(ShrinkRefused) as refused:
        import_path(short)
    assert (refused.value.stored, refused.value.incoming) == (before, kept)
    assert stored(kind, "2019-02") == before
    with pytest.raises(CommandError, match="--allow-shrink"):
        call_command("import_crime", str(short), "--no-progress", verbosity=0)
    assert stored(kind, "2019-02") == before

    call_command("import_crime", str(short), "--no-progress", "--allow-shrink", verbosity=0)
    assert stored(kind, "2019-02") == kept
    assert ImportBatch.objects.get(kind=kind).rows == kept


@pytest.mark.django_db
def test_half_a_month_is_no_shrink_and_an_empty_file_of_a_month_is_one(tmp_path: Path) -> None:
    whole = real_text("street").splitlines()
    import_path(write(tmp_path, file_name("street"), "\n".join(whole) + "\n"))
    half = write(tmp_path / "half", file_name("street"), "\n".join(whole[: 9253 // 2 + 2]) + "\n")
    import_path(half)
    assert stored("street", "2019-02") == 9253 // 2 + 1
    empty = write(tmp_path / "empty", file_name("street"), whole[0] + "\n")
    with pytest.raises(ShrinkRefused):
        import_path(empty)
    import_path(empty, allow_shrink=True)
    assert stored("street", "2019-02") == 0
    assert ImportBatch.objects.get().rows == 0


@pytest.mark.django_db
def test_an_incident_file_named_for_a_month_holds_only_that_month(tmp_path: Path) -> None:
    lines = incident_text(limit=20).splitlines()
    lines[5] = lines[5].replace("2019-02-", "2019-03-", 1)
    path = write(tmp_path, "2019-02-incidents.csv", "\n".join(lines) + "\n")
    with pytest.raises(MalformedFile) as failed:
        import_incidents(path)
    assert failed.value.line == 6 and "is not in 2019-02" in failed.value.problem
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_moving_most_of_a_months_incidents_elsewhere_needs_the_flag(tmp_path: Path) -> None:
    text = incident_text(limit=40)
    import_incidents(write(tmp_path, "incidents.csv", text))
    assert {month_of(t) for t in Incident.objects.values_list("occurred_at", flat=True)} == {"2019-02"}
    lines = text.splitlines()
    moved = [lines[0]] + [line.replace("2019-02-", "2019-04-", 1) for line in lines[1:22]]
    later = write(tmp_path / "later", "incidents.csv", "\n".join(moved) + "\n")
    with pytest.raises(CommandError, match="the incidents of 2019-02 with 19 of its 40 stored rows"):
        call_command("import_incidents", str(later), "--no-progress", verbosity=0)
    assert Incident.objects.filter(occurred_at__month=2).count() == 40

    call_command("import_incidents", str(later), "--no-progress", "--allow-shrink", verbosity=0)
    assert Incident.objects.filter(occurred_at__month=4).count() == 21
    assert Incident.objects.filter(occurred_at__month=2).count() == 19


@pytest.mark.django_db
def test_moving_under_half_of_a_months_incidents_needs_no_flag(tmp_path: Path) -> None:
    text = incident_text(limit=40)
    import_incidents(write(tmp_path, "incidents.csv", text))
    lines = text.splitlines()
    moved = [lines[0]] + [line.replace("2019-02-", "2019-04-", 1) for line in lines[1:21]]
    assert import_incidents(write(tmp_path / "later", "incidents.csv", "\n".join(moved) + "\n")) == (0, 20)
    assert Incident.objects.filter(occurred_at__month=2).count() == 20


@pytest.mark.django_db
def test_a_stop_belongs_to_its_uk_calendar_month_whatever_offset_it_is_written_with(tmp_path: Path) -> None:
    header, first = real_text("stop-and-search").splitlines()[:2]
    fields = first.split(",")
    rows = []
    for stamp in ("2019-06-30T23:30:00+00:00", "2019-07-01T00:30:00+01:00", "2019-07-31T22:59:00+00:00"):
        fields[1] = stamp
        rows.append(",".join(fields))
    import_path(write(tmp_path, file_name("stop-and-search", "2019-07"), "\n".join([header, *rows]) + "\n"))
    assert list(StopAndSearch.objects.values_list("month", flat=True)) == ["2019-07"] * 3
    fields[1] = "2019-07-31T23:30:00+00:00"  # 00:30 on 1 August in BST
    late = write(
        tmp_path / "late", file_name("stop-and-search", "2019-07"), f"{header}\n{','.join(fields)}\n"
    )
    with pytest.raises(MalformedFile, match="'2019-08' is not 2019-07"):
        import_path(late, allow_shrink=True)
