"""Scorecard measures for every problems.* promise in the charters (registered from
ProblemsConfig.ready()). Each is computed from the plans, responses, reviews and time recorded here,
and from crime's tables where the promise is about places (repeat locations, hot spots)."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import numpy as np
from django.apps import apps
from django.db.models import Q, QuerySet

from safer.crime.analysis import hotspots
from safer.crime.analysis.counts import available_months
from safer.crime.models import Crime, Incident
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood, Parish
from safer.problems.models import Plan, Response, Review, TimeEntry
from safer.problems.models.plans import Source

REPEAT_INCIDENTS, REPEAT_DAYS = 3, 90
HOTSPOT_CELL_M, HOTSPOT_Z = 250.0, 1.96


def _active(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> QuerySet[Plan]:
    """Plans open at some time in the period."""
    return Plan.objects.filter(neighbourhood__in=neighbourhoods, created_at__date__lte=period.end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gte=period.start)
    )


def _open_on(neighbourhoods: QuerySet[Neighbourhood], day: dt.date) -> QuerySet[Plan]:
    return Plan.objects.filter(neighbourhood__in=neighbourhoods, created_at__date__lte=day).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gt=day)
    )


def _share_with_responses(
    neighbourhoods: QuerySet[Neighbourhood], period: Period, **owner: Any
) -> Measurement:
    plans = _active(neighbourhoods, period)
    total = plans.count()
    if not total:
        return Measurement(value=None, note="No problem-solving plans in the period.")
    with_action = plans.filter(pk__in=Response.objects.filter(**owner).values("plan_id")).count()
    return Measurement.share(with_action, total)


def _covered(points: np.ndarray, plans: list[Plan]) -> np.ndarray:
    """For each (easting, northing), whether some plan's circle contains it."""
    covered = np.zeros(len(points), dtype=bool)
    for p in plans:
        covered |= np.hypot(points[:, 0] - p.easting, points[:, 1] - p.northing) <= p.radius_m
    return covered


def repeat_locations(
    neighbourhoods: QuerySet[Neighbourhood], period: Period
) -> list[tuple[str, float, float, dt.date]]:
    """Locations (the force's location reference) with 3+ incidents in the 90 days to the period's
    end: (ref, easting, northing, the day the third incident made it a repeat location)."""
    since = period.end - dt.timedelta(days=REPEAT_DAYS - 1)
    rows = (
        Incident.objects.filter(
            neighbourhood__in=neighbourhoods, occurred_at__date__gte=since, occurred_at__date__lte=period.end
        )
        .exclude(location_ref="")
        .order_by("occurred_at")
        .values_list("location_ref", "easting", "northing", "occurred_at")
    )
    seen: dict[str, list[Any]] = {}
    for ref, e, n, at in rows:
        seen.setdefault(ref, []).append((e, n, at))
    return [
        (ref, v[0][0], v[0][1], v[REPEAT_INCIDENTS - 1][2].date())
        for ref, v in seen.items()
        if len(v) >= REPEAT_INCIDENTS
    ]


