"""Checking a Community Speed Watch log sheet (CSV) and the DVLA keeper answers, line by line.

Pure functions: they read text and return rows or errors naming their lines, and change nothing.
The caller writes only when there are no errors at all, so a sheet with one bad line changes
nothing. Each sheet line gets a stable id (a UUID made from the session and the line's content),
so the same sheet uploaded twice finds its readings already there and adds none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections import Counter
from dataclasses import dataclass

MAX_BYTES = 1_000_000
MAX_LINES = 5000
SHEET_COLUMNS = ("registration", "make", "model", "colour", "speed", "time", "direction")
REQUIRED = ("registration", "speed", "time", "direction")
KEEPER_COLUMNS = ("reference", "keeper_name", "address", "postcode")
SHEET_NAMESPACE = uuid.UUID("6f1c2a8e-4d0b-4b7e-9a51-3c2f0e9d7b10")
REGISTRATION_RE = re.compile(r"^[A-Z0-9]{2,8}$")
DIRECTIONS = {
    "N": "N",
    "NORTH": "N",
    "NORTHBOUND": "N",
    "S": "S",
    "SOUTH": "S",
    "SOUTHBOUND": "S",
    "E": "E",
    "EAST": "E",
    "EASTBOUND": "E",
    "W": "W",
    "WEST": "W",
    "WESTBOUND": "W",
}
TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class SheetRow:
    line: int
    client_id: uuid.UUID
    registration: str
    make: str
    model: str
    colour: str
    speed_mph: int
    seen_at: dt.time
    direction: str


def normalise_registration(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


def parse_time(text: str) -> dt.time | None:
    match = TIME_RE.match((text or "").strip())
    if not match:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def check_reading(
    fields: dict[str, str], start: dt.time, end: dt.time
) -> tuple[dict[str, object] | None, list[str]]:
    """One vehicle's fields (from a sheet line or the phone form) checked: the clean values, or
    what is wrong with them in words."""
    errors: list[str] = []
    registration = normalise_registration(fields.get("registration", ""))
    if not REGISTRATION_RE.match(registration):
        errors.append(f"registration {fields.get('registration', '')!r} is not 2 to 8 letters and numbers")
    speed_text = (fields.get("speed") or "").strip()
    speed = int(speed_text) if speed_text.isdigit() else None
    if speed is None or not 1 <= speed <= 150:
        errors.append(f"speed {speed_text!r} is not a whole number of mph from 1 to 150")
    seen_at = parse_time(fields.get("time", ""))
    if seen_at is None:
        errors.append(f"time {fields.get('time', '')!r} is not a time like 14:05")
    elif not start <= seen_at <= end:
        errors.append(f"time {seen_at:%H:%M} is outside the session ({start:%H:%M} to {end:%H:%M})")
    direction = DIRECTIONS.get((fields.get("direction") or "").strip().upper())
    if direction is None:
        errors.append(f"direction {fields.get('direction', '')!r} is not N, S, E or W")
    texts = {}
    for name in ("make", "model", "colour"):
        value = " ".join((fields.get(name) or "").split())
        if len(value) > 40:
            errors.append(f"{name} is longer than 40 characters")
        texts[name] = value
    if errors:
        return None, errors
    return {
        "registration": registration,
        "speed_mph": speed,
        "seen_at": seen_at,
        "direction": direction,
        **texts,
    }, []


def _decode(data: bytes) -> tuple[str | None, str]:
    if len(data) > MAX_BYTES:
        return None, f"The file is larger than {MAX_BYTES // 1_000_000} MB"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "The file is not a CSV saved as UTF-8 text"


def parse_sheet(
    data: bytes, session_id: int, start: dt.time, end: dt.time
) -> tuple[list[SheetRow], list[str]]:
    """(rows, errors). Errors name the line (the header is line 1); any error means no rows."""
    text, problem = _decode(data)
    if text is None:
        return [], [problem]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return [], ["The file is empty: it needs a header line and one line a vehicle"]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            f"Line 1: the header has no {', '.join(missing)} column (expected {', '.join(SHEET_COLUMNS)})"
        ]
    rows: list[SheetRow] = []
    errors: list[str] = []
    seen: Counter[str] = Counter()
    try:
        for number, values in enumerate(reader, start=2):
            if number > MAX_LINES + 1:
                return [], [f"The sheet has more than {MAX_LINES} lines; split it by session"]
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                errors.append(
                    f"Line {number}: {len(values)} values, but the header has {len(header)} columns"
                )
                continue
            clean, problems = check_reading(dict(zip(header, values, strict=True)), start, end)
            if clean is None:
                errors.extend(f"Line {number}: {p}" for p in problems)
                continue
            content = "|".join(
                str(clean[k])
                for k in ("registration", "speed_mph", "seen_at", "direction", "make", "model", "colour")
            )
            seen[content] += 1
            key = uuid.uuid5(SHEET_NAMESPACE, f"{session_id}|{content}|{seen[content]}")
            rows.append(SheetRow(line=number, client_id=key, **clean))  # type: ignore[arg-type]
    except csv.Error as exc:
        errors.append(f"Line {reader.line_num}: the CSV cannot be read ({exc})")
    if not rows and not errors:
        errors.append("The sheet has a header but no vehicles")
    return ([], errors) if errors else (rows, [])


@dataclass(frozen=True)
class KeeperRow:
    line: int
    letter_id: int
    keeper_name: str
    address: str


def parse_keepers(data: bytes) -> tuple[list[KeeperRow], list[str]]:
    """The DVLA's answers: reference (CSW-000123), keeper_name, address (lines split by ';'),
    postcode. A blank keeper_name means no keeper was found."""
    text, problem = _decode(data)
    if text is None:
        return [], [problem]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in KEEPER_COLUMNS if c not in header]
    if missing:
        return [], [
            f"Line 1: the header has no {', '.join(missing)} column (expected {', '.join(KEEPER_COLUMNS)})"
        ]
    reader.fieldnames = header
    rows: list[KeeperRow] = []
    errors: list[str] = []
    try:
        for number, raw in enumerate(reader, start=2):
            if number > MAX_LINES + 1:
                return [], [f"The file has more than {MAX_LINES} lines"]
            if None in raw or any(v is None for v in raw.values()):
                errors.append(f"Line {number}: the number of values does not match the header")
                continue
            row = {k: " ".join((v or "").split()) for k, v in raw.items()}
            match = re.fullmatch(r"CSW-(\d{1,9})", row["reference"].upper())
            if not match:
                errors.append(f"Line {number}: reference {row['reference']!r} is not like CSW-000123")
                continue
            name, address = row["keeper_name"][:200], row["address"]
            if name and not (address and row["postcode"]):
                errors.append(f"Line {number}: a keeper needs an address and a postcode")
                continue
            lines = [part.strip() for part in address.split(";") if part.strip()] + (
                [row["postcode"].upper()] if name else []
            )
            rows.append(
                KeeperRow(
                    line=number,
                    letter_id=int(match.group(1)),
                    keeper_name=name,
                    address="\n".join(lines)[:500],
                )
            )
    except csv.Error as exc:
        errors.append(f"Line {reader.line_num}: the CSV cannot be read ({exc})")
    if not rows and not errors:
        errors.append("The file has a header but no answers")
    return ([], errors) if errors else (rows, [])
