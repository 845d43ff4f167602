"""Database reads shared by the views, metrics and commands: incident sets for the analyses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from safer.crime.analysis.repeats import YEAR_SECONDS, prior_counts
from safer.crime.models import Crime, CrimeLocation, Incident


@dataclass(frozen=True)
class RepeatIncident:
    incident: Incident
    prior: int  # earlier incidents of the same person in the 12 months before


def repeat_incidents(
    incidents: QuerySet[Incident], start: dt.datetime, end: dt.datetime, role: str = "victim"
) -> list[RepeatIncident]:
    """Incidents in [start, end] (from `incidents`) whose victim (or an offender) had another incident
    in the 12 months before, anywhere in the force."""
    in_period = list(incidents.filter(occurred_at__gte=start, occurred_at__lte=end))
    field = "victim_ref" if role == "victim" else "offender_refs"
    refs = {r for i in in_period for r in getattr(i, field).split(";") if r}
    if not refs:
        return []
    history = Incident.objects.filter(occurred_at__gte=start - dt.timedelta(days=365), occurred_at__lte=end)
    if role == "victim":
        history = history.filter(victim_ref__in=refs)
    rows = list(history.values_list("id", field, "occurred_at"))
    ids, people, seconds = [], [], []
    for pk, value, when in rows:
        for ref in value.split(";"):
            if ref in refs:
                ids.append(pk)
                people.append(ref)
                seconds.append(int(when.timestamp()))
    prior = prior_counts(people, np.array(seconds, dtype=np.int64), YEAR_SECONDS)
    best: dict[int, int] = {}
    for pk, p in zip(ids, prior.tolist(), strict=True):
        best[pk] = max(best.get(pk, 0), p)
    out = [RepeatIncident(i, best.get(i.pk, 0)) for i in in_period if best.get(i.pk, 0) > 0]
    out.sort(key=lambda r: r.incident.occurred_at, reverse=True)
    return out


def location_counts(
    neighbourhood_ids: Iterable[int], months: list[str]
) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Crimes per snap point in the neighbourhoods over the months, zero-count points included (the
    known places of the area), and the places themselves, busiest first."""
    ids = list(neighbourhood_ids)
    places = dict(CrimeLocation.objects.filter(neighbourhood_id__in=ids).values_list("id", "name"))
    counts: dict[int, int] = dict.fromkeys(places, 0)
    for loc in (
        Crime.objects.filter(neighbourhood_id__in=ids, month__in=months, location__isnull=False)
        .values_list("location_id", flat=True)
        .iterator(chunk_size=20000)
    ):
        counts[loc] = counts.get(loc, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: -kv[1])
    return np.array([n for _, n in ordered], dtype=float), [
        {"id": pk, "name": places.get(pk, ""), "count": n} for pk, n in ordered
    ]
