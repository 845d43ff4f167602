"""The Knox distance options say what they measure: city-block distance on the grid, never "along
streets" (nothing in the test knows where the streets are). Old values still work."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.crime.forms import KnoxForm
from safer.crime.incidents import IncidentRow, save_incidents
from safer.testing import create_staff, sign_in


def test_the_form_names_the_city_block_option_for_what_it_is() -> None:
    field = KnoxForm(categories=[]).fields["metric"]
    labels = dict(field.choices)  # type: ignore[attr-defined]
    assert labels["manhattan"].startswith("City-block")
    assert "street" not in labels["manhattan"].lower()
    assert "not the distance along streets" in str(field.help_text)


@pytest.mark.django_db
def test_the_page_titles_the_result_city_block_and_keeps_old_links_working(client: Client) -> None:
    now = timezone.now()
    rows = [
        IncidentRow(
            f"R{k}", now - dt.timedelta(days=k), "burglary-residential", 52.19 + k * 1e-4, -2.22, None, None
        )
        for k in range(6)
    ]
    save_incidents(rows, "test")
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    start = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    end = timezone.localdate().isoformat()
    page = client.get(
        f"/crime/near-repeat/?category=burglary*&start={start}&end={end}&spatial=0,100&temporal=0,7"
        "&metric=manhattan&permutations=0&seed=1"
    ).content.decode()
    assert "city-block distance" in page
    assert "along streets)" not in page and "manhattan distance" not in page


@pytest.mark.django_db
def test_the_command_calls_it_city_block_and_still_accepts_manhattan(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("x,y,day\n0,0,0\n50,0,3\n1000,0,3\n")
    outputs = []
    for name in ("city-block", "manhattan"):
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
            "--metric",
            name,
            stdout=out,
        )
        outputs.append(out.getvalue())
        assert "city-block distance" in out.getvalue()
    assert outputs[0] == outputs[1]
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
    assert (data["metric"], data["metric_name"]) == ("manhattan", "city-block")


def test_the_command_help_says_it_is_not_along_streets() -> None:
    from safer.crime.management.commands.knox import Command

    help_text = Command().create_parser("safer", "knox").format_help()
    assert "city-block" in help_text and "not the distance along" in help_text
