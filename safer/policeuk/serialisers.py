"""Our models in data.police.uk's JSON shapes: exact key names, key order as in the docs examples,
numbers as strings, and every key present (null when unknown)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import NoReverseMatch

from safer.lib import phones
from safer.lib.api import contact_details, coord, or_null
from safer.places.models import Force, Neighbourhood
from safer.teams.models import Person, Rank

if TYPE_CHECKING:
    from safer.engagement.models import Station

# police.uk writes ranks as short free text ("Sgt", "PC", "PCSO"); ours are choices.
RANK_TEXT: dict[str, str] = {
    Rank.INSPECTOR: "Inspector",
    Rank.SERGEANT: "Sgt",
    Rank.PC: "PC",
    Rank.PCSO: "PCSO",
    Rank.SPECIAL: "Special Constable",
    Rank.CADET: "Police Cadet",
    Rank.VOLUNTEER: "Police Support Volunteer",
    Rank.STAFF: "Police Staff",
}

CENTRE_DP = 6
BOUNDARY_DP = 10


def force_reference(force: Force) -> dict[str, Any]:
    return {"id": force.slug, "name": force.name}


def force_detail(force: Force) -> dict[str, Any]:
    methods = force.engagement_methods if isinstance(force.engagement_methods, list) else []
    return {
        "description": or_null(force.description),
        "url": or_null(force.url),
        "engagement_methods": [engagement_method(m) for m in methods if isinstance(m, dict)],
        "telephone": or_null(force.telephone),
        "id": force.slug,
        "name": force.name,
    }


def engagement_method(method: dict[str, Any]) -> dict[str, Any]:
    # police.uk sends "" for a method with no address (e.g. the telephone entry), not null.
    return {
        "url": method.get("url") or "",
        "description": method.get("description") or None,
        "title": method.get("title") or None,
    }


def person(p: Person) -> dict[str, Any]:
    return {
        "bio": or_null(p.biography),
        "contact_details": contact_details(email=p.work_email, mobile=phones.national(p.work_mobile)),
        "name": p.full_name,
        "rank": RANK_TEXT.get(p.rank, p.get_rank_display()) if p.rank else None,
    }


# A UK postcode at the end of an address ("..., Worcester, WR3 8SP"), which police.uk also gives apart.
TRAILING_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\s*$", re.IGNORECASE)


def location(station: Station) -> dict[str, Any]:
    """A police station as a police.uk neighbourhood `locations` item; null where we do not know."""
    found = TRAILING_POSTCODE.search(station.address)
    return {
        "name": station.name,
        "longitude": coord(station.longitude, CENTRE_DP),
        "postcode": found.group(1).upper() if found else None,
        "address": or_null(station.address),
        "latitude": coord(station.latitude, CENTRE_DP),
        "type": "station",
        "description": None,
    }


def neighbourhood_detail(nb: Neighbourhood, stations: Iterable[Station] = ()) -> dict[str, Any]:
    return {
        "url_force": nb.url_force or team_page_url(nb),
        "contact_details": contact_details(email=nb.email, telephone=nb.telephone),
        "name": nb.name,
        # We keep no partner links per neighbourhood yet: police.uk's empty form.
        "links": [],
        "centre": {"latitude": coord(nb.centre_lat, CENTRE_DP), "longitude": coord(nb.centre_lng, CENTRE_DP)},
        "locations": [location(s) for s in stations],
        "description": or_null(nb.description),
        "id": nb.code,
        "population": str(nb.population or 0),
    }


def team_page_url(nb: Neighbourhood) -> str | None:
    """Our own public team page stands in for the force's page when none is recorded."""
    try:
        return settings.SITE_URL.rstrip("/") + nb.get_absolute_url()
    except NoReverseMatch:
        return None


def boundary(nb: Neighbourhood) -> list[dict[str, str | None]]:
    """The perimeter as police.uk gives it: one list of points, each ring closed (last point = first).

    A boundary in several parts (a MultiPolygon) lists each part's outer ring in turn, largest first,
    since the format has no way to separate them; holes are left out for the same reason.
    """
    geometry = nb.boundary
    if geometry is None or geometry.is_empty:
        return []
    parts = list(getattr(geometry, "geoms", [geometry]))
    parts = sorted((p for p in parts if p.geom_type == "Polygon"), key=lambda p: -p.area)
    points: list[dict[str, str | None]] = []
    for part in parts:
        for lng, lat in part.exterior.coords:
            points.append({"latitude": coord(lat, BOUNDARY_DP), "longitude": coord(lng, BOUNDARY_DP)})
    return points
