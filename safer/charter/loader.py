"""Charters as data: load and validate the YAML files in `charters/` (README.md describes the format).

A charter that does not validate is refused as a whole, with one line per problem naming the file
and the promise, so whoever edits the YAML can fix every mistake in one go.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from safer.lib.metrics import Period

CHARTER_DIR = Path(__file__).resolve().parent / "charters"

# Coarsest first: a promise is judged at its own level and summed up at every coarser one.
LEVELS = ("force", "area", "neighbourhood", "parish")
OPERATORS = (">=", ">", "<=", "<", "==")
NAMED_PERIODS = ("day", "week", "month", "quarter", "year")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_METRIC = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_DURATION = re.compile(r"^P([1-9][0-9]*)([DWMY])$")

CHARTER_REQUIRED = {"id", "title", "published", "source", "themes", "promises"}
CHARTER_OPTIONAL = {"force", "summary", "notes"}
THEME_REQUIRED = {"id", "title", "summary"}
THEME_OPTIONAL: set[str] = set()
PROMISE_REQUIRED = {"id", "theme", "text", "metric", "target", "period", "level"}
PROMISE_OPTIONAL = {"section", "note"}
TARGET_REQUIRED = {"op", "value", "unit"}


class CharterError(ValueError):
    """A charter file that cannot be used; the message has one line per problem."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        name = Path(path).name
        super().__init__("\n".join(f"{name}: {p}" for p in problems))


@dataclass(frozen=True)
class Target:
    op: str
    value: float
    unit: str

    def is_met_by(self, value: float) -> bool:
        if self.op == ">=":
            return value >= self.value
        if self.op == ">":
            return value > self.value
        if self.op == "<=":
            return value <= self.value
        if self.op == "<":
            return value < self.value
        return value == self.value

    def describe(self) -> str:
        words = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "==": "exactly"}
        return f"{words[self.op]} {format_value(self.value, self.unit)}"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Promise:
    id: str
    theme: str
    text: str
    metric: str
    target: Target
    period: str
    level: str
    section: str = ""
    note: str = ""

    def period_ending(self, on: dt.date) -> Period:
        return period_ending(self.period, on)

    def applies_at(self, level: str) -> bool:
        """Judged at `level`? A neighbourhood promise is also judged (summed up) for areas and the
        force; a force-wide promise says nothing about one neighbourhood."""
        return LEVELS.index(level) <= LEVELS.index(self.level)


@dataclass(frozen=True)
class Charter:
    id: str
    title: str
    force: str | None  # the police.uk force id, or None for a national charter that binds every force
    published: dt.date
    source: str
    themes: tuple[Theme, ...]
    promises: tuple[Promise, ...]
    summary: str = ""
    notes: str = ""

    def promises_for(self, theme_id: str) -> list[Promise]:
        return [p for p in self.promises if p.theme == theme_id]

    def promise(self, promise_id: str) -> Promise:
        return next(p for p in self.promises if p.id == promise_id)


# --- periods ---------------------------------------------------------------------------------


def valid_period(spec: str) -> bool:
    return spec in NAMED_PERIODS or bool(_DURATION.match(spec))


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier if negative), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_ending(spec: str, on: dt.date) -> Period:
    """The period a promise is judged over, as seen on `on`.

    A duration (P90D, P4W, P3M, P1Y) is the rolling window ending on `on`. A named period (day,
    week, month, quarter, year) is the latest whole calendar one ending on or before `on`, so a
    quarterly promise is judged on a complete quarter, never on the first days of a new one.
    """
    match = _DURATION.match(spec)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        if unit == "D":
            start = on - dt.timedelta(days=n - 1)
        elif unit == "W":
            start = on - dt.timedelta(weeks=n) + dt.timedelta(days=1)
        else:
            start = shift_months(on, -n * (12 if unit == "Y" else 1)) + dt.timedelta(days=1)
        return Period(start=start, end=on)
    if spec == "day":
        return Period(start=on, end=on)
    if spec == "week":  # ISO weeks, Monday to Sunday
        end = on - dt.timedelta(days=(on.weekday() + 1) % 7)
        return Period(start=end - dt.timedelta(days=6), end=end)
    if spec in ("month", "quarter", "year"):
        months = {"month": 1, "quarter": 3, "year": 12}[spec]
        # The first month after the last whole period: the calendar unit containing `on`, unless `on`
        # is its last day.
        first = dt.date(on.year, 1, 1) if spec == "year" else dt.date(on.year, on.month, 1)
        if spec == "quarter":
            first = dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
        end_of_unit = month_end(shift_months(first, months - 1))
        if on == end_of_unit:
            return Period(start=first, end=on)
        start = shift_months(first, -months)
        return Period(start=start, end=first - dt.timedelta(days=1))
    raise ValueError(f"unknown period {spec!r}")


