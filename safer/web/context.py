from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safer.places.models import Force


def current_force() -> Force | None:
    return Force.objects.filter(slug=settings.FORCE_ID).first()


def site(request: HttpRequest) -> dict[str, Any]:
    """What the shared layout needs on every page: the force's name and whether this is the demo."""
    from safer.teams.models import Person

    force = current_force()
    return {
        "force": force,
        "site_name": "Safer Neighbourhoods",
        "demo_mode": Person.objects.filter(is_demo=True).exists(),
        "nav_items": [],
    }
