"""Duty status from the force's rostering system: a CSV or JSON feed imported on a schedule, so
officers do not type it (`safer import-duty`; format in docs/duty-feed.md).

The whole feed is read and checked before anything is written: an error names its line (CSV) or
entry (JSON) and nothing changes. People are matched by collar number; a person the feed does not
list keeps the status they have. Each change is saved row by row so the public pages' cache (whose
signals follow saves of people) and the audit log see it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from safer.accounts import audit
from safer.teams.models import Person

MAX_BYTES = 5 * 1024 * 1024
# "until" may be at most this far ahead: a shift, not a season (a typo in the year is caught).
MAX_AHEAD = dt.timedelta(hours=24)
TRUE = {"yes", "true", "1", "on", "y"}
FALSE = {"no", "false", "0", "off", "n"}
COLUMNS = ("collar_number", "on_duty", "until")


class FeedError(Exception):
    """The feed cannot be used; the message names the line or entry. Nothing was changed."""


@dataclass(frozen=True)
class DutyRow:
    where: str  # "line 3" or "entry 2", for messages
    collar_number: str
    on_duty: bool
    until: dt.datetime | None


def read_source(source: str, timeout: int = 30) -> tuple[str, str]:
    """(text, kind) from a file path or an http(s) URL; kind is "json" or "csv"."""
    if source.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(source, timeout=timeout) as response:
                raw = response.read(MAX_BYTES + 1)
                kind = "json" if "json" in response.headers.get("Content-Type", "") else ""
        except (urllib.error.URLError, OSError) as error:
            raise FeedError(f"could not fetch the feed: {getattr(error, 'reason', error)}") from None
    else:
        path = Path(source)
        if not path.is_file():
            raise FeedError(f"no such file: {source}")
        raw = path.read_bytes()[: MAX_BYTES + 1]
        kind = "json" if path.suffix.lower() == ".json" else ""
    if len(raw) > MAX_BYTES:
        raise FeedError(f"the feed is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedError(f"the feed is not UTF-8 text (byte {error.start})") from None
    return text, kind or ("json" if text.lstrip().startswith(("[", "{")) else "csv")


def _flag(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise FeedError(f"{where}: on_duty must be yes or no, not {str(value)[:20]!r}")


def _until(value: Any, where: str, on_duty: bool, now: dt.datetime) -> dt.datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if on_duty:
            raise FeedError(f"{where}: until is needed when on_duty is yes (when does the shift end?)")
        return None
    if not isinstance(value, str):
        raise FeedError(f"{where}: until must be a date and time like 2026-12-07T22:00")
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise FeedError(f"{where}: until {value.strip()[:30]!r} is not a date and time like 2026-12-07T22:00")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # UK local time, as the rota shows it
    if parsed > now + MAX_AHEAD:
        raise FeedError(f"{where}: until {value.strip()} is more than 24 hours ahead")
    return parsed


def parse(text: str, kind: str, now: dt.datetime | None = None) -> list[DutyRow]:
    now = now or timezone.now()
    entries: list[tuple[str, dict[str, Any]]] = []
    if kind == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise FeedError(f"line {error.lineno}: not valid JSON ({error.msg})") from None
        items = data.get("people") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise FeedError('the JSON must be a list of people, or {"people": [...]}')
        for n, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise FeedError(f"entry {n}: each person must be an object with collar_number and on_duty")
            entries.append((f"entry {n}", item))
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        missing = [c for c in COLUMNS[:2] if c not in header]
        if missing:
            raise FeedError(
                f"line 1: the header must name {', '.join(COLUMNS)} (missing {', '.join(missing)})"
            )
        reader.fieldnames = header
        try:
            for row in reader:
                if None in row:
                    raise FeedError(f"line {reader.line_num}: more values than the header has columns")
                entries.append((f"line {reader.line_num}", row))
        except csv.Error as error:
            raise FeedError(f"line {reader.line_num}: {error}") from None
    rows: list[DutyRow] = []
    seen: dict[str, str] = {}
    for where, item in entries:
        collar = str(item.get("collar_number") or "").strip()
        if not collar:
            raise FeedError(f"{where}: collar_number is empty")
        if collar in seen:
            raise FeedError(f"{where}: collar number {collar} is also on {seen[collar]}")
        seen[collar] = where
        on_duty = _flag(item.get("on_duty", ""), where)
        rows.append(DutyRow(where, collar, on_duty, _until(item.get("until"), where, on_duty, now)))
    return rows


@dataclass
class DutyImport:
    rows: int
    changed: int


def apply(rows: list[DutyRow]) -> DutyImport:
    """Match every row to one person, then write the changes in one transaction."""
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(collar_number__in=[r.collar_number for r in rows]):
        people.setdefault(person.collar_number, []).append(person)
    for row in rows:
        found = people.get(row.collar_number, [])
        if not found:
            raise FeedError(f"{row.where}: no one has the collar number {row.collar_number}")
        if len(found) > 1:
            raise FeedError(f"{row.where}: {len(found)} people have the collar number {row.collar_number}")
    changed = 0
    with transaction.atomic():
        for row in rows:
            person = people[row.collar_number][0]
            if (person.on_duty, person.duty_until) == (row.on_duty, row.until):
                continue
            before = [person.on_duty, person.duty_until]
            person.on_duty, person.duty_until = row.on_duty, row.until
            person.save(update_fields=["on_duty", "duty_until"])
            audit.record(
                None,
                "duty_status.imported",
                person,
                {"on_duty": [before[0], row.on_duty], "duty_until": [str(before[1]), str(row.until)]},
            )
            changed += 1
    return DutyImport(rows=len(rows), changed=changed)


def import_feed(source: str) -> DutyImport:
    text, kind = read_source(source)
    return apply(parse(text, kind))
