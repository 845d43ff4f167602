"""Scorecard measures owned by the crime app (registered from CrimeConfig.ready())."""

from __future__ import annotations

from django.db.models import QuerySet

from safer.crime.analysis.concentration import share_at_top
from safer.crime.analysis.counts import available_months, month_range, period_label
from safer.crime.queries import location_counts
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood


def _months_for(period: Period) -> tuple[list[str], str]:
    """The period's months that have data, and a note when that is not all of them; if none has
    (police.uk runs a month or two behind), the imported months among the 12 up to the latest one
    before the period ends, and a note naming them."""
    wanted = month_range(
        period.end.strftime("%Y-%m"),
        (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1,
    )
    imported = available_months()
    months = [m for m in imported if m in set(wanted)]
    if months:
        if len(months) == len(wanted):
            return months, ""
        note = f"Crime data for {len(months)} of the period's {len(wanted)} months: {period_label(months)}."
        return months, note
    earlier = [m for m in imported if m <= wanted[-1]]
    if not earlier:
        return [], ""
    window = set(month_range(earlier[-1], 12))
    fallback = [m for m in earlier if m in window]
    return (
        fallback,
        f"No crime published for the period yet; the latest 12 months used: {period_label(fallback)}.",
    )


@metric(
    "crime.top10_concentration",
    label="Share of crime at the busiest 10% of places",
    unit="%",
    higher_is_better=False,
)
def top10_concentration(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Crimes at the busiest tenth of the area's known places (police.uk snap points, including those
    with none in the period) as a share of all its crimes with a location."""
    ids = list(neighbourhoods.values_list("pk", flat=True))
    months, note = _months_for(period)
    if not months:
        return Measurement(value=None, note="No crime data.")
    counts, _ = location_counts(ids, months)
    total = float(counts.sum())
    share = share_at_top(counts, 0.10)
    if share is None:
        return Measurement(value=None, note=note or "No crime in the period.")
    return Measurement(value=100 * share, numerator=round(share * total), denominator=total, note=note)


# The charter measures counted from the records added for it (issue 14).
from safer.crime import metrics_records  # noqa: E402, F401
