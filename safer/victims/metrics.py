"""Scorecard measures owned by the victims app (registered from VictimsConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from safer.crime.models import Incident
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood
from safer.victims.queries import repeat_victims


# The id keeps its "crime." prefix from before the move: the charter files name it.
@metric(
    "crime.repeat_victims_contacted",
    label="Repeat victims contacted after their repeat incident",
    unit="%",
)
def repeat_victims_contacted(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of incidents in the period whose victim had another in the 12 months before, the share with a
    recorded contact (incident data)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end, dt.time.max, tzinfo=tz)
    repeats = repeat_victims(Incident.objects.filter(neighbourhood__in=neighbourhoods), start, end)
    if not repeats:
        return Measurement(value=None, note="No repeat victims in the period.")
    contacted = sum(1 for r in repeats if r.contacted)
    return Measurement.share(contacted, len(repeats))
