"""Writes that go beyond one row: near-repeat prevention responses and their visits. Each checks
the doer's role and scope (accounts.scopes), is one transaction and leaves an audit record."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.alerts.actions import Draft, ScopeError, save_draft
from safer.alerts.models import Kind, Target, Urgency
from safer.crime.bulk import from_bng, to_bng
from safer.crime.models import CrimeLocation, Incident
from safer.places.models import Postcode, format_postcode
from safer.problems.models import PreventionAction, PreventionVisit

log = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser

DEFAULT_RADIUS_M = 400  # Bowers, Johnson & Pease 2004: elevated risk within 400 m ...
DEFAULT_WINDOW_DAYS = 28  # ... for up to two months, highest in the first weeks
MAX_STREETS = 40


def _staff(user: User) -> Any:
    """The signed-in account to record as the doer (None for anonymous, which views never allow)."""
    return user if user.is_authenticated else None


@dataclass(frozen=True)
class Zone:
    streets: list[dict[str, Any]]
    postcodes: list[str]


def zone_around(incident: Incident, radius_m: int) -> Zone:
    """The streets (police.uk snap points, by name) and postcodes within `radius_m` of the incident."""
    e, n = float(incident.easting), float(incident.northing)
    streets: dict[str, dict[str, Any]] = {}
    for pk, name, ee, nn in CrimeLocation.objects.filter(
        easting__gte=e - radius_m,
        easting__lte=e + radius_m,
        northing__gte=n - radius_m,
        northing__lte=n + radius_m,
    ).values_list("id", "name", "easting", "northing"):
        if ee is None or nn is None:
            continue
        d = float(np.hypot(ee - e, nn - n))
        if (
            d <= radius_m
            and name.startswith("On or near ")
            and (name not in streets or d < streets[name]["distance_m"])
        ):
            streets[name] = {"id": pk, "name": name.removeprefix("On or near "), "distance_m": round(d)}
    postcodes: list[tuple[float, str]] = []
    lat, lng = incident.latitude, incident.longitude
    dlat = radius_m / 111_000
    dlng = dlat / max(np.cos(np.radians(lat)), 1e-6)
    rows = list(
        Postcode.objects.filter(
            latitude__gte=lat - dlat,
            latitude__lte=lat + dlat,
            longitude__gte=lng - dlng,
            longitude__lte=lng + dlng,
        ).values_list("postcode", "latitude", "longitude")
    )
    if rows:
        pe, pn = to_bng([r[1] for r in rows], [r[2] for r in rows])
        dist = np.hypot(pe - e, pn - n)
        postcodes = sorted(
            (float(d), format_postcode(r[0])) for r, d in zip(rows, dist, strict=True) if d <= radius_m
        )
    ordered = sorted(streets.values(), key=lambda s: s["distance_m"])[:MAX_STREETS]
    return Zone(streets=ordered, postcodes=[p for _, p in postcodes])


def draft_message(incident: Incident, zone: Zone, window_days: int) -> tuple[str, str]:
    """A prevention message for people living near a burglary: no address, no victim detail."""
    near = ", ".join(s["name"] for s in zone.streets[:3])
    title = "Burglary nearby: please check your doors, windows and sheds"
    body = (
        f"There has been a burglary near{(' ' + near) if near else ' you'}. Homes close to a burglary are at "
        f"higher risk for the next few weeks, so for the next {window_days} days please:\n"
        "- lock doors and windows, even when you are at home or in the garden;\n"
        "- keep keys, bags and valuables out of sight and away from the letterbox;\n"
        "- lock sheds and garages, and mark tools and bikes;\n"
        "- leave a light on a timer if you go out after dark.\n"
        "Officers may call to offer advice. If you see anything suspicious, call 101, or 999 if a crime is "
        "happening now."
    )
    return title, body


def _circle(incident: Incident, radius_m: int) -> shapely.Geometry:
    ring = shapely.Point(incident.easting, incident.northing).buffer(radius_m, quad_segs=16).exterior.coords
    lat, lng = from_bng([c[0] for c in ring], [c[1] for c in ring])
    return shapely.Polygon(list(zip(lng.tolist(), lat.tolist(), strict=True)))


def _draft_alert(user: User, incident: Incident, radius_m: int, title: str, body: str) -> int | None:
    """Draft the message in the messaging app to subscribers inside the zone. Staff then check and
    send it there, with its approval rules. None if it could not be drafted (outside the author's
    scope)."""
    try:
        message = save_draft(
            user,  # type: ignore[arg-type]
            Draft(
                title=title[:120],
                body=body,
                kind=Kind.INFORMATION,
                urgency=Urgency.NORMAL,
                target=Target.CIRCLE,
                geometry_wkb=shapely.to_wkb(_circle(incident, radius_m)),
            ),
        )
    except ScopeError as error:
        log.info("near-repeat message not drafted in messaging: %s", error)
        return None
    return int(message.pk)


def plan_near_repeat_response(
    user: User, incident: Incident, radius_m: int = DEFAULT_RADIUS_M, window_days: int = DEFAULT_WINDOW_DAYS
) -> PreventionAction:
    """Zone, visit list, due date and drafted message for one burglary, recorded for evaluation."""
    scopes.check_in_scope(user, scopes.PREVENTION_PLANNERS, incident)
    zone = zone_around(incident, radius_m)
    title, body = draft_message(incident, zone, window_days)
    with transaction.atomic():
        action = PreventionAction.objects.create(
            trigger=incident,
            radius_m=radius_m,
            window_days=window_days,
            visit_by=timezone.localdate() + dt.timedelta(days=1),
            streets=zone.streets,
            postcodes=zone.postcodes,
            message_subject=title,
            message_body=body,
            created_by=_staff(user),
        )
        action.alert_message_id = _draft_alert(user, incident, radius_m, title, body)
        action.save(update_fields=["alert_message_id"])
        audit.record(user, "crime.near_repeat.planned", action, {"trigger": [None, incident.reference]})
    return action


def record_visit(
    user: User, action: PreventionAction, target: str, households: int, delivered: str, visited_on: dt.date
) -> PreventionVisit:
    scopes.check_in_scope(user, scopes.PREVENTION_PLANNERS, action.trigger)
    with transaction.atomic():
        visit = PreventionVisit.objects.create(
            action=action,
            target=target,
            households=households,
            delivered=delivered,
            visited_on=visited_on,
            visited_by=_staff(user),
        )
        if action.status == PreventionAction.Status.PLANNED:
            action.status = PreventionAction.Status.UNDER_WAY
            action.save(update_fields=["status"])
        audit.record(user, "crime.near_repeat.visit", visit, {"households": [None, str(households)]})
    return visit


def later_incidents(action: PreventionAction) -> list[Incident]:
    """Burglaries inside the zone after the trigger and within the window: the count to evaluate by."""
    t = action.trigger
    r = action.radius_m
    near = Incident.objects.filter(
        category__startswith="burglary",
        occurred_at__gt=t.occurred_at,
        occurred_at__lte=t.occurred_at + dt.timedelta(days=action.window_days),
        easting__gte=t.easting - r,
        easting__lte=t.easting + r,
        northing__gte=t.northing - r,
        northing__lte=t.northing + r,
    ).exclude(pk=t.pk)
    return [i for i in near if np.hypot(i.easting - t.easting, i.northing - t.northing) <= r]