@metric("problems.repeat_locations_with_plan", label="Repeat locations covered by a problem-solving plan")
def repeat_locations_with_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Repeat locations: places (by the force's location reference) in these neighbourhoods with
    three or more incidents in the 90 days to the period's last day, whatever the period's length.
    The share whose position (that of its first incident in those 90 days) lies inside the area of a
    problem-solving plan open on the period's last day. Incidents with no location reference are left
    out; no data when there is no repeat location."""
    places = repeat_locations(neighbourhoods, period)
    if not places:
        return Measurement(value=None, note="No location had three or more incidents in 90 days.")
    points = np.array([(p[1], p[2]) for p in places], dtype=float)
    covered = _covered(points, list(_open_on(neighbourhoods, period.end)))
    return Measurement.share(int(covered.sum()), len(places))


@metric("problems.parishes_with_plan", label="Parishes and wards with a problem-solving plan in 12 months")
def parishes_with_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of the parishes and wards in these neighbourhoods, the share with a problem-solving plan open at
    some time in the period: a plan in these neighbourhoods that names the parish, or that has
    problem-solving time recorded in the period against the parish. No data when no parish or ward is
    recorded."""
    parishes = Parish.objects.filter(neighbourhood__in=neighbourhoods)
    total = parishes.count()
    if not total:
        return Measurement(value=None, note="No parishes or wards recorded.")
    plans = _active(neighbourhoods, period)
    with_plan = set(plans.exclude(parish=None).values_list("parish_id", flat=True))
    with_plan |= set(
        TimeEntry.objects.filter(plan__in=plans, on__gte=period.start, on__lte=period.end)
        .exclude(parish=None)
        .values_list("parish_id", flat=True)
    )
    return Measurement.share(len(with_plan & set(parishes.values_list("pk", flat=True))), total)


@metric("problems.plans_with_hub_action", label="Plans with an action by a Problem Solving Hub")
def plans_with_hub_action(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods open at some time in the period: the share with at
    least one action owned by a Problem Solving Hub (recorded at any time). No data when there was no
    such plan."""
    return _share_with_responses(neighbourhoods, period, owner_kind="hub")


@metric(
    "problems.plans_with_partner_action", label="Plans with an action owned by a partner or community group"
)
def plans_with_partner_action(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods open at some time in the period: the share with at
    least one action owned by a partner agency or by a voluntary or community group (recorded at any
    time). Actions owned by officers or a Problem Solving Hub do not count. No data when there was no
    such plan."""
    return _share_with_responses(neighbourhoods, period, owner_kind__in=["partner", "voluntary"])


@metric("problems.plans_with_voluntary_action", label="Plans with an action owned by a voluntary group")
def plans_with_voluntary_action(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods open at some time in the period: the share with at
    least one action owned by a voluntary or community group (recorded at any time). No data when
    there was no such plan."""
    return _share_with_responses(neighbourhoods, period, owner_kind="voluntary")


@metric("problems.priorities_with_plan", label="Current neighbourhood priorities with a problem-solving plan")
def priorities_with_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Neighbourhood priorities in these neighbourhoods current on the period's last day (issued by
    then and not closed): the share linked to a problem-solving plan open that day. No data when there
    is no current priority."""
    # Priorities belong to engagement, beside problems in the layers: read through the app
    # registry (no import), by the ids plans link to.
    priority = apps.get_model("engagement", "Priority")
    current = priority.objects.filter(neighbourhood__in=neighbourhoods, issue_date__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=period.end)
    )
    ids = {str(pk) for pk in current.values_list("pk", flat=True)}
    if not ids:
        return Measurement(value=None, note="No current priorities.")
    linked = set(
        _open_on(neighbourhoods, period.end)
        .filter(links__kind="priority")
        .values_list("links__ref", flat=True)
    )
    return Measurement.share(len(ids & linked), len(ids))


@metric(
    "problems.median_days_to_plan",
    label="Median days from a repeat location to its plan",
    unit="days",
    higher_is_better=False,
)
def median_days_to_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """For plans opened in the period on a place: days from the linked incidents' third in 90 days
    (when the place became a repeat location) to the plan."""
    days: list[int] = []
    plans = Plan.objects.filter(
        neighbourhood__in=neighbourhoods,
        created_at__date__gte=period.start,
        created_at__date__lte=period.end,
        source__in=[Source.REPEAT_LOCATION, Source.HOTSPOT],
    )
    for plan in plans.prefetch_related("incidents"):
        times = sorted(i.occurred_at for i in plan.incidents.all())
        for k in range(REPEAT_INCIDENTS - 1, len(times)):
            if times[k] - times[k - REPEAT_INCIDENTS + 1] <= dt.timedelta(days=REPEAT_DAYS):
                days.append(max(0, (plan.created_at - times[k]).days))
                break
    if not days:
        return Measurement(value=None, note="No plan opened on a repeat location in the period.")
    return Measurement(value=float(statistics.median(days)), denominator=len(days))


@metric("problems.plans_supervised", label="Open plans reviewed by a supervisor in the last 30 days")
def plans_supervised(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods open on the period's last day: the share with a
    supervisor's review dated in the 30 days up to and including that day, whatever the period's
    length. No data when no plan is open."""
    open_plans = _open_on(neighbourhoods, period.end)
    total = open_plans.count()
    if not total:
        return Measurement(value=None, note="No open plans.")
    since = period.end - dt.timedelta(days=29)
    reviewed = (
        Review.objects.filter(plan__in=open_plans, reviewed_on__gte=since, reviewed_on__lte=period.end)
        .values("plan_id")
        .distinct()
        .count()
    )
    return Measurement.share(reviewed, total)


@metric(
    "problems.youth_early_interventions",
    label="Young people referred to early intervention or diversion",
    unit="referrals",
)
def youth_early_interventions(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The number of early intervention or diversion actions for young people added, in the period, to
    problem-solving plans in these neighbourhoods. It counts actions, not distinct young people."""
    n = Response.objects.filter(
        plan__neighbourhood__in=neighbourhoods,
        kind=Response.Kind.DIVERSION,
        created_at__date__gte=period.start,
        created_at__date__lte=period.end,
    ).count()
    return Measurement(value=float(n), numerator=n)


@metric("problems.plans_assessed", label="Plans closed with a before-and-after assessment")
def plans_assessed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods closed in the period: the share with a
    before-and-after assessment recorded. No data when no plan closed."""
    closed = Plan.objects.filter(
        neighbourhood__in=neighbourhoods, closed_at__date__gte=period.start, closed_at__date__lte=period.end
    )
    total = closed.count()
    if not total:
        return Measurement(value=None, note="No plans closed in the period.")
    return Measurement.share(closed.filter(assessment__isnull=False).count(), total)


@metric("problems.plans_shared_with_partners", label="Open plans shared with a partner agency")
def plans_shared_with_partners(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Problem-solving plans in these neighbourhoods open on the period's last day: the share shared
    with at least one partner agency on the platform. No data when no plan is open."""
    open_plans = _open_on(neighbourhoods, period.end)
    total = open_plans.count()
    if not total:
        return Measurement(value=None, note="No open plans.")
    return Measurement.share(open_plans.filter(shares__isnull=False).distinct().count(), total)


@metric("problems.hotspots_with_plan", label="Crime hot spots covered by a problem-solving plan")
def hotspots_with_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Cells of a 250 m grid whose Getis-Ord Gi* z-score is at least 1.96 over the period's months
    of street-level crime, and the share whose centre lies inside a plan open at the period's end."""
    start, end = period.start.strftime("%Y-%m"), period.end.strftime("%Y-%m")
    months = [m for m in available_months() if start <= m <= end]
    if not months:
        return Measurement(value=None, note="No crime data for the period.")
    xy = np.array(
        Crime.objects.filter(neighbourhood__in=neighbourhoods, month__in=months, location__isnull=False)
        .exclude(location__easting=None)
        .values_list("location__easting", "location__northing"),
        dtype=float,
    ).reshape(-1, 2)
    if len(xy) < 2:
        return Measurement(value=None, note="Too little crime to find hot spots.")
    grid = hotspots.Grid.covering(xy[:, 0], xy[:, 1], HOTSPOT_CELL_M)
    if grid.rows * grid.cols > 250_000:
        return Measurement(value=None, note="The area is too large for one grid.")
    z = hotspots.gi_star(hotspots.grid_counts(xy[:, 0], xy[:, 1], grid))
    hot = np.nan_to_num(z, nan=-np.inf) >= HOTSPOT_Z
    if not hot.any():
        return Measurement(value=None, note="No statistically significant hot spots.")
    xs, ys = grid.centres()
    points = np.column_stack([xs[hot], ys[hot]])
    covered = _covered(points, list(_open_on(neighbourhoods, period.end)))
    return Measurement.share(int(covered.sum()), len(points))
