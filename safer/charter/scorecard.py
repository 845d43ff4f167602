"""The scorecard: every promise of a charter, judged at the force, each current local policing area
and each neighbourhood, from the metrics the apps register.

A metric is called once per (metric, period, place): with the force's neighbourhoods, an area's, or
one neighbourhood's, so the number of calls grows with places × measured metrics, never with rows.
The whole computed scorecard is cached for a few minutes; a promise whose metric no app has
registered is "not measured yet", and a metric with nothing to count is "no data" - never "met".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from safer.charter.loader import Charter, Promise, month_end, shift_months
from safer.lib.metrics import Measurement, Period, get_metric
from safer.places.models import Force, Neighbourhood, PolicingArea

logger = logging.getLogger(__name__)

MET = "met"
NOT_MET = "not met"
NO_DATA = "no data"
NOT_MEASURED = "not measured yet"
STATUSES = (MET, NOT_MET, NO_DATA, NOT_MEASURED)

CACHE_VERSION = 2
HISTORY_MONTHS = 6


def cache_seconds() -> int:
    return settings.SCORECARD_CACHE_SECONDS


@dataclass(frozen=True)
class Scope:
    """A place the scorecard judges: the force, a local policing area or a neighbourhood."""

    level: str  # "force", "area" or "neighbourhood"
    slug: str
    name: str
    pk: int | None = None
    area_slug: str = ""  # a neighbourhood's current area, for navigation

    @property
    def key(self) -> str:
        return f"{self.level}:{self.slug}"

    def neighbourhoods(self, force_id: str) -> QuerySet[Neighbourhood]:
        if self.level == "force" or self.pk is None:
            return Neighbourhood.objects.filter(force__slug=force_id)
        if self.level == "area":
            return Neighbourhood.objects.filter(areas__pk=self.pk)
        return Neighbourhood.objects.filter(pk=self.pk)


@dataclass(frozen=True)
class Result:
    promise_id: str
    scope_key: str
    period: Period
    status: str
    measurement: Measurement | None  # None when the metric is not registered


@dataclass
class Scorecard:
    """A charter's scorecard as of a day. Results are worked out when first asked for (a page
    asks only for the places it shows) and, for a card from get_scorecard(), shared through the
    cache one (promise, place) at a time: the force page no longer waits for every neighbourhood."""

    charter_id: str
    force_id: str
    as_of: dt.date
    computed_at: dt.datetime
    scopes: dict[str, Scope]  # force first, then areas, then neighbourhoods, each by name
    results: dict[tuple[str, str], Result] = field(default_factory=dict)
    charter: Charter | None = field(default=None, repr=False, compare=False)
    cached: bool = False  # share results through the cache (get_scorecard's cards)
    _measurer: _Measurer | None = field(default=None, repr=False, compare=False)

    @property
    def force(self) -> Scope:
        return next(s for s in self.scopes.values() if s.level == "force")

    def areas(self) -> list[Scope]:
        return [s for s in self.scopes.values() if s.level == "area"]

    def neighbourhoods(self, area_slug: str | None = None) -> list[Scope]:
        return [
            s
            for s in self.scopes.values()
            if s.level == "neighbourhood" and (area_slug is None or s.area_slug == area_slug)
        ]

    def scope(self, level: str, slug: str) -> Scope | None:
        return self.scopes.get(f"{level}:{slug}")

    def result(self, promise_id: str, scope: Scope) -> Result | None:
        """The promise judged at the place; None when the promise is not judged at that level."""
        found = self.results.get((promise_id, scope.key))
        if found is None and self.charter is not None:
            promise = self.charter.promise(promise_id)
            if promise.applies_at(scope.level):
                self.fill([(promise, scope)])
                found = self.results.get((promise_id, scope.key))
        return found

    def summary(self, scope: Scope) -> dict[str, int]:
        if self.charter is not None:
            self.fill([(p, scope) for p in self.charter.promises if p.applies_at(scope.level)])
        counts = Counter(r.status for (_, key), r in self.results.items() if key == scope.key)
        return {status: counts[status] for status in STATUSES}

    def fill_promise(self, promise: Promise) -> None:
        """One promise at every place it is judged (the promise page), in one pass."""
        self.fill([(promise, s) for s in self.scopes.values() if promise.applies_at(s.level)])

    def fill_all(self) -> None:
        """Every promise at every place (the downloads, the stored snapshots)."""
        if self.charter is not None:
            self.fill(
                [(p, s) for p in self.charter.promises for s in self.scopes.values() if p.applies_at(s.level)]
            )

    def fill(self, pairs: list[tuple[Promise, Scope]]) -> None:
        missing = [(p, s) for p, s in pairs if (p.id, s.key) not in self.results]
        if not missing:
            return
        keys = {self._cache_key(p, s): (p, s) for p, s in missing}
        found: dict[str, Result] = cache.get_many(list(keys)) if self.cached else {}
        for result in found.values():
            self.results[(result.promise_id, result.scope_key)] = result
        if self._measurer is None:
            self._measurer = _Measurer(self.force_id)
        new: dict[str, Result] = {}
        for key, (promise, scope) in keys.items():
            if key not in found:
                new[key] = self.results[(promise.id, scope.key)] = self._measurer.result(
                    promise, scope, self.as_of
                )
        if new and self.cached:
            cache.set_many(new, cache_seconds())

    def _cache_key(self, promise: Promise, scope: Scope) -> str:
        return (
            f"charter:result:v{CACHE_VERSION}:{self.force_id}:{self.charter_id}:{self.as_of.isoformat()}:"
            f"{promise.id}:{scope.key}"
        )


@dataclass(frozen=True)
class History:
    """A scope's measured promises at the end of each of the last months (the last point is today)."""

    points: list[dt.date]
    rows: list[tuple[str, list[Result]]]  # (promise id, one result per point)


