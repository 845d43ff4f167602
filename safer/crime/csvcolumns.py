"""Read a data.police.uk CSV into checked columns (one list of strings per header column).

The import's budget is about 10 µs a row in all, so nothing here makes a Python object per row
beyond the field strings themselves: a file with no quote character (every data.police.uk file we
have seen) is split with `str.split` on whole text, and each column is a slice of one flat list;
anything else goes through the `csv` module. Checks look at each column's distinct values once, and
only a failing check looks for the first line holding the bad value.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat

import numpy as np

from safer.crime.bulk import MalformedFile

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

STREET_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
OUTCOMES_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
]
STOPS_HEADER = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
HEADERS = {"street": STREET_HEADER, "outcomes": OUTCOMES_HEADER, "stop-and-search": STOPS_HEADER}


def decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise MalformedFile(name, line, "the file is not UTF-8 text")


@dataclass
class Columns:
    """A file's data rows as columns, and where each row starts in the file (for error messages)."""

    name: str
    columns: list[list[str]]
    line_of: Callable[[int], int]

    @property
    def rows(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def fail(self, row: int, problem: str) -> MalformedFile:
        return MalformedFile(self.name, self.line_of(row), problem)

    def check_months(self, col: int) -> None:
        for month in set(self.columns[col]):
            if not MONTH_RE.match(month):
                row = self.columns[col].index(month)
                raise self.fail(row, f"month {month!r} is not YYYY-MM")

    def check_values(self, col: int, allowed: Iterable[str], problem: Callable[[str], str]) -> None:
        for value in set(self.columns[col]) - set(allowed):
            raise self.fail(self.columns[col].index(value), problem(value))

    def check_filled(self, col: int, problem: str) -> None:
        if "" in set(self.columns[col]):
            raise self.fail(self.columns[col].index(""), problem)

    def coordinates(
        self, lat_col: int, lng_col: int, pairs: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Each latitude and longitude text of `pairs` (the file's distinct (latitude, longitude)
        texts) as a number: NaN for the empty text of a "No Location" row. A point with one
        coordinate but not the other, or off the Earth, names its first line."""
        lat_of, lng_of = _numbers({a for a, _ in pairs}), _numbers({b for _, b in pairs})
        lat_texts, lng_texts = zip(*pairs, strict=True) if pairs else ((), ())
        lat = np.fromiter(map(lat_of.__getitem__, lat_texts), dtype=float, count=len(pairs))
        lng = np.fromiter(map(lng_of.__getitem__, lng_texts), dtype=float, count=len(pairs))
        empty = np.isnan(lat)
        bad = np.isinf(lat) | np.isinf(lng) | (empty != np.isnan(lng))
        off = ~empty & ~bad & ((np.abs(lat) > 90) | (np.abs(lng) > 180))
        if bad.any() or off.any():
            k = int(np.flatnonzero(bad | off)[0])
            lat_text, lng_text = pairs[k]
            if bad[k]:
                problem = f"latitude {lat_text!r} or longitude {lng_text!r} is not a number"
            else:
                problem = f"the point {lat_text},{lng_text} is not on Earth"
            lats, lngs = self.columns[lat_col], self.columns[lng_col]
            row = next(r for r, pair in enumerate(zip(lats, lngs, strict=True)) if pair == pairs[k])
            raise self.fail(row, problem)
        return lat_of, lng_of


def _numbers(texts: set[str]) -> dict[str, float]:
    """float() of each text: NaN for the empty text, infinity for text that is not a finite number."""
    filled = [t for t in texts if t]
    try:
        values = list(map(float, filled))  # one call in C for the usual all-good column
    except ValueError:
        values = [_number(t) for t in filled]
    out = dict(zip(filled, values, strict=True))
    if not all(map(math.isfinite, values)):
        out.update((t, math.inf) for t, v in out.items() if not math.isfinite(v))
    if "" in texts:
        out[""] = math.nan
    return out


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.inf


def read_columns(name: str, text: str, header: Sequence[str], kind: str) -> Columns:
    """The file's columns after checking its header and that every row has the header's width."""
    first_line, _, body = text.partition("\n")
    if '"' in text or "\r" in text:
        return _read_with_csv(name, text, header, kind)
    if first_line.split(",") != list(header):
        raise MalformedFile(name, 1, _header_problem(header, kind))
    width = len(header)
    if body and not body.endswith("\n"):
        body += "\n"
    # One split of the whole text, each line's end kept as a "\n" field: when every line has the
    # header's width, every (width + 1)th field is a line end, and each column is a slice.
    flat = body.replace("\n", ",\n,").split(",")
    flat.pop()
    if len(flat) % (width + 1) == 0 and not set(flat[width :: width + 1]) - {"\n"}:
        return Columns(name, [flat[k :: width + 1] for k in range(width)], lambda row: row + 2)
    return _read_lines(name, body, width)


def _read_lines(name: str, body: str, width: int) -> Columns:
    """Line by line: skips blank lines (as the csv module does) and names a line of the wrong width."""
    lines = body.split("\n")
    lines.pop()
    kept = [k + 2 for k, line in enumerate(lines) if line]
    lines = list(compress(lines, lines))
    commas = set(map(str.count, lines, repeat(",")))
    if commas - {width - 1}:
        row = next(k for k, line in enumerate(lines) if line.count(",") != width - 1)
        raise MalformedFile(name, kept[row], f"expected {width} fields, found {lines[row].count(',') + 1}")
    flat = ",".join(lines).split(",") if lines else []
    return Columns(name, [flat[k::width] for k in range(width)], kept.__getitem__)


def _header_problem(header: Sequence[str], kind: str) -> str:
    return f"the header is not a data.police.uk {kind} header ({','.join(header)})"


def _read_with_csv(name: str, text: str, header: Sequence[str], kind: str) -> Columns:
    reader = csv.reader(io.StringIO(text))
    try:
        first = next(reader, None)
        rows = list(reader)
    except csv.Error as error:
        raise MalformedFile(name, reader.line_num, f"not valid CSV ({error})")
    if first != list(header):
        raise MalformedFile(name, 1, _header_problem(header, kind))

    def line_of_raw(row: int) -> int:
        """Where raw data row `row` (blank rows counted) starts; only ever run to name an error."""
        again = csv.reader(io.StringIO(text))
        next(again, None)
        line = 1
        for k, _ in enumerate(again):
            if k == row:
                return line + 1
            line = again.line_num
        return line + 1

    if [] in rows:
        kept = [k for k, r in enumerate(rows) if r]
        rows = [r for r in rows if r]

        def line_of(row: int) -> int:
            return line_of_raw(kept[row])

    else:
        line_of = line_of_raw
    width = len(header)
    if set(map(len, rows)) - {width}:
        row = next(k for k, r in enumerate(rows) if len(r) != width)
        raise MalformedFile(name, line_of(row), f"expected {width} fields, found {len(rows[row])}")
    columns = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in header]
    return Columns(name, columns, line_of)


HEX = np.full(256, 255, dtype=np.uint8)
for _k, _c in enumerate(b"0123456789abcdef"):
    HEX[_c] = _k
for _k, _c in enumerate(b"ABCDEF"):
    HEX[_c] = 10 + _k


def persistent_key(pid: str) -> int | None:
    """The first 16 hex digits of a Crime ID as a signed 64-bit integer (None for no or odd ids)."""
    try:
        value = int(pid[:16], 16)
    except ValueError:
        return None
    return value - (1 << 64) if value >= (1 << 63) else value


def persistent_keys(pids: list[str]) -> list[int | None]:
    """`persistent_key` of every id, vectorised for the usual column of 64-digit ids and blanks."""
    lengths = set(map(len, pids))
    if not lengths - {0, 64} and pids:
        filled = [p for p in pids if p] if 0 in lengths else pids
        digits = np.frombuffer("".join(filled).encode("ascii", "replace"), dtype=np.uint8)
        nibbles = HEX[digits.reshape(-1, 64)[:, :16]].astype(np.uint64)
        ok = (nibbles != 255).all(axis=1)
        shifts = np.arange(60, -4, -4, dtype=np.uint64)
        values = np.bitwise_or.reduce(nibbles << shifts, axis=1).view(np.int64)
        keys: list[int | None] = values.tolist()
        if not ok.all():
            for k in np.flatnonzero(~ok).tolist():
                keys[k] = None
        if 0 not in lengths:
            return keys
        keys.append(None)  # blank ids look up the last element
        index = np.cumsum(np.fromiter(map(bool, pids), dtype=bool, count=len(pids))) - 1
        index[np.fromiter(map(len, pids), dtype=np.int64, count=len(pids)) == 0] = -1
        return list(map(keys.__getitem__, index.tolist()))
    of = {p: persistent_key(p) for p in set(pids)}
    return list(map(of.__getitem__, pids))
