"""The demo's crime data: the real West Mercia months kept in safer/crime/data/ (Open Government
Licence; see LICENCE.md there) and a seeded, clearly labelled synthetic incident set (references
SYN-…, `is_synthetic`), so the near-repeat, repeat-victim and prevention features show something."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safer.crime.importers import import_path
from safer.crime.incidents import save_incidents, synthetic_incidents
from safer.crime.models import Incident, RepeatVictimContact
from safer.crime.queries import repeat_incidents
from safer.places.models import Neighbourhood

DATA = Path(__file__).resolve().parent / "data"
SEED = 20190101


def load_demo_crime() -> str:
    files = sorted(DATA.glob(f"*-{settings.FORCE_ID}-street.csv"))
    rows = 0
    for path in files:
        rows += import_path(path).rows
    incidents, contacts = load_synthetic_incidents()
    return (
        f"{rows:,} real crimes from {len(files)} months; "
        f"{incidents:,} synthetic incidents, {contacts} contacts"
    )


def load_synthetic_incidents(count: int = 2500) -> tuple[int, int]:
    """Replace the synthetic incidents (and what hangs off them) with a fresh seeded set."""
    centres = list(
        Neighbourhood.objects.filter(force__slug=settings.FORCE_ID, centre_lat__isnull=False)
        .order_by("code")
        .values_list("centre_lat", "centre_lng")
    )
    with transaction.atomic():
        Incident.objects.filter(is_synthetic=True).delete()
        if not centres:
            return 0, 0
        points = [(float(a), float(b)) for a, b in centres[:60] if a is not None and b is not None]
        rows = synthetic_incidents(points, count=count, seed=SEED)
        save_incidents(rows, "synthetic demo incidents", synthetic=True)
        # About half the repeat victims of the last year have been contacted, older ones more often.
        now = timezone.now()
        repeats = repeat_incidents(
            Incident.objects.filter(is_synthetic=True), now - dt.timedelta(days=365), now
        )
        rng = np.random.default_rng(SEED)
        contacts = [
            RepeatVictimContact(
                incident=r.incident,
                method=str(rng.choice(["visit", "phone", "letter"])),
                contacted_on=timezone.localdate(r.incident.occurred_at)
                + dt.timedelta(days=int(rng.integers(0, 4))),
            )
            for r in repeats
            if rng.random() < (0.7 if r.incident.occurred_at < now - dt.timedelta(days=60) else 0.35)
        ]
        RepeatVictimContact.objects.bulk_create(contacts)
    return len(rows), len(contacts)
