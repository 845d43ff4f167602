"""The ways to find a force or a neighbourhood: the force this site serves, and places by the ids
data.police.uk uses (for the /api/ endpoints)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from safer.lib.api import ApiError
from safer.places.models import Force, Neighbourhood


def current_force() -> Force | None:
    """The force this installation serves (`FORCE_ID`), or None before its data is loaded.

    One indexed query and no cache: the force's name and telephone are edited in the admin and
    rebuilt by the demo, and every process must show the change at once."""
    return current_force_query().first()


def current_force_query() -> QuerySet[Force]:
    """The same force as a query, for a caller that annotates it (the page layout asks for the force
    and the demo flag in one query)."""
    return Force.objects.filter(slug=settings.FORCE_ID)


def get_force(force_id: str) -> Force:
    """The force with this police.uk id (its slug), or `ApiError(404)`."""
    force = Force.objects.filter(slug=force_id).first()
    if force is None:
        raise ApiError(404, "Unknown force.")
    return force


def get_neighbourhood(force_id: str, neighbourhood_id: str) -> Neighbourhood:
    """The neighbourhood with police.uk id `neighbourhood_id` (our `code`) in the force, with the force
    loaded in the same query, or `ApiError(404)` if either is unknown."""
    neighbourhood = (
        Neighbourhood.objects.select_related("force")
        .filter(force__slug=force_id, code=neighbourhood_id)
        .first()
    )
    if neighbourhood is None:
        raise ApiError(404, "Unknown force or neighbourhood.")
    return neighbourhood
