"""Start a plan from an analysis result: read the result named in the query string (a hot spot cell,
a repeat location, a near-repeat series, a ranked parish concern, a neighbourhood priority) into the
new plan's initial area, months, title and links. Every id is checked against the user's scope;
anything unreadable gives no initial values and an error message, never a 500."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import QueryDict

from safer.accounts.scopes import in_scope, neighbourhoods_in_scope
from safer.crime.analysis.counts import available_months
from safer.crime.bulk import to_bng
from safer.crime.models import CrimeLocation
from safer.lib import linkables
from safer.lib.params import whole_number
from safer.places.models import Neighbourhood, Parish
from safer.problems.models import PreventionAction
from safer.problems.plan_forms import MONTH as MONTH_RE

User = AbstractBaseUser | AnonymousUser


@dataclass
class Start:
    source: str = "officer"
    initial: dict[str, Any] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)
    error: str = ""


def _months(q: QueryDict) -> tuple[str, str]:
    months = available_months()
    last = months[-1] if months else ""
    first = months[max(0, len(months) - 12)] if months else ""
    a, b = q.get("first", ""), q.get("last", "")
    if MONTH_RE.match(a) and MONTH_RE.match(b) and a <= b:
        return a, b
    return first, last


def _float(q: QueryDict, name: str, low: float, high: float) -> float | None:
    try:
        value = float(q.get(name, ""))
    except ValueError:
        return None
    return value if low <= value <= high and math.isfinite(value) else None


def _nearest_place(user: User, e: float, n: float, radius: float) -> CrimeLocation | None:
    near = in_scope(
        user,
        CrimeLocation.objects.filter(
            easting__gte=e - radius,
            easting__lte=e + radius,
            northing__gte=n - radius,
            northing__lte=n + radius,
        ),
    ).exclude(easting=None)
    rows = list(near.values_list("pk", "easting", "northing")[:2000])
    if not rows:
        return None
    d = np.hypot(np.array([r[1] for r in rows]) - e, np.array([r[2] for r in rows]) - n)
    return CrimeLocation.objects.select_related("neighbourhood").get(pk=rows[int(np.argmin(d))][0])


def from_query(user: User, q: QueryDict) -> Start:
    source = q.get("source", "")
    first, last = _months(q)
    base = {"first_month": first, "last_month": last, "category": q.get("category", "")[:40]}
    if source == "hotspot":
        e, n = _float(q, "e", 0, 700_000), _float(q, "n", 0, 1_300_000)
        cell = _float(q, "cell", 25, 5000)
        if e is None or n is None or cell is None:
            return Start(error="That hot spot cell could not be read.")
        place = _nearest_place(user, e, n, cell)
        if place is None:
            return Start(error="That hot spot is not in a neighbourhood you can see.")
        street = place.name.removeprefix("On or near ")
        label = f"{cell:g} m cell near {street} ({first} to {last})"
        return Start(
            "hotspot",
            {
                **base,
                "easting": round(e),
                "northing": round(n),
                "radius_m": math.ceil(cell / math.sqrt(2)),
                "neighbourhood": place.neighbourhood_id,
                "title": f"Hot spot near {street}",
            },
            {"cell_m": cell, "easting": e, "northing": n, "first": first, "last": last},
            [("hotspot", "", label, f"/crime/hot-spots/?start={first}&end={last}&cell={int(cell)}")],
        )
    if source == "repeat_location":
        pk = whole_number(q.get("location", ""))
        place = (
            in_scope(user, CrimeLocation.objects.exclude(easting=None)).filter(pk=pk).first() if pk else None
        )
        if place is None:
            return Start(error="That repeat location is not one you can see.")
        street = place.name.removeprefix("On or near ")
        return Start(
            "repeat_location",
            {
                **base,
                "easting": round(place.easting or 0),
                "northing": round(place.northing or 0),
                "radius_m": 50,
                "neighbourhood": place.neighbourhood_id,
                "title": f"Repeat location: {street}",
            },
            {"location": place.pk},
            [("repeat_location", str(place.pk), place.name, "/crime/repeat-locations/")],
        )
    if source == "near_repeat":
        pk = whole_number(q.get("response", ""))
        action = (
            PreventionAction.objects.filter(trigger__neighbourhood__in=neighbourhoods_in_scope(user), pk=pk)
            .select_related("trigger")
            .first()
            if pk
            else None
        )
        if action is None:
            return Start(error="That near-repeat series is not one you can see.")
        t = action.trigger
        month = t.occurred_at.strftime("%Y-%m")
        return Start(
            "near_repeat",
            {
                **base,
                "easting": round(t.easting),
                "northing": round(t.northing),
                "radius_m": action.radius_m,
                "neighbourhood": t.neighbourhood_id,
                "title": f"Near-repeat series after {t.reference}",
                "first_month": month,
                "last_month": max(month, last),
                "category": "",
            },
            {"response": action.pk, "trigger": t.reference},
            [
                (
                    "near_repeat",
                    str(action.pk),
                    f"Near-repeat response to {t.reference}",
                    f"/problems/prevention/{action.pk}/",
                )
            ],
        )
    if source == "concern":
        pk = whole_number(q.get("parish", ""))
        parish = (
            Parish.objects.filter(neighbourhood__in=neighbourhoods_in_scope(user), pk=pk)
            .select_related("neighbourhood")
            .first()
            if pk
            else None
        )
        nb = parish.neighbourhood if parish else None
        if parish is None or nb is None or nb.centre_lat is None or nb.centre_lng is None:
            return Start(error="That parish concern is not one you can see.")
        concern = q.get("concern", "")[:100] or "a local concern"
        e, n = _centre(nb)
        where, detail = _ranked(q, parish.name)
        return Start(
            "concern",
            {
                **base,
                "easting": e,
                "northing": n,
                "radius_m": 1000,
                "neighbourhood": nb.pk,
                "parish": parish.pk,
                "title": f"{concern.capitalize()} in {parish.name}",
            },
            {"parish": parish.pk, "concern": concern, **detail},
            [("concern", str(parish.pk), f"{concern} ({where})", "")],
        )
    if source == "priority":
        return _from_priority(user, q, base)
    return Start(initial=base)


def _centre(nb: Neighbourhood) -> tuple[int, int]:
    ex, ny = to_bng([nb.centre_lat], [nb.centre_lng])
    return round(float(ex[0])), round(float(ny[0]))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ranked(q: QueryDict, parish: str) -> tuple[str, dict[str, int]]:
    """Where a concern ranked in its parish ("ranked 1st of 4 in Ledbury"), when the link said so;
    a rank that cannot be read is left out rather than refusing the plan."""
    rank = whole_number(q.get("rank", ""), low=1, high=100)
    of = whole_number(q.get("of", ""), low=1, high=100)
    if rank is None:
        return f"ranked concern in {parish}", {}
    if of is None or of < rank:
        return f"ranked {ordinal(rank)} in {parish}", {"rank": rank}
    return f"ranked {ordinal(rank)} of {of} in {parish}", {"rank": rank, "of": of}


def _from_priority(user: User, q: QueryDict, base: dict[str, Any]) -> Start:
    """A neighbourhood priority (engagement's, read through the registry, in the user's scope): the
    neighbourhood's centre, 1 km round it, titled after the priority and linked to it."""
    found = linkables.find_one("priority", user, q.get("priority", "")[:20])
    nb = (
        neighbourhoods_in_scope(user).filter(pk=found.neighbourhood_id).first() if found is not None else None
    )
    if found is None or nb is None or nb.centre_lat is None or nb.centre_lng is None:
        return Start(error="That priority is not an open priority you can see.")
    e, n = _centre(nb)
    return Start(
        "priority",
        {
            **base,
            "easting": e,
            "northing": n,
            "radius_m": 1000,
            "neighbourhood": nb.pk,
            "title": f"Priority: {found.label}"[:150],
        },
        {"priority": found.ref},
        [("priority", found.ref, found.label, found.url)],
    )
