from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safer.crime.bulk import MalformedFile
from safer.crime.incidents import import_incidents
from safer.crime.models import Incident
from safer.testing import create_neighbourhood

HEADER = (
    "reference,occurred_at,category,latitude,longitude,easting,northing,location_id,location,"
    "victim_ref,offender_ref\n"
)


def write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "incidents.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


@pytest.mark.django_db
def test_it_imports_points_or_grid_references_and_locates_them(tmp_path: Path) -> None:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    path = write(
        tmp_path,
        "CR1,2025-03-14T21:30,burglary-residential,52.19,-2.22,,,UPRN1,1 High Street,V1,O1;O2",
        "CR2,2025-03-20T08:00:00+00:00,burglary-residential,,,384900,254700,UPRN2,,V1,",
    )
    assert import_incidents(path) == (2, 0)
    first = Incident.objects.get(reference="CR1")
    assert first.neighbourhood == nb and first.offender_refs == "O1;O2"
    assert 380_000 < first.easting < 390_000 and 250_000 < first.northing < 260_000
    assert first.occurred_at.isoformat() == "2025-03-14T21:30:00+00:00"  # GMT in March
    second = Incident.objects.get(reference="CR2")
    assert 52.1 < second.latitude < 52.3 and -2.3 < second.longitude < -2.1


@pytest.mark.django_db
def test_reimporting_updates_rows_and_keeps_what_hangs_off_them(tmp_path: Path) -> None:
    import_incidents(write(tmp_path, "CR1,2025-03-14T21:30,burglary,52.19,-2.22,,,,,V1,"))
    # Other apps' rows (victim contacts, prevention responses) point at the incident's id: it must
    # stay. safer/victims/tests checks a contact survives too.
    first_id = Incident.objects.get().pk
    call_command(
        "import_incidents",
        str(write(tmp_path, "CR1,2025-03-14T22:30,burglary,52.2,-2.22,,,,,V1,")),
        "--no-progress",
        verbosity=0,
    )
    incident = Incident.objects.get()
    assert incident.latitude == 52.2 and incident.occurred_at.hour == 22
    assert incident.pk == first_id


@pytest.mark.django_db
def test_a_bad_row_names_its_line_and_imports_nothing(tmp_path: Path) -> None:
    good = "CR1,2025-03-14T21:30,burglary,52.19,-2.22,,,,,V1,"
    cases = {
        "CR2,yesterday,burglary,52.19,-2.22,,,,,V1,": "line 3: occurred_at 'yesterday'",
        "CR2,2025-03-14T21:30,Burglary!,52.19,-2.22,,,,,V1,": "line 3: category",
        "CR2,2025-03-14T21:30,burglary,,,,,,,V1,": "line 3: no point",
        "CR2,2025-03-14T21:30,burglary,52.19,,,,,,V1,": "line 3: give both",
        "CR1,2025-03-14T21:30,burglary,52.19,-2.22,,,,,V1,": "line 3: reference 'CR1' is repeated",
        "CR2,2025-03-14T21:30,burglary": "line 3: expected 11 fields",
    }
    for bad, message in cases.items():
        with pytest.raises(MalformedFile, match=message):
            import_incidents(write(tmp_path, good, bad))
    with pytest.raises(CommandError, match="line 3"):
        call_command(
            "import_incidents", str(write(tmp_path, good, "CR2,x,burglary,1,1,,,,,,")), "--no-progress"
        )
    assert not Incident.objects.exists()
    (tmp_path / "odd.csv").write_text("reference,when\n")
    with pytest.raises(MalformedFile, match="line 1: missing column"):
        import_incidents(tmp_path / "odd.csv")