def judge(promise: Promise, measurement: Measurement | None, period: Period | None = None) -> str:
    """The honesty rules: not measured without a registered metric; no data without a value, or when
    the records behind the value start after the period does (they do not cover it). Only a value
    over a covered period can be met."""
    if measurement is None:
        return NOT_MEASURED
    if measurement.value is None:
        return NO_DATA
    if period is not None and not measurement.covers(period):
        return NO_DATA
    return MET if promise.target.is_met_by(measurement.value) else NOT_MET


def scopes_for(force_id: str, on: dt.date) -> dict[str, Scope]:
    """The force, its areas in force on `on`, and its neighbourhoods: four queries."""
    force = Force.objects.filter(slug=force_id).first()
    scopes = [Scope(level="force", slug=force_id, name=force.name if force else force_id)]
    areas = list(PolicingArea.objects.current(on).filter(force__slug=force_id).order_by("name"))
    scopes += [Scope(level="area", slug=a.slug, name=a.name, pk=a.pk) for a in areas]
    area_slug_by_pk = {a.pk: a.slug for a in areas}
    links = Neighbourhood.areas.through.objects.filter(policingarea_id__in=area_slug_by_pk)
    area_of = {link.neighbourhood_id: area_slug_by_pk[link.policingarea_id] for link in links}
    for nb in Neighbourhood.objects.filter(force__slug=force_id).order_by("name").only("pk", "slug", "name"):
        scopes.append(
            Scope(
                level="neighbourhood", slug=nb.slug, name=nb.name, pk=nb.pk, area_slug=area_of.get(nb.pk, "")
            )
        )
    return {s.key: s for s in scopes}


class _Measurer:
    """Calls metrics, remembering each (metric, period, place) so promises sharing a metric share
    the work."""

    def __init__(self, force_id: str) -> None:
        self.force_id = force_id
        self.memo: dict[tuple[str, Period, str], Measurement] = {}

    def result(self, promise: Promise, scope: Scope, on: dt.date) -> Result:
        period = promise.period_ending(on)
        metric = get_metric(promise.metric)
        measurement: Measurement | None = None
        if metric is not None:
            memo_key = (metric.key, period, scope.key)
            if memo_key not in self.memo:
                try:
                    self.memo[memo_key] = metric.compute(scope.neighbourhoods(self.force_id), period)
                except Exception:
                    # One broken measure must not take the public scorecard down; it shows as no data.
                    logger.exception("charter metric %s failed for %s", metric.key, scope.key)
                    self.memo[memo_key] = Measurement(value=None, note="This measure could not be computed.")
            measurement = self.memo[memo_key]
        return Result(
            promise_id=promise.id,
            scope_key=scope.key,
            period=period,
            status=judge(promise, measurement, period),
            measurement=measurement,
        )


def compute_scorecard(charter: Charter, on: dt.date | None = None, force_id: str | None = None) -> Scorecard:
    """Every promise at every place, worked out now (tests, stored snapshots)."""
    on = on or timezone.localdate()
    force_id = force_id or settings.FORCE_ID
    card = Scorecard(
        charter_id=charter.id,
        force_id=force_id,
        as_of=on,
        computed_at=timezone.now(),
        scopes=scopes_for(force_id, on),
        charter=charter,
    )
    card.fill_all()
    return card


def get_scorecard(charter: Charter, force_id: str | None = None) -> Scorecard:
    """The charter's scorecard as of today. Its places are cached for a few minutes, and so is each
    result once some page has asked for it: nothing is worked out until a page needs it."""
    force_id = force_id or settings.FORCE_ID
    on = timezone.localdate()
    key = f"charter:scorecard:v{CACHE_VERSION}:{force_id}:{charter.id}:{on.isoformat()}"
    skeleton: tuple[dict[str, Scope], dt.datetime] | None = cache.get(key)
    if skeleton is None:
        skeleton = (scopes_for(force_id, on), timezone.now())
        cache.set(key, skeleton, cache_seconds())
    scopes, computed_at = skeleton
    return Scorecard(
        charter_id=charter.id,
        force_id=force_id,
        as_of=on,
        computed_at=computed_at,
        scopes=scopes,
        charter=charter,
        cached=True,
    )


def history_points(on: dt.date, months: int = HISTORY_MONTHS) -> list[dt.date]:
    """The last day of each of the last `months` months, oldest first; this month's point is `on`."""
    return [month_end(shift_months(on.replace(day=1), -k)) for k in range(months - 1, 0, -1)] + [on]


def compute_history(
    charter: Charter, scope: Scope, on: dt.date, force_id: str, months: int = HISTORY_MONTHS
) -> History:
    points = history_points(on, months)
    measurer = _Measurer(force_id)
    rows = [
        (promise.id, [measurer.result(promise, scope, point) for point in points])
        for promise in charter.promises
        if promise.applies_at(scope.level) and get_metric(promise.metric) is not None
    ]
    return History(points=points, rows=rows)


def get_history(
    charter: Charter, scope: Scope, force_id: str | None = None, months: int = HISTORY_MONTHS
) -> History:
    force_id = force_id or settings.FORCE_ID
    on = timezone.localdate()
    key = f"charter:history:v{CACHE_VERSION}:{force_id}:{charter.id}:{scope.key}:{on.isoformat()}:{months}"
    history: History | None = cache.get(key)
    if history is None:
        history = compute_history(charter, scope, on, force_id, months)
        cache.set(key, history, cache_seconds())
    return history
