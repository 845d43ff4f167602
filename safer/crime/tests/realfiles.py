"""Real data.police.uk files of each kind, as text, for the import tests (see data/LICENCE.md).

Street files are real; outcomes files are derived from them as the demo derives them; stop-and-search
files are the demo's labelled synthetic ones (no real one is kept). Incident data is the force's own
and never published, so its file is made from the real street file: one incident per located crime,
at its snap point, on a day of its month."""

from __future__ import annotations

from pathlib import Path

from safer.crime.importers import Source, discover
from safer.crime.importers.outcomes import outcomes_from_street

DATA = Path(__file__).resolve().parent.parent / "data"
FORCE = "west-mercia"
KINDS = ("street", "outcomes", "stop-and-search")
INCIDENT_HEADER = (
    "reference,occurred_at,category,latitude,longitude,location_id,location,victim_ref,offender_ref"
)


def street_text(month: str = "2019-02") -> str:
    return (DATA / f"{month}-{FORCE}-street.csv").read_text(encoding="utf-8")


def real_text(kind: str, month: str = "2019-02") -> str:
    """The whole file of `kind` for the month, as its data.police.uk file would hold it."""
    if kind == "street":
        return street_text(month)
    if kind == "outcomes":
        (street,) = discover(DATA / f"{month}-{FORCE}-street.csv")
        return outcomes_from_street(street).read().decode("utf-8")
    return (DATA / f"synthetic-{month}-{FORCE}-stop-and-search.csv").read_text(encoding="utf-8")


def file_name(kind: str, month: str = "2019-02") -> str:
    return f"{month}-{FORCE}-{kind}.csv"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def source_of(name: str, data: bytes) -> Source:
    from safer.crime.importers.sources import source

    return source(name, lambda: data, None)


def with_month(kind: str, line: str, month: str) -> str:
    """A data line of `kind` moved to another month (the Month field, or the stop's Date)."""
    fields = line.split(",")
    fields[1] = month + fields[1][7:]
    return ",".join(fields)


def incident_text(month: str = "2019-02", limit: int | None = None) -> str:
    """Incidents made from the month's real street file: one per located crime with a Crime ID."""
    lines = [INCIDENT_HEADER]
    for k, line in enumerate(street_text(month).splitlines()[1:]):
        crime_id, _, _, _, lng, lat, location, *_rest = line.split(",")
        if not crime_id or not lat:
            continue
        category = "burglary" if "Burglary" in line else "other-crime"
        when = f"{month}-{1 + k % 28:02d}T{k % 24:02d}:30"
        lines.append(f"INC-{k:05d},{when},{category},{lat},{lng},L{k},{location},V{k % 500},")
        if limit is not None and len(lines) > limit:
            break
    return "\n".join(lines) + "\n"
