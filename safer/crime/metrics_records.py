"""The charter measures counted from crime's records for it (safer/crime/records.py) and from each
named town centre's own crime series (registered from metrics.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from safer.crime.analysis.counts import available_months, month_range, period_label
from safer.crime.categories import OUTCOME_CODES
from safer.crime.models import Crime
from safer.crime.records import (
    AnalysisKind,
    AnalysisRun,
    AsbActionPlan,
    AsbLead,
    ManagedOffender,
    OcgDisruption,
    TownCentre,
)
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood, PolicingArea

TOWN_CENTRE_CATEGORIES = ("shoplifting", "theft-from-the-person", "robbery")
# Retail-worker assault has no police.uk category of its own; it sits in violence, which cannot be
# told apart, so the outcomes measure counts these three only and says so.
# Home Office "positive outcomes": a charge (and what the courts then decided), a caution, a penalty
# notice, a community resolution or a drugs possession warning.
POSITIVE_OUTCOMES = frozenset(
    OUTCOME_CODES[code]
    for code in (
        "awaiting-court-result",
        "court-result-unavailable",
        "unable-to-proceed",
        "local-resolution",
        "deprived-of-property",
        "fined",
        "absolute-discharge",
        "cautioned",
        "drugs-possession-warning",
        "penalty-notice-issued",
        "community-penalty",
        "conditional-discharge",
        "suspended-sentence",
        "imprisoned",
        "other-court-disposal",
        "compensation",
        "sentenced-in-another-case",
        "charged",
        "not-guilty",
        "sent-to-crown-court",
    )
) | {"Offender given penalty notice"}


def _areas(neighbourhoods: QuerySet[Neighbourhood], on: dt.date) -> QuerySet[PolicingArea]:
    return PolicingArea.objects.current(on).filter(neighbourhoods__in=neighbourhoods).distinct()


@metric(
    "crime.hotspot_analysis_current",
    label="Local policing areas with a hot-spot and a near-repeat analysis run in the period",
    method=(
        "Current local policing areas for which staff ran both the hot-spot analysis and the "
        "near-repeat analysis on the platform in the period, out of all the areas."
    ),
)
def hotspot_analysis_current(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    areas = _areas(neighbourhoods, period.end)
    runs = AnalysisRun.objects.filter(
        area=OuterRef("pk"), run_at__date__gte=period.start, run_at__date__lte=period.end
    )
    both = areas.filter(
        Exists(runs.filter(kind=AnalysisKind.HOT_SPOTS)), Exists(runs.filter(kind=AnalysisKind.NEAR_REPEAT))
    )
    return Measurement.share(both.count(), areas.count())


@metric(
    "crime.repeat_offenders_managed",
    label="Repeat offenders with a current management plan",
    method=(
        "Repeat offenders recorded for the teams and still managed on the last day of the period: the "
        "share with a management plan in force that day."
    ),
)
def repeat_offenders_managed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    on = period.end
    managed = ManagedOffender.objects.filter(neighbourhood__in=neighbourhoods, flagged_on__lte=on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on)
    )
    with_plan = managed.filter(plan_from__lte=on).filter(Q(plan_until__isnull=True) | Q(plan_until__gte=on))
    total = managed.count()
    return Measurement.share(
        with_plan.count(), total, note="" if total else "No repeat offenders are recorded."
    )


@metric(
    "crime.ocg_disruptions",
    label="Organised crime group disruptions recorded by neighbourhood teams, per local policing area",
    unit="disruptions",
    method="Disruptions of organised crime groups the teams recorded in the period, per current area.",
)
def ocg_disruptions(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    if not neighbourhoods.exists():
        return Measurement(value=None, note="No neighbourhoods to measure.")
    count = OcgDisruption.objects.filter(
        neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
    ).count()
    areas = max(1, _areas(neighbourhoods, period.end).count())
    first = OcgDisruption.objects.aggregate(first=Min("date"))["first"]
    if first is None:
        return Measurement(value=None, note="No disruptions have been recorded yet.")
    return Measurement(
        value=round(count / areas, 2),
        numerator=count,
        denominator=areas,
        data_since=first,
        note=f"{count} disruptions in {areas} area{'s' if areas != 1 else ''}.",
    )


@metric(
    "crime.asb_lead_named",
    label="Neighbourhoods with a named anti-social behaviour lead",
    method=(
        "Neighbourhoods with a person named as their anti-social behaviour lead on the last day of the "
        "period, out of all."
    ),
)
def asb_lead_named(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    on = period.end
    leads = AsbLead.objects.filter(neighbourhood=OuterRef("pk"), named_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )
    return Measurement.share(neighbourhoods.filter(Exists(leads)).count(), neighbourhoods.count())


@metric(
    "crime.asb_action_plan_current",
    label="Neighbourhoods whose anti-social behaviour action plan was published or reviewed in the period",
    method="Neighbourhoods with an ASB action plan published or reviewed within the period, out of all.",
)
def asb_action_plan_current(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    window = (period.start, period.end)
    plans = AsbActionPlan.objects.filter(neighbourhood=OuterRef("pk")).filter(
        Q(published_on__range=window) | Q(reviewed_on__range=window)
    )
    return Measurement.share(neighbourhoods.filter(Exists(plans)).count(), neighbourhoods.count())


# --- town centres --------------------------------------------------------------------------------


def town_centre_crimes(centres: list[TownCentre], months: list[str]) -> list[tuple[str, str]]:
    """(month, outcome) of each town-centre shop theft, theft from the person and robbery in the
    months, from police.uk points inside any of the centres (each crime once)."""
    found: dict[int, tuple[str, str]] = {}
    for centre in centres:
        lat0, lat1, lng0, lng1 = centre.bounding_box()
        rows = Crime.objects.filter(
            month__in=months,
            category__in=TOWN_CENTRE_CATEGORIES,
            location__latitude__range=(lat0, lat1),
            location__longitude__range=(lng0, lng1),
        ).values_list("pk", "month", "outcome_category", "location__latitude", "location__longitude")
        for pk, month, outcome, lat, lng in rows:
            if centre.contains(lat, lng):
                found[pk] = (month, outcome)
    return list(found.values())


def _period_months(period: Period) -> list[str]:
    count = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return month_range(period.end.strftime("%Y-%m"), count)


def _year_before(month: str) -> str:
    year, mon = month.split("-")
    return f"{int(year) - 1}-{mon}"


@metric(
    "crime.town_centre_crime_change",
    label="Change in town-centre shop theft, theft from the person and robbery on a year before",
    higher_is_better=False,
    method=(
        "Crimes of those three kinds at police.uk points inside the named town centres, in the period's "
        "months that police.uk has published, against the same months a year before (only months "
        "published for both years are compared)."
    ),
)
def town_centre_crime_change(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    centres = list(TownCentre.objects.filter(neighbourhood__in=neighbourhoods))
    if not centres:
        return Measurement(value=None, note="No town centres are named here.")
    imported = set(available_months())
    months = [m for m in _period_months(period) if m in imported and _year_before(m) in imported]
    if not months:
        return Measurement(
            value=None, note="Crime data for the period and the year before is not published yet."
        )
    crimes = town_centre_crimes(centres, months + [_year_before(m) for m in months])
    now = sum(1 for month, _ in crimes if month in set(months))
    before = len(crimes) - now
    if not before:
        return Measurement(
            value=None, note="No such crime in the town centres a year before to compare with."
        )
    return Measurement(
        value=round(100 * (now - before) / before, 1),
        numerator=now,
        denominator=before,
        note=f"{now} against {before} a year before, in {period_label(months)}.",
    )


@metric(
    "crime.town_centre_positive_outcomes",
    label="Town-centre shop theft, theft from the person and robbery with a positive outcome",
    method=(
        "Of the crimes of those three kinds at points inside the named town centres in the period's "
        "published months, the share whose latest police.uk outcome is a charge or court outcome, a "
        "caution, a penalty notice, a local resolution or a drugs possession warning. Assaults on "
        "retail workers cannot be told apart in police.uk data and are not counted."
    ),
)
def town_centre_positive_outcomes(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    centres = list(TownCentre.objects.filter(neighbourhood__in=neighbourhoods))
    if not centres:
        return Measurement(value=None, note="No town centres are named here.")
    imported = set(available_months())
    months = [m for m in _period_months(period) if m in imported]
    if not months:
        return Measurement(value=None, note="Crime data for the period is not published yet.")
    crimes = town_centre_crimes(centres, months)
    positive = sum(1 for _, outcome in crimes if outcome in POSITIVE_OUTCOMES)
    return Measurement.share(positive, len(crimes), note=f"Months: {period_label(months)}.")
