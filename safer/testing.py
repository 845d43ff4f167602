"""Small factory functions and sign-in helpers shared by every app's tests.

Each factory takes keyword overrides, so a test says only what matters to it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import shapely
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.places.models import Force, Neighbourhood, PolicingArea
from safer.teams.models import Membership, Person, Rank

_seq = itertools.count(1)

STRONG_PASSWORD = "correct-horse-battery-staple-42"


def create_force(**overrides: Any) -> Force:
    fields: dict[str, Any] = {"slug": "west-mercia", "name": "West Mercia Police", "telephone": "101"}
    fields.update(overrides)
    force, _ = Force.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    return force


def create_area(**overrides: Any) -> PolicingArea:
    n = next(_seq)
    fields: dict[str, Any] = {
        "slug": f"area-{n}",
        "name": f"Area {n}",
        "effective_from": dt.date(2026, 1, 19),
    }
    fields.update(overrides)
    fields.setdefault("force", create_force())
    return PolicingArea.objects.create(**fields)


def create_neighbourhood(
    *,
    box: tuple[float, float, float, float] | None = None,
    area: PolicingArea | None = None,
    **overrides: Any,
) -> Neighbourhood:
    """A neighbourhood whose boundary is the box (min_lng, min_lat, max_lng, max_lat)."""
    n = next(_seq)
    fields: dict[str, Any] = {"code": f"N{n}", "slug": f"neighbourhood-{n}", "name": f"Neighbourhood {n}"}
    fields.update(overrides)
    fields.setdefault("force", create_force())
    nb = Neighbourhood(**fields)
    if box is None:
        box = (-2.3 + n * 0.01, 52.1, -2.3 + n * 0.01 + 0.009, 52.2)
    nb.set_boundary(shapely.box(*box))
    nb.save()
    if area is not None:
        nb.areas.add(area)
    return nb


def create_person(neighbourhood: Neighbourhood | None = None, **overrides: Any) -> Person:
    n = next(_seq)
    fields: dict[str, Any] = {
        "given_name": f"Sam{n}",
        "family_name": f"Example{n}",
        "rank": Rank.PCSO,
        "collar_number": f"{1000 + n}",
        "work_email": f"sam{n}@example.police.uk",
        "work_mobile": "07700 900123",
        "details_verified_on": timezone.localdate(),
    }
    fields.update(overrides)
    person = Person.objects.create(**fields)
    if neighbourhood is not None:
        Membership.objects.create(person=person, neighbourhood=neighbourhood, role=person.rank)
    return person


def create_staff(
    role: str = Role.PCSO,
    *,
    neighbourhoods: list[Neighbourhood] | None = None,
    areas: list[PolicingArea] | None = None,
    scope_level: str | None = None,
    username: str | None = None,
) -> User:
    username = username or f"{role}-{next(_seq)}"
    user = User.objects.create_user(
        username=username, password=STRONG_PASSWORD, email=f"{username}@example.org"
    )
    if scope_level is None:
        scope_level = ScopeLevel.AREAS if areas else ScopeLevel.NEIGHBOURHOODS
        if role == Role.ADMINISTRATOR:
            scope_level = ScopeLevel.FORCE
    staff = StaffProfile.objects.create(user=user, role=role, scope_level=scope_level)
    staff.neighbourhoods.set(neighbourhoods or [])
    staff.areas.set(areas or [])
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def sign_in(client: Client, user: User) -> Client:
    """Sign `user` in with both factors, as if they had entered their password and a TOTP code."""
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
