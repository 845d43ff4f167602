"""Duty status from the rostering feed: CSV and JSON, errors naming their line, nothing changed on
error, whatever the corruption."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from safer.accounts.models import AuditEvent
from safer.teams.models import Person
from safer.teams.rostering import FeedError, apply, parse
from safer.testing import create_person

NOW = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)
HEADER = "collar_number,on_duty,until\n"
GOOD = "collar_number,on_duty,until\n4521,yes,2026-12-07T22:00\n4630,no,\n"


def people() -> tuple[Person, Person]:
    return create_person(collar_number="4521"), create_person(collar_number="4630", on_duty=True)


def state() -> list[tuple[str, bool, dt.datetime | None]]:
    return list(
        Person.objects.order_by("collar_number").values_list("collar_number", "on_duty", "duty_until")
    )


@pytest.mark.django_db
def test_a_csv_feed_sets_duty_and_leaves_people_it_does_not_list(tmp_path: Path, capsys: Any) -> None:
    first, second = people()
    other = create_person(
        collar_number="9999", on_duty=True, duty_until=timezone.now() + dt.timedelta(hours=2)
    )
    feed = tmp_path / "duty.csv"
    later = timezone.localtime() + dt.timedelta(hours=3)
    feed.write_text(f"Collar_Number,On_Duty,Until\n4521,yes,{later:%Y-%m-%dT%H:%M}\n4630,no,\n")
    call_command("import_duty", str(feed))
    assert "2 people in the feed, 2 changed" in capsys.readouterr().out
    first.refresh_from_db()
    second.refresh_from_db()
    other.refresh_from_db()
    assert first.is_on_duty() and timezone.localtime(first.duty_until).strftime("%H:%M") == f"{later:%H:%M}"
    assert not second.on_duty and second.duty_until is None
    assert other.is_on_duty()  # not in the feed: unchanged
    assert AuditEvent.objects.filter(action="duty_status.imported").count() == 2


@pytest.mark.django_db
def test_a_json_feed_works_the_same(tmp_path: Path) -> None:
    first, _ = people()
    later = timezone.now() + dt.timedelta(hours=5)
    feed = tmp_path / "duty.json"
    feed.write_text(
        json.dumps({"people": [{"collar_number": "4521", "on_duty": True, "until": later.isoformat()}]})
    )
    call_command("import_duty", str(feed))
    first.refresh_from_db()
    assert first.on_duty and first.duty_until is not None
    assert abs((first.duty_until - later).total_seconds()) < 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("collar,on_duty\n4521,yes\n", "csv", "line 1: the header must name"),
        (GOOD + "4521,no,\n", "csv", "line 4: collar number 4521 is also on line 2"),
        (GOOD + "7777,no,\n", "csv", "line 4: no one has the collar number 7777"),
        ("collar_number,on_duty,until\n4630,maybe,\n", "csv", "line 2: on_duty must be yes or no"),
        ("collar_number,on_duty,until\n4521,yes,\n", "csv", "line 2: until is needed when on_duty is yes"),
        ("collar_number,on_duty,until\n4521,yes,tonight\n", "csv", "line 2: until 'tonight' is not a date"),
        (HEADER + "4521,yes,2027-12-07T22:00\n", "csv", "line 2: until 2027-12-07T22:00 is more than 24"),
        ("collar_number,on_duty,until\n4521,no,,x\n", "csv", "line 2: more values than the header"),
        ('[{"collar_number": "4521", "on_duty": "yes"}]', "json", "entry 1: until is needed"),
        ('{"people": [\n{"collar_number": 4521,\n}]}', "json", "line 3: not valid JSON"),
        ('[{"collar_number": "4521", "on_duty": false}, 3]', "json", "entry 2: each person must be an"),
    ],
)  # fmt: skip
def test_errors_name_their_line_and_change_nothing(text: str, kind: str, message: str) -> None:
    people()
    before = state()
    with pytest.raises(FeedError, match=message):
        apply(parse(text, kind, now=NOW))
    assert state() == before


@pytest.mark.django_db
def test_the_command_says_nothing_changed_and_why(tmp_path: Path) -> None:
    people()
    feed = tmp_path / "duty.csv"
    feed.write_text(GOOD + "7777,no,\n")
    with pytest.raises(CommandError, match="Nothing was changed: line 4: no one has the collar number 7777"):
        call_command("import_duty", str(feed))


def test_without_a_feed_the_schedule_does_nothing(settings: Any, capsys: Any) -> None:
    settings.DUTY_FEED_URL = ""
    call_command("import_duty")
    assert "no duty feed" in capsys.readouterr().out


@pytest.mark.django_db
@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=len(GOOD)),
    junk=st.text(alphabet=st.sampled_from(list(',"\n\r x9-:T')), max_size=6),
    drop=st.booleans(),
)
@example(cut=28, junk="\r", drop=False)  # a carriage return in the header: the check read it wrongly
def test_any_corruption_imports_cleanly_or_names_a_line_and_changes_nothing(
    cut: int, junk: str, drop: bool
) -> None:
    Person.objects.all().delete()
    people()
    before = state()
    corrupted = GOOD[:cut] + junk + GOOD[cut + (1 if drop else 0) :]
    try:
        done = apply(parse(corrupted, "csv", now=NOW))
    except FeedError as error:
        assert str(error).startswith(("line ", "the header")), str(error)
        line = int(str(error).split()[1].rstrip(":")) if str(error).startswith("line ") else 1
        # The csv module ends a line at \n, \r or \r\n, as editors do.
        assert 1 <= line <= corrupted.count("\n") + corrupted.count("\r") + 2
        assert state() == before
    else:
        # What was imported is what the text says, read by the csv module independently.
        import csv
        import io

        rows = list(csv.reader(io.StringIO(corrupted, newline="")))[1:]  # as csv documents
        assert done.rows == len([r for r in rows if r])
