"""The demo's crime data: the real West Mercia months kept in safer/crime/data/ (Open Government
Licence; see LICENCE.md there) and a seeded, clearly labelled synthetic incident set (references
SYN-…, `is_synthetic`), so the near-repeat, repeat-victim and prevention features show something
(the victims and problems apps add their own demo rows on top, in later steps).

No outcomes or stop-and-search file of those months is kept, so:
- outcomes are derived from the real street files' "Last outcome category" (real outcomes, dated the
  crime's own month: see `importers.outcomes.outcomes_from_street`), imported as
  `YYYY-MM-<force>-outcomes-derived-from-street.csv`;
- stops and searches are synthetic, made from the real crimes by `write_synthetic_stops` (seeded) and
  kept as `data/synthetic-YYYY-MM-<force>-stop-and-search.csv`: one stop per located drugs or
  weapons crime, at its snap point, at a random time of its month, with a random outcome; no
  gender, age or ethnicity is invented (those columns are empty)."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from itertools import compress
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from safer.crime.csvcolumns import STOPS_HEADER, decode, read_columns
from safer.crime.csvcolumns import STREET_HEADER as STREET
from safer.crime.importers import Source, discover, import_sources
from safer.crime.importers.outcomes import outcomes_from_street
from safer.crime.incidents import save_incidents, synthetic_incidents
from safer.crime.models import Incident
from safer.places.models import Neighbourhood

DATA = Path(__file__).resolve().parent / "data"
SEED = 20190101


def load_demo_crime() -> str:
    streets = [
        src for path in sorted(DATA.glob(f"*-{settings.FORCE_ID}-street.csv")) for src in discover(path)
    ]
    stops = [
        # synthetic-YYYY-MM-<force>-stop-and-search.csv: the month follows "synthetic-"
        Source(path.name, path.read_bytes, "stop-and-search", settings.FORCE_ID, month=path.name[10:17])
        for path in sorted(DATA.glob(f"synthetic-*-{settings.FORCE_ID}-stop-and-search.csv"))
    ]
    report = import_sources(streets + [outcomes_from_street(src) for src in streets] + stops)
    incidents = load_synthetic_incidents()
    return (
        f"{report.by_kind['street']:,} real crimes from {len(streets)} months, "
        f"{report.by_kind['outcomes']:,} outcomes derived from them, "
        f"{report.by_kind['stop-and-search']:,} synthetic stops and searches; "
        f"{incidents:,} synthetic incidents"
    )


# Stops and searches made from the real crimes: what the search was for and under which power, by
# the crime found; outcomes drawn with fixed weights (most searches find nothing to act on).
STOP_OBJECTS = {
    "Drugs": ("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs"),
    "Possession of weapons": ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons"),
}
STOP_OUTCOMES = [
    ("A no further action disposal", 0.55),
    ("Arrest", 0.2),
    ("Community resolution", 0.15),
    ("Summons / charged by post", 0.05),
    ("Penalty Notice for Disorder", 0.05),
]


def synthetic_stops(street_csv: str, name: str, seed: int = SEED) -> str:
    """A synthetic stop-and-search CSV (police.uk's columns) from one real street file: one stop per
    located drugs or weapons crime, at its snap point, at a random minute of its month."""
    c = read_columns(name, street_csv, STREET, "street").columns
    keep = [crime_type in STOP_OBJECTS and lat != "" for crime_type, lat in zip(c[9], c[5], strict=True)]
    months, lats, lngs, types = (list(compress(c[k], keep)) for k in (1, 5, 4, 9))
    rng = np.random.default_rng([seed, len(months)])
    outcomes, weights = zip(*STOP_OUTCOMES, strict=True)
    drawn = rng.choice(len(outcomes), size=len(months), p=weights)
    rows = []
    for k, month in enumerate(months):
        year, number = int(month[:4]), int(month[5:7])
        minutes = int(rng.integers(0, calendar.monthrange(year, number)[1] * 24 * 60))
        when = dt.datetime(year, number, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
        legislation, wanted = STOP_OBJECTS[types[k]]
        outcome = outcomes[drawn[k]]
        rows.append(
            [
                "Person and Vehicle search" if rng.random() < 0.15 else "Person search",
                when.isoformat(),
                "False",
                "",
                lats[k],
                lngs[k],
                "",  # gender, age range and both ethnicities: not invented
                "",
                "",
                "",
                legislation,
                wanted,
                outcome,
                "" if outcome == STOP_OUTCOMES[0][0] else "True",
                "False",
            ]
        )
    rows.sort(key=lambda row: row[1])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STOPS_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def write_synthetic_stops(folder: Path = DATA, force: str = "west-mercia") -> list[Path]:
    """(Re)write `synthetic-YYYY-MM-<force>-stop-and-search.csv` beside each real street file of the
    force: the files the demo ships, reproducible from the seed."""
    written = []
    for street in sorted(DATA.glob(f"*-{force}-street.csv")):
        target = folder / f"synthetic-{street.name.removesuffix('-street.csv')}-stop-and-search.csv"
        target.write_text(synthetic_stops(decode(street.name, street.read_bytes()), street.name))
        written.append(target)
    return written


def load_synthetic_incidents(count: int = 2500) -> int:
    """Replace the synthetic incidents (and what hangs off them in other apps) with a fresh seeded set."""
    centres = list(
        Neighbourhood.objects.filter(force__slug=settings.FORCE_ID, centre_lat__isnull=False)
        .order_by("code")
        .values_list("centre_lat", "centre_lng")
    )
    with transaction.atomic():
        Incident.objects.filter(is_synthetic=True).delete()
        if not centres:
            return 0
        points = [(float(a), float(b)) for a, b in centres[:60] if a is not None and b is not None]
        rows = synthetic_incidents(points, count=count, seed=SEED)
        save_incidents(rows, "synthetic demo incidents", synthetic=True)
    return len(rows)
