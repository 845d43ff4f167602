"""The force and neighbourhood methods of the data.police.uk API, as plain Django views.

Each view runs one or two queries; the shapes are in serialisers.py and the shared JSON helpers
(content type, errors, caching headers) in safer/lib/api.py, lookups in safer/places/lookups.py.
"""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse

from safer.lib.api import (
    ApiError,
    api_view,
    json_response,
    not_found,
)
from safer.places.locate import neighbourhood_for_point
from safer.places.lookups import get_force, get_neighbourhood
from safer.places.models import Force
from safer.policeuk import serialisers
from safer.teams.models import Person, Rank, team_for

# "Senior officers" on police.uk are a force's chief officers. We hold people as members of
# neighbourhood teams, so the force's senior officers are everyone at these ranks in any of its teams.
SENIOR_RANKS = [Rank.INSPECTOR]


@api_view()
def forces(request: HttpRequest) -> HttpResponse:
    return json_response([serialisers.force_reference(f) for f in Force.objects.order_by("slug")])


@api_view()
def force(request: HttpRequest, force: str) -> HttpResponse:
    return json_response(serialisers.force_detail(get_force(force)))


@api_view()
def senior_officers(request: HttpRequest, force: str) -> HttpResponse:
    the_force = get_force(force)
    people = (
        Person.objects.filter(rank__in=SENIOR_RANKS, memberships__neighbourhood__force=the_force)
        .distinct()
        .order_by("family_name", "given_name", "pk")
    )
    return json_response([serialisers.person(p) for p in people])


@api_view()
def neighbourhoods(request: HttpRequest, force: str) -> HttpResponse:
    the_force = get_force(force)
    items = the_force.neighbourhoods.order_by("name", "code").values_list("code", "name")
    return json_response([{"id": code, "name": name} for code, name in items])


@api_view()
def neighbourhood(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    nb = get_neighbourhood(force, neighbourhood)
    # The team's police stations (the engagement app's, through the reverse relation): one query.
    stations = nb.stations.order_by("name", "pk")
    return json_response(serialisers.neighbourhood_detail(nb, stations))


@api_view()
def boundary(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    return json_response(serialisers.boundary(get_neighbourhood(force, neighbourhood)))


@api_view()
def team(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    nb = get_neighbourhood(force, neighbourhood)
    return json_response([serialisers.person(m.person) for m in team_for(nb)])


@api_view()
def locate_neighbourhood(request: HttpRequest) -> HttpResponse:
    lat, lng = parse_point(request.GET.get("q", ""))
    nb = neighbourhood_for_point(lat, lng)
    if nb is None:
        return not_found("No neighbourhood contains that point.")
    return json_response({"force": nb.force.slug, "neighbourhood": nb.code})


def parse_point(q: str) -> tuple[float, float]:
    """`q=lat,lng` as police.uk takes it, or `ApiError(400)`."""
    parts = q.split(",")
    if len(parts) != 2:
        raise ApiError(400, "q must be latitude,longitude, e.g. q=52.1936,-2.2216.")
    try:
        lat, lng = float(parts[0].strip()), float(parts[1].strip())
    except ValueError:
        raise ApiError(400, "q must be latitude,longitude in decimal degrees.")
    if not (math.isfinite(lat) and math.isfinite(lng)) or abs(lat) > 90 or abs(lng) > 180:
        raise ApiError(400, "Latitude must be within ±90 and longitude within ±180.")
    return lat, lng
