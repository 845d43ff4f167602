"""Training records imported from the force's learning system as CSV.

The file has a header row and the columns `collar_number`, `course`, `completed_on` and (optionally)
`expires_on`; dates are YYYY-MM-DD or DD/MM/YYYY; a course is one of the codes in `Course`
(`npp`, `prevention`, `trauma-informed`, `vulnerability`) or its name. The file is checked as a
whole: if any line is wrong nothing is imported, and every error names its line. Importing the same
completion again updates its expiry, so a file can be imported twice safely.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from safer.teams.models import Course, Person, TrainingRecord

REQUIRED_COLUMNS = ("collar_number", "course", "completed_on")
MAX_ROWS = 20_000
COURSE_BY_TEXT = {c.value: c.value for c in Course} | {c.label.lower(): c.value for c in Course}


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None


def parse(
    data: bytes, people: QuerySet[Person]
) -> tuple[list[tuple[Person, str, dt.date, dt.date | None]], list[str]]:
    """The rows of the file, or the errors, each naming its line (the header is line 1)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8"]
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            f"Line 1: the header needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        ]
    reader.fieldnames = columns
    by_collar = {p.collar_number.strip().upper(): p for p in people if p.collar_number.strip()}
    rows, errors = [], []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            errors.append(f"Line {number}: the file has more than {MAX_ROWS:,} rows; split it")
            break
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        person = by_collar.get(row["collar_number"].upper())
        course = COURSE_BY_TEXT.get(row["course"].lower())
        completed = _date(row["completed_on"])
        expires = _date(row.get("expires_on", "")) if row.get("expires_on") else None
        problems = []
        if person is None:
            problems.append(f"no team member in your teams has collar number {row['collar_number']!r}")
        if course is None:
            problems.append(f"unknown course {row['course']!r} (use one of {', '.join(Course.values)})")
        if completed is None:
            problems.append(f"completed_on {row['completed_on']!r} is not a date like 2026-03-01")
        if row.get("expires_on") and expires is None:
            problems.append(f"expires_on {row['expires_on']!r} is not a date like 2027-03-01")
        if completed and expires and expires < completed:
            problems.append("expires_on is before completed_on")
        if problems:
            errors.append(f"Line {number}: " + "; ".join(problems))
        elif person is not None and course is not None and completed is not None:
            rows.append((person, course, completed, expires))
    if not rows and not errors:
        errors.append("The file has no rows after the header")
    return rows, errors


@transaction.atomic
def import_training(data: bytes, people: QuerySet[Person]) -> ImportResult:
    """Import the file's records for `people` (the importer's scope): all of them or none."""
    rows, errors = parse(data, people)
    result = ImportResult(errors=errors)
    if errors:
        return result
    for person, course, completed, expires in rows:
        _, created = TrainingRecord.objects.update_or_create(
            person=person, course=course, completed_on=completed, defaults={"expires_on": expires}
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
