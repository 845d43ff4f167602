"""What every data.police.uk file kind shares: finding the files, one parsed file, and the small
helpers the kinds' row builders use."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from safer.crime.bulk import MalformedFile
from safer.crime.csvcolumns import HEADERS, Columns, decode, read_columns
from safer.crime.locations import FilePoints

FILE_RE = re.compile(
    r"^(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes|stop-and-search)\.csv$"
)
FOLDER_RE = re.compile(r"^\d{4}-\d{2}$")  # an archive's month folder
# 2011 LSOAs run to E01033768 (England) and W01001958 (Wales); higher codes were new in 2021.
LAST_2011 = {"E01": 33768, "W01": 1958}
BTP = "British Transport Police"


@dataclass
class Source:
    name: str
    read: Callable[[], bytes]
    kind: str
    force: str
    # The month the file's name or archive folder names: every row must be of it, and a file of
    # it with no rows replaces the month with none. None when neither names one.
    month: str | None = None


@dataclass
class Parsed:
    """One file's rows as columns, checked and converted, not yet written."""

    source: Source
    months: list[str] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)
    points: FilePoints | None = None
    lsoa_vintage: int | None = None

    @property
    def rows(self) -> int:
        return len(self.months)


def discover(path: Path, force: str | None = None) -> list[Source]:
    """The CSVs at `path`: a file, a folder (searched recursively) or a zip archive."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.csv") if FILE_RE.match(p.name) or p == path)
        return [source(p.name, p.read_bytes, force, p.relative_to(path.parent).parts[:-1]) for p in files]
    if path.suffix.lower() == ".zip":
        archive = zipfile.ZipFile(path)
        names = sorted(n for n in archive.namelist() if FILE_RE.match(Path(n).name))
        return [
            source(Path(n).name, (lambda n=n: archive.read(n)), force, Path(n).parts[:-1])  # type: ignore[misc]
            for n in names
        ]
    if not path.exists():
        raise MalformedFile(str(path), None, "no such file or folder")
    return [source(path.name, path.read_bytes, force, (path.parent.name,))]


def source(name: str, read: Callable[[], bytes], force: str | None, folders: tuple[str, ...] = ()) -> Source:
    """A file by its data.police.uk name (kind and force from the name; street when it says none),
    in `folders` (outermost first), the innermost YYYY-MM one of which names its month."""
    match = FILE_RE.match(name)
    kind = match["kind"] if match else "street"
    named = match["month"] if match else None
    folder = next((f for f in reversed(folders) if FOLDER_RE.match(f)), None)
    if named and folder and named != folder:
        raise MalformedFile(
            f"{folder}/{name}", None, f"the file name says {named} but its folder says {folder}"
        )
    return Source(
        name=name,
        read=read,
        kind=kind,
        force=force or (match["force"] if match else settings.FORCE_ID),
        month=named or folder,
    )


def check_file_month(cols: Columns, src: Source, months: list[str]) -> None:
    """Every row is of the month the file's name or folder names (a stray month would replace
    that other month's stored rows with this file's few): the first that is not names its line."""
    if src.month is None:
        return
    stray = set(months) - {src.month}
    if stray:
        row = min(months.index(month) for month in stray)
        raise cols.fail(row, f"month {months[row]!r} is not {src.month}, the month the file is named for")


def columns_of(src: Source) -> Columns:
    return read_columns(src.name, decode(src.name, src.read()), HEADERS[src.kind], src.kind)


def lsoa_vintage(codes: set[str]) -> int | None:
    """2021 if any code only exists in the 2021 LSOAs, else 2011 (None when there are no codes).

    Most codes are the same in both sets, so point-based neighbourhoods never depend on this; it is
    recorded so LSOA-level figures are only compared within one vintage."""
    codes.discard("")
    if not codes:
        return None
    for code in codes:
        prefix, number = code[:3], code[3:]
        if prefix in LAST_2011 and number.isdigit() and int(number) > LAST_2011[prefix]:
            return 2021
    return 2011


def coordinates(points: FilePoints) -> tuple[list[float | None], list[float | None]]:
    """Each row's latitude and longitude (None for no location), for tables that keep them."""
    lat = [None if v != v else v for v in points.lat.tolist()]
    lng = [None if v != v else v for v in points.lng.tolist()]
    index = points.index.tolist()
    return list(map(lat.__getitem__, index)), list(map(lng.__getitem__, index))


def batch_ids(p: Parsed, batch_of: dict[tuple[str, str], int]) -> list[int]:
    """Each row's import batch id (one batch per force and month)."""
    ids = {m: batch_of[(p.source.force, m)] for m in set(p.months)}
    return list(map(ids.__getitem__, p.months))
