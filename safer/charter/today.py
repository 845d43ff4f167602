"""The charter's part of "today" (safer/lib/today.py): for inspectors, the promises in their area
that slipped this month — met at the end of last month, not met now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from safer.accounts import scopes
from safer.accounts.models import ScopeLevel
from safer.charter.loader import charters_for_force
from safer.charter.scorecard import MET, NOT_MET, Scope, get_history, get_scorecard
from safer.lib.today import LIMIT, Item, Section, shorten

MAX_PLACES = 6


def _places(user: Any, card: Any) -> list[Scope]:
    profile = scopes.profile(user)
    if profile is None:
        return []
    if profile.scope_level == ScopeLevel.FORCE or scopes.has_role(user, scopes.ADMINISTRATORS):
        return [card.force]
    if profile.scope_level == ScopeLevel.AREAS:
        found = [card.scope("area", a.slug) for a in profile.areas.all()[:MAX_PLACES]]
    else:
        found = [card.scope("neighbourhood", n.slug) for n in profile.neighbourhoods.all()[:MAX_PLACES]]
    return [s for s in found if s is not None]


def _url(charter_id: str, place: Scope) -> str:
    if place.level == "area":
        return reverse("charter:area", args=[charter_id, place.slug])
    if place.level == "neighbourhood":
        return reverse("charter:neighbourhood", args=[charter_id, place.slug])
    return reverse("charter:charter", args=[charter_id])


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    if counting or not scopes.has_role(user, scopes.AREA_LEADS):
        return []
    items: list[Item] = []
    for charter in charters_for_force():
        card = get_scorecard(charter)
        promises = {p.id: p for p in charter.promises}
        for place in _places(user, card):
            # Two points are all "slipped" needs: the end of last month and today.
            history = get_history(charter, place, months=2)
            for promise_id, results in history.rows:
                if len(results) >= 2 and results[-1].status == NOT_MET and results[-2].status == MET:
                    items.append(
                        Item(
                            title=f"{place.name}: {shorten(promises[promise_id].text, 120)}",
                            url=_url(charter.id, place),
                            action="See the scorecard",
                            text=f"Met at the end of last month; not met now ({charter.title}).",
                            overdue=True,
                        )
                    )
    return [
        Section(
            key="charter-slipped",
            heading="Charter promises that slipped this month",
            items=items[:LIMIT],
            total=len(items),
            more_url=reverse("charter:index"),
            empty="No charter promise in your area slipped this month.",
            counted=False,
        )
    ]
