"""The metric registry: every promise in a charter names one of these by key.

It sits at the bottom so that the apps that own the data can register their metrics and the charter,
at the top, can read them, without either importing the other. An app registers its metrics in its
own `metrics.py`, imported from its AppConfig.ready(), with the `metric` decorator:

    @metric("teams.named_team", label="Neighbourhoods with a named inspector, sergeant and PC or PCSO")
    def named_team(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
        ...

A metric is given the neighbourhoods of the level being judged (one neighbourhood, an area's, or
the force's) and the period, and returns a Measurement computed from the platform's own records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Measurement:
    """A metric's value for one place and period. `value` is None when there is nothing to measure
    (for example no records yet), which the scorecard shows as "no data", never as met."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    # A survey measure's answers counted and its 95% interval (Wilson), in the value's unit.
    sample_size: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    # The first day the records behind the figure cover. When it is after the period's start the
    # data does not cover the period, and the scorecard says "no data" rather than "met".
    data_since: dt.date | None = None
    # True when a survey measure had answers, but fewer than the minimum to publish a figure.
    too_few: bool = False

    def covers(self, period: Period) -> bool:
        return self.data_since is None or self.data_since <= period.start

    @classmethod
    def share(
        cls, numerator: float, denominator: float, note: str = "", data_since: dt.date | None = None
    ) -> Measurement:
        """numerator/denominator as a percentage (None if the denominator is 0)."""
        value = 100.0 * numerator / denominator if denominator else None
        return cls(
            value=value, numerator=numerator, denominator=denominator, note=note, data_since=data_since
        )


# Given a QuerySet of places.Neighbourhood; typed loosely so that lib imports no app.
MetricFunc = Callable[[QuerySet[Any], Period], Measurement]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "%", "per 1,000", "hours", "count", ...
    higher_is_better: bool
    compute: MetricFunc
    method: str = ""  # how it is computed, in words: the query described for a reader


REGISTRY: dict[str, Metric] = {}


def metric(
    key: str, *, label: str, unit: str = "%", higher_is_better: bool = True, method: str = ""
) -> Callable[[MetricFunc], MetricFunc]:
    """Register a measure. `method` says in words how it is computed (which records, which are
    counted); without it the function's docstring is used, so every measure has one to show."""

    def register(func: MetricFunc) -> MetricFunc:
        if key in REGISTRY and REGISTRY[key].compute is not func:
            raise ValueError(f"metric {key!r} is registered twice")
        words = method or " ".join((func.__doc__ or "").split())
        REGISTRY[key] = Metric(
            key=key, label=label, unit=unit, higher_is_better=higher_is_better, compute=func, method=words
        )
        return func

    return register


def get_metric(key: str) -> Metric | None:
    return REGISTRY.get(key)
