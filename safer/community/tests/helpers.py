"""Small factories for the community tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from safer.accounts.models import Role
from safer.alerts.models import Group
from safer.community.models import (
    GroupStatus,
    SchemeCoordinator,
    Site,
    SiteStatus,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchVolunteer,
    WatchScheme,
)
from safer.places.models import Neighbourhood
from safer.testing import create_staff


def create_scheme(
    neighbourhood: Neighbourhood,
    *,
    coordinators: tuple[User, ...] | list[User] = (),
    **overrides: Any,
) -> WatchScheme:
    name = overrides.pop("name", f"Elm Road Watch {WatchScheme.objects.count() + 1}")
    group = Group.objects.create(neighbourhood=neighbourhood, name=name)
    fields: dict[str, Any] = {
        "group": group,
        "name": name,
        "type": "neighbourhood",
        "neighbourhood": neighbourhood,
        "streets": "Elm Road",
        "centre_lat": neighbourhood.centre_lat or 52.15,
        "centre_lng": neighbourhood.centre_lng or -2.25,
    }
    fields.update(overrides)
    scheme = WatchScheme.objects.create(**fields)
    for user in coordinators:
        SchemeCoordinator.objects.create(scheme=scheme, user=user)
    return scheme


def create_csw_group(
    neighbourhood: Neighbourhood, *, volunteers: list[User] | None = None, status: str = GroupStatus.ACTIVE
) -> SpeedWatchGroup:
    group = SpeedWatchGroup.objects.create(
        neighbourhood=neighbourhood,
        name="Crowle Community Speed Watch",
        council_name="Crowle Parish Council",
        clerk_name="A Clerk",
        clerk_email="clerk@example.org",
        roads="Main Road",
        concern="Speeding",
        status=status,
    )
    for user in volunteers or []:
        SpeedWatchVolunteer.objects.create(
            group=group, user=user, date_of_birth=dt.date(1960, 5, 1), trained_on=dt.date(2026, 1, 10)
        )
    return group


def create_site(
    group: SpeedWatchGroup, *, limit: int = 30, status: str = SiteStatus.APPROVED, **overrides: Any
) -> Site:
    fields: dict[str, Any] = {
        "group": group,
        "name": "Main Road by the school",
        "speed_limit": limit,
        "status": status,
    }
    fields.update(overrides)
    return Site.objects.create(**fields)


def create_session(
    site: Site, *, volunteers: list[User], day: dt.date | None = None, **overrides: Any
) -> SpeedWatchSession:
    fields: dict[str, Any] = {
        "site": site,
        "date": day or timezone.localdate(),
        "start": dt.time(7, 0),
        "end": dt.time(21, 59),
        "created_by": volunteers[0],
    }
    fields.update(overrides)
    session = SpeedWatchSession.objects.create(**fields)
    session.volunteers.set(volunteers)
    return session


def csw_world(
    neighbourhood: Neighbourhood, volunteers: list[User] | None = None
) -> tuple[SpeedWatchSession, list[User]]:
    """An active group with three booked volunteers on today's session at an approved 30 mph site."""
    people = volunteers or [create_staff(Role.VOLUNTEER, neighbourhoods=[neighbourhood]) for _ in range(3)]
    group = create_csw_group(neighbourhood, volunteers=people)
    session = create_session(create_site(group), volunteers=people)
    return session, people
