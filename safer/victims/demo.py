"""The demo's contacts with repeat victims, on the crime app's synthetic incidents (run after them)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import timezone

from safer.crime.models import Incident
from safer.crime.queries import repeat_incidents
from safer.victims.models import RepeatVictimContact

SEED = 20190101


def load_demo_victim_contacts() -> str:
    """About half the repeat victims of the last year contacted, older ones more often. Replaces the
    demo's earlier contacts, so it gives the same rows however often it runs."""
    now = timezone.now()
    rng = np.random.default_rng(SEED)
    with transaction.atomic():
        RepeatVictimContact.objects.filter(incident__is_synthetic=True).delete()
        repeats = repeat_incidents(
            Incident.objects.filter(is_synthetic=True), now - dt.timedelta(days=365), now
        )
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
    return f"{len(contacts)} contacts with repeat victims"
