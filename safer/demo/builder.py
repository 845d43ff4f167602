"""Build the seeded demo data set: the same data on every run, and one copy however often it runs.

`DEMO_STEPS` is the ordered list of steps `build_demo` runs in one transaction. Each step is
`(label, callable)` or `(label, "dotted.path.to.callable")`; it takes no arguments and may return
a short text for the summary (e.g. "1,234 crimes"). Other apps add their own steps, in their
AppConfig.ready() or a module it imports:

    from safer.demo.builder import DEMO_STEPS
    DEMO_STEPS.append(("Crime data", "safer.crime.demo.load_demo_crime"))

A step must be idempotent itself (delete and rebuild its own demo rows, or upsert) and may rely on
everything the steps before it made. Steps here own: the force, both local policing area layouts,
neighbourhoods with approximate boundaries and parishes, place names, the postcode fixture,
fictional officers and staff demo accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.text import slugify
from tqdm import tqdm

from safer.demo.accounts import DemoAccount, describe_accounts, save_accounts
from safer.demo.datafiles import (
    NeighbourhoodRow,
    demo_boundaries,
    load_areas,
    load_force,
    load_neighbourhoods,
    load_places,
)
from safer.demo.people import generate_people, save_people
from safer.demo.postcodes import POSTCODES_PATH
from safer.places.models import Force, Neighbourhood, Parish, Place, PolicingArea, Postcode
from safer.teams.models import Person

Step = Callable[[], Any]


def force_slug() -> str:
    return str(load_force()["slug"])


def build_force_and_areas() -> str:
    data = load_force()
    fields = {k: data.get(k, "") for k in ("name", "description", "url", "telephone", "online_reporting_url")}
    force, _ = Force.objects.update_or_create(
        slug=data["slug"], defaults={**fields, "engagement_methods": data.get("engagement_methods", [])}
    )
    areas = load_areas()
    PolicingArea.objects.filter(force=force).exclude(slug__in=[a.slug for a in areas]).delete()
    for area in areas:
        PolicingArea.objects.update_or_create(
            force=force,
            slug=area.slug,
            defaults={
                "name": area.name,
                "description": area.description,
                "effective_from": area.effective_from,
                "effective_to": area.effective_to,
            },
        )
    return f"{len(areas)} areas"


def _description(row: NeighbourhoodRow) -> str:
    covers = " and ".join(p.name for p in row.parishes)
    return (
        f"The {row.name} Safer Neighbourhood Team works with residents, businesses and partners "
        f"in {covers} to tackle the issues that matter locally.\n\n"
        "This is demonstration data: the team and its officers are fictional, and the boundary "
        "is approximate (drawn around the team's centre, not taken from the force)."
    )


NEIGHBOURHOOD_FIELDS = [
    "name",
    "slug",
    "description",
    "centre_lat",
    "centre_lng",
    "population",
    "email",
    "telephone",
]
BOUNDARY_FIELDS = ["boundary_wkb", "boundary_is_approximate", "boundary_updated_at"]


def build_neighbourhoods() -> str:
    """Upsert the neighbourhoods by code, with set-based writes (a few queries, not hundreds).

    A boundary is only rewritten when it changed, so its `boundary_updated_at` means what it says.
    """
    from safer.places.locate import invalidate_index

    force = Force.objects.get(slug=force_slug())
    rows = load_neighbourhoods()
    Neighbourhood.objects.filter(force=force).exclude(code__in=[r.code for r in rows]).delete()
    existing = {n.code: n for n in Neighbourhood.objects.filter(force=force)}
    to_create: list[Neighbourhood] = []
    to_update: list[Neighbourhood] = []
    for row, boundary in zip(rows, demo_boundaries(), strict=True):
        slug = slugify(row.name)
        values = {
            "name": row.name,
            "slug": slug,
            "description": _description(row),
            "centre_lat": row.lat,
            "centre_lng": row.lng,
            "population": row.population,
            "email": f"{slug}.snt@demo.invalid",
            "telephone": "101",
        }
        nb = existing.get(row.code)
        if nb is None:
            nb = Neighbourhood(force=force, code=row.code, **values)
            nb.set_boundary(boundary, approximate=True)
            to_create.append(nb)
            continue
        changed = any(getattr(nb, k) != v for k, v in values.items())
        for k, v in values.items():
            setattr(nb, k, v)
        if not nb.boundary_is_approximate or bytes(nb.boundary_wkb or b"") != shapely.to_wkb(boundary):
            nb.set_boundary(boundary, approximate=True)
            changed = True
        if changed:
            to_update.append(nb)
    Neighbourhood.objects.bulk_create(to_create)
    Neighbourhood.objects.bulk_update(to_update, NEIGHBOURHOOD_FIELDS + BOUNDARY_FIELDS)
    pks = dict(Neighbourhood.objects.filter(force=force).values_list("code", "pk"))
    _link_areas(force, rows, pks)
    parishes = _save_parishes(rows, pks)
    invalidate_index()  # bulk writes send no signals, so tell the locate index ourselves
    return f"{len(rows)} neighbourhoods, {parishes} parishes and wards"


def _link_areas(force: Force, rows: Sequence[NeighbourhoodRow], pks: dict[str, int]) -> None:
    """Each neighbourhood in exactly its old and its new area."""
    areas = dict(PolicingArea.objects.filter(force=force).values_list("slug", "pk"))
    through = Neighbourhood.areas.through
    wanted = {(pks[r.code], areas[a]) for r in rows for a in (r.old_area, r.new_area)}
    links = through.objects.filter(neighbourhood_id__in=pks.values())
    have = set(links.values_list("neighbourhood_id", "policingarea_id"))
    stale = have - wanted
    for nb_id, area_id in stale:
        links.filter(neighbourhood_id=nb_id, policingarea_id=area_id).delete()
    through.objects.bulk_create(
        through(neighbourhood_id=nb_id, policingarea_id=area_id) for nb_id, area_id in sorted(wanted - have)
    )


def _save_parishes(rows: Sequence[NeighbourhoodRow], pks: dict[str, int]) -> int:
    """Upsert by (neighbourhood, ONS code), so rows other apps attach to a parish survive."""
    wanted = {(pks[r.code], p.ons_code): p for r in rows for p in r.parishes}
    existing = {
        (p.neighbourhood_id, p.ons_code): p for p in Parish.objects.filter(neighbourhood_id__in=pks.values())
    }
    Parish.objects.filter(pk__in=[p.pk for key, p in existing.items() if key not in wanted]).delete()
    to_update = []
    for key, parish in existing.items():
        row = wanted.get(key)
        if row is not None and (parish.name, parish.kind) != (row.name, row.kind):
            parish.name, parish.kind = row.name, row.kind
            to_update.append(parish)
    Parish.objects.bulk_update(to_update, ["name", "kind"])
    Parish.objects.bulk_create(
        Parish(neighbourhood_id=nb_id, ons_code=code, name=p.name, kind=p.kind)
        for (nb_id, code), p in wanted.items()
        if (nb_id, code) not in existing
    )
    return len(wanted)


def build_places() -> str:
    from safer.places.locate import BoundaryIndex

    rows = load_neighbourhoods()
    force = Force.objects.get(slug=force_slug())
    pks = dict(Neighbourhood.objects.filter(force=force).values_list("code", "pk"))
    index = BoundaryIndex([pks[r.code] for r in rows], list(demo_boundaries()))
    places = load_places()
    found = index.locate(np.array([p.lat for p in places]), np.array([p.lng for p in places]))
    Place.objects.filter(name__in=[p.name for p in places]).delete()
    Place.objects.bulk_create(
        Place(
            name=p.name,
            county=p.county,
            latitude=p.lat,
            longitude=p.lng,
            neighbourhood_id=int(pk) if pk >= 0 else None,
        )
        for p, pk in zip(places, found, strict=True)
    )
    return f"{len(places)} places"


def build_postcodes() -> str:
    from safer.places.imports import import_postcodes

    count = import_postcodes(POSTCODES_PATH, progress=False)
    return f"{count} postcodes"


def build_people() -> str:
    count = save_people(generate_people(), force_slug())
    return f"{count} people"


def build_accounts() -> list[DemoAccount]:
    return save_accounts(force_slug())


DEMO_STEPS: list[tuple[str, Step | str]] = [
    ("Force and local policing areas", build_force_and_areas),
    ("Neighbourhoods and boundaries", build_neighbourhoods),
    ("Place names", build_places),
    ("Postcodes", build_postcodes),
    ("Officers and staff", build_people),
    ("Staff demo accounts", build_accounts),
    (
        "Engagement: events, stations, councils, surveys, priorities",
        "safer.engagement.demo.load_demo_engagement",
    ),
    # Plans link crimes and name agencies: the previous demo's plans go before crime and partners
    # rebuild theirs.
    ("Problems: the previous demo's plans removed", "safer.problems.demo.clear_demo_plans"),
    ("Crime: real police.uk months and synthetic incidents", "safer.crime.demo.load_demo_crime"),
    ("Victims: contacts with repeat victims", "safer.victims.demo.load_demo_victim_contacts"),
    # Later steps' records protect earlier steps' rows (a plan's response names an agency, a watch
    # scheme is an alert group): those steps clear their previous demo data first.
    ("Community: the previous demo's schemes removed", "safer.community.demo.clear_demo_community"),
    (
        "Partners: agencies, sharing agreements, forums, ASB Case Reviews",
        "safer.partners.demo.load_demo_partners",
    ),
    ("Problems: plans at every stage, on the real crime months", "safer.problems.demo.load_demo_plans"),
    ("Victims: fictional victim records at every state", "safer.victims.demo.load_demo_victims"),
    (
        "Volunteers: specials' hours, cadets, advisory groups, custody visiting, ride-alongs",
        "safer.volunteers.demo.load_demo_volunteers",
    ),
    ("Alerts: subscribers, a watch scheme and messages", "safer.alerts.demo.load_demo_alerts"),
    ("Contact: residents' messages to their teams and replies", "safer.contact.demo.load_demo_contact"),
    ("Community: watch schemes and Community Speed Watch", "safer.community.demo.load_demo_community"),
    (
        "Scorecard: training, duty, patrols, survey answers, ASB and town centres; 12 stored months",
        "safer.charter.demo.load_demo_scorecard",
    ),
]


@dataclass
class DemoSummary:
    """What `build_demo` made: counts for the force, and each step's own result."""

    force: str = ""
    areas: int = 0
    neighbourhoods: int = 0
    places: int = 0
    postcodes: int = 0
    people: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    steps: list[tuple[str, Any]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Demo data for {self.force}:"]
        for label, result in self.steps:
            if isinstance(result, str) and result:
                out.append(f"  {label}: {result}")
            elif isinstance(result, list):
                out.append(f"  {label}: {len(result)}")
            else:
                out.append(f"  {label}: done")
        return out


def _resolve(step: Step | str) -> Step:
    return import_string(step) if isinstance(step, str) else step


def build_demo(progress: bool = False) -> DemoSummary:
    """Build (or rebuild) the whole demo data set in one transaction."""
    summary = DemoSummary()
    with transaction.atomic():
        bar = tqdm(DEMO_STEPS, desc="Demo data", unit="step", disable=not progress)
        for label, step in bar:
            bar.set_postfix_str(label)
            result = _resolve(step)()
            summary.steps.append((label, result))
            if isinstance(result, list) and result and isinstance(result[0], DemoAccount):
                summary.accounts = result
        summary.accounts = describe_accounts()  # as later steps left them
        force = Force.objects.get(slug=force_slug())
        summary.force = force.name
        summary.areas = PolicingArea.objects.filter(force=force).count()
        summary.neighbourhoods = Neighbourhood.objects.filter(force=force).count()
        summary.places = Place.objects.filter(neighbourhood__force=force).count()
        summary.postcodes = Postcode.objects.filter(neighbourhood__force=force).count()
        summary.people = Person.objects.filter(memberships__neighbourhood__force=force).distinct().count()
    return summary
