"""The teams' section of the staff home page: people whose details have not been checked lately."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.home import User, section
from safer.teams.models import Person

STALE_LIMIT = 50


@section
def stale_details(user: User) -> dict[str, Any]:
    if not scopes.has_role(user, scopes.TEAM_EDITORS):
        return {}
    cutoff = timezone.localdate() - dt.timedelta(days=settings.DETAILS_STALE_AFTER_DAYS)
    people = scopes.in_scope(user, Person.objects.all(), "memberships__neighbourhood")
    stale = people.filter(Q(details_verified_on__isnull=True) | Q(details_verified_on__lt=cutoff))
    return {
        "stale": list(stale.order_by("family_name", "given_name")[:STALE_LIMIT]),
        "stale_after_days": settings.DETAILS_STALE_AFTER_DAYS,
    }
