"""The machinery of the access matrix: one row per staff page, checked for every role.

A row names a page, how to build its URL from a small world of test data, the HTTP method, and the
roles allowed. `check_row` signs in an account of the given role (or none, for anonymous) and
asserts: allowed -> one of the row's `ok` statuses; any other role -> 403 or 404; anonymous -> a
redirect to the sign-in page. See safer/accounts/README.md for how a new app adds its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from safer.accounts.models import Role
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, Person
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in

ALL_ROLES = frozenset(Role.values)
ANONYMOUS = "anonymous"
NO_PROFILE = "signed-in-without-staff-role"
SUBJECTS = [*Role.values, NO_PROFILE, ANONYMOUS]


@dataclass
class World:
    """Test data every row can use: a neighbourhood in the account's scope, with one person."""

    neighbourhood: Neighbourhood
    person: Person
    membership: Membership
    other_user: User
    extra: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    area = create_area()
    neighbourhood = create_neighbourhood(area=area)
    person = create_person(neighbourhood)
    other_user = create_staff(Role.PC, neighbourhoods=[neighbourhood])
    return World(neighbourhood, person, Membership.objects.get(person=person), other_user)


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[World], str]
    method: str = "get"
    allowed: frozenset[str] = ALL_ROLES
    data: Callable[[World], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200,)


def account_for(subject: str, world: World) -> User | None:
    if subject == ANONYMOUS:
        return None
    if subject == NO_PROFILE:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from safer.testing import STRONG_PASSWORD

        user = User.objects.create_user(username="no-profile", password=STRONG_PASSWORD)
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        return user
    return create_staff(subject, neighbourhoods=[world.neighbourhood])


def request(client: Client, row: Row, world: World) -> Any:
    url = row.url(world)
    data = row.data(world) if row.data else {}
    return client.post(url, data) if row.method == "post" else client.get(url)


def check_row(client: Client, row: Row, subject: str) -> None:
    world = build_world()
    user = account_for(subject, world)
    if user is not None:
        sign_in(client, user)
    response = request(client, row, world)
    where = f"{row.name} as {subject}"
    if subject == ANONYMOUS:
        assert response.status_code == 302, where
        assert response["Location"].startswith("/staff/sign-in/?next="), where
    elif subject in row.allowed:
        assert response.status_code in row.ok, f"{where}: {response.status_code}"
    else:
        assert response.status_code in (403, 404), f"{where}: {response.status_code}"


def check_unverified(client: Client, row: Row) -> None:
    """Password alone (no second factor yet) never reaches a staff page."""
    world = build_world()
    user = create_staff(Role.ADMINISTRATOR)
    client.force_login(user)
    response = request(client, row, world)
    assert response.status_code == 302, row.name
    assert response["Location"].startswith("/staff/sign-in/two-factor/?next="), row.name
