from __future__ import annotations

from typing import Any

from django.db.models import Exists
from django.http import HttpRequest

from safer.places.lookups import current_force_query


def site(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page: the force and whether this is the demo, in one
    query (every HTML page pays for it)."""
    from safer.teams.models import Person

    force = (
        current_force_query().annotate(has_demo_people=Exists(Person.objects.filter(is_demo=True))).first()
    )
    return {
        "force": force,
        "site_name": "Safer Neighbourhoods",
        "demo_mode": bool(force and force.has_demo_people),
    }