def describe_period(spec: str) -> str:
    """The period in words, to follow a target: "at least 90%, over the last 90 days"."""
    match = _DURATION.match(spec)
    if match:
        n, unit = int(match.group(1)), match.group(2)
        word = {"D": "day", "W": "week", "M": "month", "Y": "year"}[unit]
        return f"over the last {word}" if n == 1 else f"over the last {n} {word}s"
    return "on the day" if spec == "day" else f"over the last whole {spec}"


def format_value(value: float, unit: str) -> str:
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if unit == "%":
        return f"{number}%"
    if number == "1":
        unit = _singular(unit)
    return f"{number} {unit}"


def _singular(unit: str) -> str:
    """ "visits a week" → "visit a week", "seconds" → "second": units are written as plurals."""
    first, _, rest = unit.partition(" ")
    if len(first) > 2 and first.endswith("s") and not first.endswith("ss"):
        first = first[:-1]
    return f"{first} {rest}".strip()


# --- loading ---------------------------------------------------------------------------------


def _keys(where: str, data: Any, required: set[str], optional: set[str], problems: list[str]) -> bool:
    if not isinstance(data, dict):
        problems.append(f"{where}: expected a mapping of keys to values")
        return False
    for key in sorted(set(data) - required - optional, key=str):
        problems.append(f"{where}: unknown key {key!r}")
    for key in sorted(required - set(data)):
        problems.append(f"{where}: missing field {key!r}")
    return True


def _text(where: str, data: dict[str, Any], key: str, problems: list[str]) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key!r} must be non-empty text")
        return ""
    return " ".join(value.split())


def _target(where: str, data: Any, problems: list[str]) -> Target | None:
    where = f"{where}: target"
    if not _keys(where, data, TARGET_REQUIRED, set(), problems):
        return None
    ok = True
    if data.get("op") not in OPERATORS:
        problems.append(f"{where}: bad op {data.get('op')!r} (use one of {', '.join(OPERATORS)})")
        ok = False
    value = data.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(f"{where}: value must be a number, not {value!r}")
        ok = False
    if not isinstance(data.get("unit"), str) or not data["unit"].strip():
        problems.append(f'{where}: unit must be text such as "%" or "minutes"')
        ok = False
    if not ok or set(data) != TARGET_REQUIRED:
        return None
    return Target(op=data["op"], value=float(value), unit=data["unit"].strip())


def _promise(index: int, data: Any, theme_ids: set[str], problems: list[str]) -> Promise | None:
    pid = data.get("id") if isinstance(data, dict) else None
    where = f"promise {pid!r}" if isinstance(pid, str) else f"promise number {index}"
    before = len(problems)
    if not _keys(where, data, PROMISE_REQUIRED, PROMISE_OPTIONAL, problems):
        return None
    if "id" in data and (not isinstance(pid, str) or not _ID.match(pid)):
        problems.append(f"{where}: bad id {pid!r} (use lower-case letters, digits and hyphens)")
    theme = data.get("theme")
    if "theme" in data and theme not in theme_ids:
        problems.append(f"{where}: unknown theme {theme!r}")
    metric_key = data.get("metric")
    if "metric" in data and (not isinstance(metric_key, str) or not _METRIC.match(metric_key)):
        problems.append(f"{where}: bad metric key {metric_key!r} (use app.name, e.g. teams.named_team)")
    period = data.get("period")
    if "period" in data and (not isinstance(period, str) or not valid_period(period)):
        problems.append(
            f"{where}: bad period {period!r} (use P<n>D, P<n>W, P<n>M, P<n>Y or {', '.join(NAMED_PERIODS)})"
        )
    level = data.get("level")
    if "level" in data and level not in LEVELS:
        problems.append(f"{where}: bad level {level!r} (use one of {', '.join(LEVELS)})")
    text = _text(where, data, "text", problems)
    section = _text(where, data, "section", problems)
    note = _text(where, data, "note", problems)
    target = _target(where, data["target"], problems) if "target" in data else None
    if len(problems) > before or target is None:
        return None
    return Promise(
        id=str(pid),
        theme=theme,
        text=text,
        metric=str(metric_key),
        target=target,
        period=str(period),
        level=level,
        section=section,
        note=note,
    )


