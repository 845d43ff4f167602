"""Community's part of "today" (safer/lib/today.py): for road-safety staff, the Speed Watch sessions
whose keepers' letters are still to prepare or print, with the date the COMMUNITY_CSW_LETTER_DAYS
limit runs out; for the neighbourhood team, residents' requests to start a watch scheme.

A coordinator's message to their scheme's members is an alert (target: the scheme's group) and
waits in alerts' own "today" section for a sergeant's approval, so it is not listed again here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.community.models import (
    LetterStatus,
    Reading,
    RequestStatus,
    SchemeRequest,
    Site,
    SpeedWatchSession,
    threshold_for,
)
from safer.lib.today import LIMIT, Item, Section, section


def _threshold() -> Coalesce:
    """Site.threshold in SQL: the override, or the force's threshold for the limit."""
    limits = [limit for limit, _ in Site._meta.get_field("speed_limit").choices or []]
    by_limit = Case(
        *[When(session__site__speed_limit=limit, then=Value(threshold_for(int(limit)))) for limit in limits],
        output_field=IntegerField(),
    )
    return Coalesce("session__site__threshold_override", by_limit, output_field=IntegerField())


def letters_waiting(user: Any) -> Any:
    """Readings in scope that still owe a letter: at or above the threshold with no letter yet, or
    with a letter not yet in a printed batch (a keeper the DVLA could not find owes nothing)."""
    readings = Reading.objects.annotate(threshold=_threshold()).filter(
        Q(letter__isnull=True, speed_mph__gte=F("threshold"))
        | (Q(letter__isnull=False, letter__batch__isnull=True) & ~Q(letter__status=LetterStatus.NO_KEEPER))
    )
    return scopes.in_scope(user, readings, "session__site__group__neighbourhood")


def _letters(user: Any, today: dt.date, counting: bool) -> Section:
    per_session = dict(
        letters_waiting(user)
        .order_by()
        .values_list("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )
    sessions = (
        list(
            SpeedWatchSession.objects.filter(pk__in=list(per_session))
            .select_related("site")
            .order_by("date", "pk")[:LIMIT]
        )
        if not counting
        else []
    )
    items = []
    for s in sessions:
        due = s.letters_due_by
        items.append(
            Item(
                title=f"{s.site.name}, {s.date:%-d %B}: {per_session[s.pk]} letters",
                url=reverse("community:csw-letters"),
                action="Prepare and print",
                when=due,
                when_label="Send by",
                overdue=due < today,
            )
        )
    return Section(
        key="csw-letters",
        heading=f"Speed Watch letters to send within {settings.COMMUNITY_CSW_LETTER_DAYS} days",
        items=items,
        total=len(per_session),
        more_url=reverse("community:csw-letters"),
        empty="No Speed Watch letters are waiting.",
    )


def _requests(user: Any) -> Section:
    waiting = scopes.in_scope(
        user, SchemeRequest.objects.filter(status=RequestStatus.WAITING), "neighbourhood"
    ).select_related("neighbourhood")
    return section(
        "scheme-requests",
        "Requests to start a watch scheme",
        waiting.order_by("created_at", "pk"),
        lambda r: Item(
            title=f"{r.name}, {r.neighbourhood.name}",
            url=reverse("community:scheme-request", args=[r.pk]),
            action="Approve or decline",
            text=r.get_type_display(),
            when=r.created_at,
            when_label="Asked",
        ),
        more_url=reverse("community:staff-schemes"),
        empty="No requests to start a watch scheme are waiting.",
    )


def sections(user: Any, now: dt.datetime, *, counting: bool = False) -> list[Section]:
    found: list[Section] = []
    if scopes.has_role(user, scopes.CSW_LETTER_STAFF):
        found.append(_letters(user, timezone.localdate(now), counting))
    if scopes.has_role(user, scopes.SCHEME_MANAGERS):
        found.append(_requests(user))
    return found
