from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from safer.crime.demo import load_demo_crime, load_synthetic_incidents
from safer.crime.models import Crime, Incident
from safer.testing import create_force, create_neighbourhood


@pytest.mark.django_db
def test_the_demo_loads_the_real_months_and_a_labelled_synthetic_set_idempotently() -> None:
    create_force()
    create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15))
    summary = load_demo_crime()
    assert "19,291 real crimes from 2 months" in summary
    first = (Crime.objects.count(), Incident.objects.count())
    assert first[0] == 10038 + 9253
    assert first[1] == 2500 and not Incident.objects.filter(is_synthetic=False).exists()
    assert not Incident.objects.exclude(reference__startswith="SYN-").exists()
    load_synthetic_incidents()  # the real months' re-import is tested in test_import_street
    assert (Crime.objects.count(), Incident.objects.count()) == first


@pytest.mark.django_db
def test_the_knox_command_prints_the_tables_and_json(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("x,y,day\n0,0,0\n50,0,3\n1000,0,3\n1040,10,40\n5000,0,90\n")
    out = StringIO()
    call_command(
        "knox",
        "--csv",
        str(path),
        "--spatial",
        "0,100",
        "--temporal",
        "0,7",
        "--permutations",
        "9",
        stdout=out,
    )
    text = out.getvalue()
    assert "5 events, 10 pairs" in text and "[0, 100) m" in text and "p-value (9 permutations)" in text
    out = StringIO()
    call_command(
        "knox",
        "--csv",
        str(path),
        "--spatial",
        "0,100",
        "--temporal",
        "0,7",
        "--permutations",
        "0",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["observed"] == [[1.0, 1.0], [2.0, 6.0]]  # A-B close & soon; C-D close, 37 days


@pytest.mark.django_db
def test_the_analysis_command_prints_counts_concentration_and_hot_spots() -> None:
    from safer.crime.importers import import_path

    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    import_path(Path(__file__).resolve().parent.parent / "data" / "2019-01-west-mercia-street.csv")
    results = {}
    for analysis in ("counts", "concentration", "hotspots", "repeats"):
        out = StringIO()
        call_command("crime_analysis", analysis, "--neighbourhood", nb.code, "--months", "1", stdout=out)
        results[analysis] = json.loads(out.getvalue())
    total = Crime.objects.filter(neighbourhood=nb).count()
    assert sum(row["total"] for row in results["counts"]["categories"]) == total
    assert results["concentration"]["crimes"] == total and 0 < results["concentration"]["gini"] < 1
    assert results["hotspots"]["top"][0]["value"] > 3
    assert results["repeats"]["repeat_victim_incidents"] == 0
    assert results["counts"]["period"] == "January 2019 (1 month of data)"
