"""Public pages: the home page, "find your team", neighbourhood (team) pages and area pages.

Every page here works without JavaScript; the only script is the "Use my location" button, which
is added by progressive enhancement (static/web/locate.js).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from safer.crime.public import crime_flags, crime_section
from safer.engagement.summary import neighbourhood_summary, summary_flags
from safer.lib.page_cache import cached_public_page
from safer.places import locate
from safer.places.models import Neighbourhood, Place, PolicingArea
from safer.problems.public import public_summaries
from safer.teams.models import Membership, Person, Rank
from safer.web import notices
from safer.web.forms import MAX_QUERY_LENGTH, FindForm, parse_point
from safer.web.maps import cached_map
from safer.web.presenters import team_of

NOT_FOUND = "We could not find that postcode, town or village. Check it and try again."
NOT_COVERED = "That location is not in an area we cover. Enter a postcode, town or village instead."
BAD_LOCATION = "We could not use that location. Enter a postcode, town or village instead."


def _areas() -> Any:
    return PolicingArea.objects.filter(force__slug=settings.FORCE_ID)


@cached_public_page
def home(request: HttpRequest) -> HttpResponse:
    areas = _areas().current().order_by("name")
    return render(request, "web/home.html", {"areas": areas})


def _find_error(request: HttpRequest, message: str, value: str = "") -> HttpResponse:
    """The search form again with a GOV.UK error summary. 200, so the page is simply usable."""
    context = {"error": message, "value": value, "candidates": []}
    return render(request, "web/find.html", context)


def find(request: HttpRequest) -> HttpResponse:
    """One box for everything: a postcode, "lat,lng", ?lat=&lng= (from "Use my location") or a place."""
    if "lat" in request.GET or "lng" in request.GET:
        point = parse_point(request.GET.get("lat"), request.GET.get("lng"))
        if point is None:
            return _find_error(request, BAD_LOCATION)
        found = locate.neighbourhood_for_point(*point)
        if found is None:
            return _find_error(request, NOT_COVERED)
        return redirect(found)

    form = FindForm(request.GET)
    value = request.GET.get("q", "")[: MAX_QUERY_LENGTH * 2]
    if not form.is_valid():
        return _find_error(request, str(form.errors["q"][0]), value)
    result = locate.find(form.cleaned_data["q"])
    if result.neighbourhood is not None:
        return redirect(result.neighbourhood)
    if result.candidates:
        choices = [_choice(p) for p in result.candidates]
        return render(request, "web/find.html", {"value": value, "candidates": choices})
    return _find_error(request, result.error or NOT_FOUND, value)


def _choice(place: Place) -> dict[str, Any]:
    """A link for one of several matching places: straight to its team when known."""
    if place.neighbourhood_id is not None and place.neighbourhood is not None:
        url = place.neighbourhood.get_absolute_url()
        team = place.neighbourhood.name
    else:
        url = f"{reverse('web:find')}?lat={place.latitude:.5f}&lng={place.longitude:.5f}"
        team = ""
    return {"name": place.name, "county": place.county, "url": url, "team": team}


@cached_public_page
def neighbourhood(request: HttpRequest, slug: str) -> HttpResponse:
    nb = get_object_or_404(
        Neighbourhood.objects.select_related("force")
        .prefetch_related("areas")
        .annotate(**summary_flags(), **crime_flags()),
        force__slug=settings.FORCE_ID,
        slug=slug,
    )
    now = timezone.now()
    context = {
        "neighbourhood": nb,
        "area": nb.current_area(timezone.localdate(now)),
        "team": team_of(nb, now),
        "parishes": list(nb.parishes.all()),
        "map": cached_map(nb),
        "api_base": f"/api/{nb.force.slug}/{nb.code}",
        # Upcoming events, "you said, we did" and station status: cached, usually no query.
        **neighbourhood_summary(nb),
        # The public crime section (last 12 months, published points, against the area): cached,
        # and no query at all for a team with no crime (the has_crime flag above).
        **crime_section(nb),
        # Problem-solving plans closed with a public summary an inspector approved.
        **public_summaries(nb),
    }
    return render(request, "web/neighbourhood.html", context)


@cached_public_page
def neighbourhood_crime(request: HttpRequest, slug: str) -> HttpResponse:
    """A team's crime and anti-social behaviour, on a page of its own so the team page stays short."""
    nb = get_object_or_404(
        Neighbourhood.objects.select_related("force").annotate(**crime_flags()),
        force__slug=settings.FORCE_ID,
        slug=slug,
    )
    return render(request, "web/neighbourhood_crime.html", {"neighbourhood": nb, **crime_section(nb)})


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@cached_public_page
def area(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(_areas().select_related("force"), slug=slug)
    today = timezone.localdate()
    neighbourhoods = list(place.neighbourhoods.order_by("name"))
    in_area = Membership.objects.filter(neighbourhood__areas=place, role=Rank.INSPECTOR)
    inspectors = (
        Person.objects.filter(memberships__in=in_area)
        .distinct()
        .order_by("family_name", "given_name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=in_area.select_related("neighbourhood").order_by("neighbourhood__name"),
                to_attr="area_memberships",
            )
        )
    )
    context: dict[str, Any] = {
        "area": place,
        "is_current": place.is_current(today),
        "is_future": place.effective_from > today,
        "neighbourhoods": neighbourhoods,
        # Today's inspectors only mean something for an area in use today.
        "inspectors": list(inspectors) if place.is_current(today) else [],
        "successors": [],
        "predecessors": [],
    }
    shared = Q(neighbourhoods__in=neighbourhoods)
    if place.effective_to is not None:
        context["replaced_on"] = place.effective_to + dt.timedelta(days=1)
        later = _areas().filter(effective_from__gt=place.effective_to)
        successors = list(later.filter(shared).distinct()) or list(
            later.filter(effective_from=context["replaced_on"])
        )
        context["successors"] = successors
        context["successor_names"] = _join([a.name for a in successors]) if successors else ""
    context["predecessors"] = list(
        _areas().filter(effective_to__lt=place.effective_from).filter(shared).distinct().order_by("name")
    )
    return render(request, "web/area.html", context)


@cached_public_page
def areas(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    counted = _areas().annotate(team_count=Count("neighbourhoods")).order_by("name")
    current = [a for a in counted if a.is_current(today)]
    former = [a for a in counted if a.effective_to is not None and a.effective_to < today]
    return render(request, "web/areas.html", {"current": current, "former": former})


def _statement_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@cached_public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, in the format the 2018 regulations' model statement sets."""
    context = {
        "contact_email": settings.ACCESSIBILITY_EMAIL,
        "prepared": _statement_date(settings.ACCESSIBILITY_STATEMENT_PREPARED),
        "reviewed": _statement_date(settings.ACCESSIBILITY_STATEMENT_REVIEWED),
        "axe_version": notices.axe_version(),
    }
    return render(request, "web/accessibility.html", context)


@cached_public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice, worked out from what the platform holds and its retention settings."""
    context = {"contact_email": settings.DATA_PROTECTION_EMAIL, **notices.privacy_context()}
    return render(request, "web/privacy.html", context)
