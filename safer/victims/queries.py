"""Reads about repeat victims: crime's repeat incidents, with whether each victim was contacted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from safer.crime.models import Incident
from safer.crime.queries import repeat_incidents
from safer.victims.models import RepeatVictimContact


@dataclass(frozen=True)
class RepeatVictim:
    incident: Incident
    prior: int  # earlier incidents of the same victim in the 12 months before
    contacted: bool


def repeat_victims(incidents: QuerySet[Incident], start: dt.datetime, end: dt.datetime) -> list[RepeatVictim]:
    """Incidents in [start, end] (from `incidents`) whose victim had another in the 12 months before,
    newest first, each marked with whether a contact was recorded for it."""
    repeats = repeat_incidents(incidents, start, end, "victim")
    contacted = set(
        RepeatVictimContact.objects.filter(incident__in=[r.incident.pk for r in repeats]).values_list(
            "incident_id", flat=True
        )
    )
    return [RepeatVictim(r.incident, r.prior, r.incident.pk in contacted) for r in repeats]
