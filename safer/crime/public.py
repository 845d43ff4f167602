"""The public crime section of a neighbourhood page: the last 12 months by category, the published
(anonymised) points of the latest month on a map, and the neighbourhood against its area.

"The last 12 months" is the months imported among the 12 calendar months up to the latest one
(`counts.last_months`), and every figure is labelled with the months it really covers: with two
months imported the page says "January to February 2019 (2 months of data)". Rates per 1,000
residents are for that same period, not annualised (two winter months say little about a year)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Count, Exists, OuterRef, Sum
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from safer.crime import charts
from safer.crime.analysis.counts import last_months, month_name, period_label
from safer.crime.categories import category_name
from safer.crime.models import Crime, CrimeCount
from safer.lib.maps import geojson, layer_bounds, tile_settings
from safer.places.models import Neighbourhood

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def neighbourhood_crime_context(neighbourhood: Neighbourhood) -> dict[str, Any]:
    """Everything `crime/_neighbourhood_crime.html` needs (under the key `crime`)."""
    months = last_months(12)
    if not months:
        return {"crime": {"available": False, "attribution": ATTRIBUTION, "ogl_url": OGL_URL}}
    mine = CrimeCount.objects.filter(neighbourhood=neighbourhood, month__in=months)
    by_category = sorted(
        mine.values_list("category").annotate(n=Sum("crimes")).order_by(),
        key=lambda row: (-row[1], category_name(row[0])),
    )
    rows = [{"slug": slug, "name": category_name(slug), "count": n} for slug, n in by_category]
    total = sum(r["count"] for r in rows)
    period = period_label(months)

    latest = months[-1]
    points = [
        {"lat": lat, "lng": lng, "name": name, "count": n}
        for lat, lng, name, n in Crime.objects.filter(
            neighbourhood=neighbourhood, month=latest, location__isnull=False
        )
        .values_list("location__latitude", "location__longitude", "location__name")
        .annotate(n=Count("id"))
    ]
    points.sort(key=lambda p: (-p["count"], p["name"]))
    map_svg = charts.point_map(
        neighbourhood.boundary,
        points,
        f"Map of crimes in {neighbourhood.name}, {month_name(latest)}",
        f"{sum(p['count'] for p in points)} crimes and anti-social behaviour reports at {len(points)} "
        "approximate locations; the largest circles are the busiest places.",
    )

    boundary = neighbourhood.boundary
    street_layers: list[dict[str, Any]] = []
    if boundary is not None and not boundary.is_empty:
        street_layers.append({"kind": "area", "name": neighbourhood.name, "geometry": geojson(boundary)})
    street_layers.append(
        {"kind": "points", "points": [[p["lat"], p["lng"], p["count"], p["name"]] for p in points]}
    )
    if boundary is not None and not boundary.is_empty:
        bounds = boundary.bounds
    elif points:
        lngs, lats = [p["lng"] for p in points], [p["lat"] for p in points]
        bounds = (min(lngs), min(lats), max(lngs), max(lats))
    else:
        bounds = None
    map_layers = {
        "title": f"Map of crimes in {neighbourhood.name}, {month_name(latest)}",
        "tiles": tile_settings() if bounds else None,
        "bounds": layer_bounds(bounds) if bounds else None,
        "layers": street_layers,
    }

    comparison = _comparison(neighbourhood, months, total, period)
    return {
        "crime": {
            "available": True,
            "period": period,
            "months": months,
            "month_count": len(months),
            "rows": rows,
            "total": total,
            "chart": charts.bar_chart(
                [(r["name"], r["count"]) for r in rows],
                f"Crimes and anti-social behaviour in {neighbourhood.name} by category, {period}",
            ),
            "latest_month": month_name(latest),
            "points": points[:10],
            "point_count": len(points),
            "map": map_svg,
            "map_layers": map_layers,
            "comparison": comparison,
            "attribution": ATTRIBUTION,
            "ogl_url": OGL_URL,
        }
    }


def _comparison(
    neighbourhood: Neighbourhood, months: list[str], total: int, period: str
) -> dict[str, Any] | None:
    """The neighbourhood's crimes per 1,000 residents against its policing area's (needs populations),
    over the same months as the counts (not annualised)."""
    area = neighbourhood.current_area()
    if area is None:
        return None
    members = area.neighbourhoods.all()
    area_counts = CrimeCount.objects.filter(neighbourhood__in=members, month__in=months)
    area_total = area_counts.aggregate(n=Sum("crimes"))["n"] or 0
    population = members.aggregate(p=Sum("population"))["p"] or 0
    known = members.filter(population=0).count() == 0
    out: dict[str, Any] = {
        "area": area.name,
        "neighbourhood_total": total,
        "area_total": area_total,
        "area_neighbourhoods": members.count(),
        "period": period,
        "rates": None,
    }
    if neighbourhood.population and population and known:
        out["rates"] = {
            "neighbourhood": 1000 * total / neighbourhood.population,
            "area": 1000 * area_total / population,
        }
        out["chart"] = charts.bar_chart(
            [
                (neighbourhood.name, round(out["rates"]["neighbourhood"], 1)),
                (area.name, round(out["rates"]["area"], 1)),
            ],
            f"Crimes per 1,000 residents, {period}: {neighbourhood.name} against {area.name}",
            unit=f"per 1,000 residents in {period}",
        )
    return out


CACHE_SECONDS = 600
VERSION_KEY = "crime:public:version"


def crime_flags() -> dict[str, Exists]:
    """An annotation for the page's own Neighbourhood query: has it any crime? (no extra query)."""
    return {"has_crime": Exists(Crime.objects.filter(neighbourhood=OuterRef("pk")))}


def data_changed() -> None:
    """Called after every import: cached sections keyed with the old version are never read again."""
    from django.core.cache import cache

    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def crime_section(neighbourhood: Neighbourhood) -> dict[str, Any]:
    """`neighbourhood_crime_context`, cached per neighbourhood until the next import (or ten minutes),
    so the public page usually costs no query for crime; none at all for a neighbourhood without
    crime when the page's query carries `crime_flags()`."""
    from django.core.cache import cache

    if not getattr(neighbourhood, "has_crime", True):
        return {"crime": {"available": False}, "crime_html": ""}
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
    updated = neighbourhood.boundary_updated_at.timestamp() if neighbourhood.boundary_updated_at else 0
    key = f"crime:public:{version}:{neighbourhood.pk}:{updated}:{neighbourhood.population}"
    section = cache.get(key)
    if section is None:
        context = neighbourhood_crime_context(neighbourhood)
        # The section's chart and point map are hundreds of template nodes: render them once per
        # import rather than on every page view (the neighbourhood page's single largest cost).
        html = render_to_string(
            "crime/_neighbourhood_crime.html", {**context, "neighbourhood": neighbourhood}
        )
        section = {**context, "crime_html": mark_safe(html)}  # noqa: S308 - our own rendered template
        cache.set(key, section, CACHE_SECONDS)
    return dict(section)