def parse_charter(data: Any, path: Path | str) -> Charter:
    """Validate the parsed YAML of one charter file; raise CharterError listing every problem."""
    problems: list[str] = []
    if not _keys("charter", data, CHARTER_REQUIRED, CHARTER_OPTIONAL, problems):
        raise CharterError(path, problems)
    charter_id = data.get("id")
    if "id" in data and (not isinstance(charter_id, str) or not _ID.match(charter_id)):
        problems.append(f"charter: bad id {charter_id!r} (use lower-case letters, digits and hyphens)")
    elif isinstance(charter_id, str) and Path(path).suffix and Path(path).stem != charter_id:
        problems.append(f"charter: id {charter_id!r} must match the file name {Path(path).stem!r}")
    force = data.get("force")
    if force is not None and (not isinstance(force, str) or not _ID.match(force)):
        problems.append(f"charter: force must be a police.uk force id such as west-mercia, not {force!r}")
    published = data.get("published")
    if "published" in data and (not isinstance(published, dt.date) or isinstance(published, dt.datetime)):
        problems.append(f"charter: published must be a date written YYYY-MM-DD, not {published!r}")
    title = _text("charter", data, "title", problems)
    source = _text("charter", data, "source", problems)
    summary = _text("charter", data, "summary", problems)
    notes = _text("charter", data, "notes", problems)

    themes: list[Theme] = []
    raw_themes = data.get("themes")
    if "themes" in data and (not isinstance(raw_themes, list) or not raw_themes):
        problems.append("charter: themes must be a non-empty list")
        raw_themes = []
    for i, raw in enumerate(raw_themes or [], start=1):
        tid = raw.get("id") if isinstance(raw, dict) else None
        where = f"theme {tid!r}" if isinstance(tid, str) else f"theme number {i}"
        if not _keys(where, raw, THEME_REQUIRED, THEME_OPTIONAL, problems):
            continue
        if not isinstance(tid, str) or not _ID.match(tid):
            problems.append(f"{where}: bad id {tid!r} (use lower-case letters, digits and hyphens)")
            continue
        if any(t.id == tid for t in themes):
            problems.append(f"{where}: duplicate theme id {tid!r}")
            continue
        themes.append(
            Theme(
                id=tid,
                title=_text(where, raw, "title", problems),
                summary=_text(where, raw, "summary", problems),
            )
        )

    promises: list[Promise] = []
    raw_promises = data.get("promises")
    if "promises" in data and (not isinstance(raw_promises, list) or not raw_promises):
        problems.append("charter: promises must be a non-empty list")
        raw_promises = []
    seen: set[str] = set()
    theme_ids = {t.id for t in themes}
    for i, raw in enumerate(raw_promises or [], start=1):
        pid = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(pid, str):
            if pid in seen:
                problems.append(f"promise {pid!r}: duplicate promise id {pid!r}")
                continue
            seen.add(pid)
        promise = _promise(i, raw, theme_ids, problems)
        if promise is not None:
            promises.append(promise)
    for theme in themes:
        if not any(p.theme == theme.id for p in promises) and theme.id not in {
            raw.get("theme") for raw in raw_promises or [] if isinstance(raw, dict)
        }:
            problems.append(f"theme {theme.id!r}: has no promises")

    if problems:
        raise CharterError(path, problems)
    return Charter(
        id=charter_id,
        title=title,
        force=force,
        published=published,
        source=source,
        themes=tuple(themes),
        promises=tuple(promises),
        summary=summary,
        notes=notes,
    )


def load_charter(path: Path | str) -> Charter:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CharterError(path, [f"not valid YAML: {exc}"])
    return parse_charter(data, path)


def charter_dirs() -> list[Path]:
    """The built-in charters, plus any directories a deployment adds with the CHARTER_DIRS setting."""
    extra = settings.CHARTER_DIRS
    return [CHARTER_DIR, *(Path(d) for d in extra)]


def load_charters(directories: list[Path] | None = None) -> dict[str, Charter]:
    """Every charter in the directories, by id, oldest first."""
    charters: dict[str, Charter] = {}
    for directory in directories if directories is not None else charter_dirs():
        for path in sorted(directory.glob("*.yaml")):
            charter = load_charter(path)
            if charter.id in charters:
                raise CharterError(path, [f"charter: duplicate charter id {charter.id!r}"])
            charters[charter.id] = charter
    return dict(sorted(charters.items(), key=lambda item: (item[1].published, item[0])))


@lru_cache(maxsize=1)
def _all_charters() -> dict[str, Charter]:
    return load_charters()


def charters_for_force(force_id: str | None = None) -> list[Charter]:
    """The charters that bind this deployment's force: its own and the national ones. Files are read
    once per process; they change only with a deployment."""
    force_id = force_id or settings.FORCE_ID
    return [c for c in _all_charters().values() if c.force in (None, force_id)]


def get_charter(charter_id: str, force_id: str | None = None) -> Charter | None:
    return next((c for c in charters_for_force(force_id) if c.id == charter_id), None)
