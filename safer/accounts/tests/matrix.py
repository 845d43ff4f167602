"""The machinery of the access matrix: one row per staff URL and method, checked for every role.

A row names a page, how to build its URL from a small world of test data, the HTTP method, and the
roles allowed. `check_everyone` builds one world (and one account per subject) and then, each in a
savepoint that is rolled back, asserts for every subject: allowed -> one of the row's `ok` statuses;
any other role -> 403 or 404 and, for a POST, no row changed; anonymous -> a redirect to sign-in; a
password-only session -> a redirect to the code step. For rows naming one team's object it also
builds the same object in another team: every allowed role scoped to the first team gets 403/404
there, and nothing changes. `test_access_matrix_is_complete.py` fails if a staff URL has no row.
See safer/accounts/README.md for how a new app adds its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Model
from django.test import Client
from django.urls import resolve

from safer.accounts.models import AuditEvent, Role
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, Person
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in

ALL_ROLES = frozenset(Role.values)
ANONYMOUS = "anonymous"
NO_PROFILE = "signed-in-without-staff-role"
SUBJECTS = [*Role.values, NO_PROFILE, ANONYMOUS]
# Tables a request may touch without changing anything a resident or officer sees.
BOOKKEEPING = {"axes", "otp_totp", "sessions"}


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
    # The URL names one team's object (a person, message, event...): the same object in a team
    # outside the account's scope must be refused. False for pages about no team (lists, accounts).
    scoped: bool = True
    # The POST data (not the URL) names one team's object: checked against another team's too.
    object_in_data: bool = False


def account_for(subject: str, world: World) -> User | None:
    if subject == ANONYMOUS:
        return None
    if subject == NO_PROFILE:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from safer.testing import STRONG_PASSWORD

        user = User.objects.create_user(
            username=f"no-profile-{User.objects.count()}", password=STRONG_PASSWORD
        )
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        return user
    return create_staff(subject, neighbourhoods=[world.neighbourhood])


def request(client: Client, row: Row, world: World) -> Any:
    url = row.url(world)
    data = row.data(world) if row.data else {}
    return client.post(url, data) if row.method == "post" else client.get(url)


def route_of(row: Row, world: World) -> tuple[str, str]:
    """(namespaced URL name, method) that this row exercises."""
    return resolve(urlsplit(row.url(world)).path).view_name, row.method


def _watched_models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in BOOKKEEPING and not model._meta.proxy and model._meta.managed
    ]


def _row_counts(models: list[type[Model]]) -> list[int]:
    """Every table's row count in one query (a matrix row takes dozens of fingerprints)."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM {quote(model._meta.db_table)}" for i, model in enumerate(models)
    )
    counts = [0] * len(models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for index, count in cursor.fetchall():
            counts[index] = count
    return counts


def _changes_in_transaction(models: list[type[Model]]) -> dict[str, Any]:
    """PostgreSQL: rows inserted, updated and deleted in each table by this transaction so far
    (pg_stat_xact_user_tables; every matrix request runs in the test's transaction). A write of
    any kind moves a counter, an update that leaves the values as they were included, so this is
    stricter than comparing rows, and it is one query whatever the tables hold. Audit events that
    record a read are allowed; any other audit event is a change."""
    tables = {model._meta.db_table: model._meta.label for model in models}
    tables.pop(AuditEvent._meta.db_table, None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE schemaname = current_schema() AND relname = ANY(%s)",
            [list(tables)],
        )
        changes = {tables[name]: count for name, count in cursor.fetchall()}
    return changes | {"accounts.AuditEvent": _audit_changes()}


def _audit_changes() -> int:
    """Audit events other than reads: a refused page may still audit the read; anything else in
    the audit log is a change."""
    audit = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {audit} WHERE action NOT LIKE %s", ["%read"])
        (changes,) = cursor.fetchone()
    return int(changes)


def fingerprint(*, rows: bool = True) -> dict[str, Any]:
    """Every row of every table but bookkeeping ones: equal before and after = nothing changed.

    On PostgreSQL, the transaction's own write counters for those tables (one query; see
    _changes_in_transaction). Elsewhere, empty tables are found with one query and not read
    further; a row added to one shows as a count that is no longer zero, so nothing escapes the
    comparison. With `rows=False` (for a GET, which is refused before any form is read) only the
    counts are compared: one query."""
    models = _watched_models()
    if connection.vendor == "postgresql":
        return _changes_in_transaction(models)
    counts = _row_counts(models)
    if not rows:
        return {
            model._meta.label: count
            for model, count in zip(models, counts, strict=True)
            if model._meta.label != "accounts.AuditEvent"
        } | {"accounts.AuditEvent": _audit_changes()}
    tables: dict[str, Any] = {}
    for model, count in zip(models, counts, strict=True):
        if count == 0:
            tables[model._meta.label] = []
            continue
        tables[model._meta.label] = list(model._default_manager.order_by("pk").values())
    for user in tables.get("auth.User", []):
        user.pop("last_login", None)  # signing in stamps it
    # A refused form may show its page again, and a page that shows incident data audits the read.
    audit = tables.get("accounts.AuditEvent", [])
    tables["accounts.AuditEvent"] = [e for e in audit if not str(e["action"]).endswith("read")]
    return tables


@contextmanager
def rolled_back(*worlds: World) -> Iterator[None]:
    """Run one subject's request in a savepoint that is undone, so every subject sees the same world
    (objects the URL builders made and kept in `extra` go with it)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    for world in worlds:
        world.extra.clear()


def judge(row: Row, subject: str, response: Any) -> str | None:
    where = f"{row.name} ({row.method.upper()}) as {subject}"
    if subject == ANONYMOUS:
        location = response.get("Location", "")
        if response.status_code != 302 or not location.startswith("/staff/sign-in/?next="):
            return f"{where}: {response.status_code} {location}, not a redirect to sign-in"
    elif subject in row.allowed:
        if response.status_code not in row.ok:
            return f"{where}: {response.status_code}, expected {row.ok}"
    elif response.status_code not in (403, 404):
        return f"{where}: {response.status_code}, expected 403 or 404"
    return None


@dataclass
class Everyone:
    """A home world with one signed-in account per subject, and another team's world. Building the
    accounts and signing them in was a third of the matrix's time; a module builds them once (the
    `matrix_everyone` fixture in safer/conftest.py) and each row runs in savepoints over them."""

    home: World
    away: World
    sessions: dict[str, str | None]  # subject -> its session key (None for anonymous)


def build_everyone() -> Everyone:
    home = build_world()
    sessions = {subject: _session_of(account_for(subject, home)) for subject in SUBJECTS}
    return Everyone(home, build_world(), sessions)


def _session_of(user: User | None) -> str | None:
    if user is None:
        return None
    client = sign_in(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _client_for(everyone: Everyone, subject: str) -> Client:
    """A fresh client holding only the subject's session: no cookie or message from a request
    before it (the session's row is restored by each savepoint's rollback)."""
    client = Client()
    session = everyone.sessions[subject]
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _refused_without_change(
    row: Row,
    client: Client,
    world: World,
    subject: str,
    refusals: tuple[int, ...] = (403, 404),
    away: bool = False,
) -> str | None:
    """Send the row's request as someone it must refuse: the right answer, and no row changed."""
    url = row.url(world)  # built first: building may create the object the URL names
    data = row.data(world) if row.data else {}
    whole = row.method == "post"
    before = fingerprint(rows=whole)
    response = client.post(url, data) if row.method == "post" else client.get(url)
    where = f"{row.name} ({row.method.upper()}) as {subject}{' on another team' if away else ''}"
    if subject == ANONYMOUS:
        problem = judge(row, subject, response)
        if problem:
            return problem
    elif response.status_code not in refusals:
        return f"{where}: {response.status_code}, expected one of {refusals}"
    if fingerprint(rows=whole) != before:
        return f"{where}: refused but data changed"
    return None


def check_everyone(row: Row, everyone: Everyone | None = None) -> None:
    """The whole matrix for one row: every subject, a password-only session, and another team.
    Without `everyone`, the row builds its own worlds and accounts."""
    everyone = everyone or build_everyone()
    home, away = everyone.home, everyone.away
    problems: list[str | None] = []
    for subject in SUBJECTS:
        with rolled_back(home):
            client = _client_for(everyone, subject)
            if subject in row.allowed:
                problems.append(judge(row, subject, request(client, row, home)))
            else:
                problems.append(_refused_without_change(row, client, home, subject))
    with rolled_back(home):
        problems.append(_unverified_problem(row, home))
    with rolled_back(home):
        has_object = row.object_in_data or bool(resolve(urlsplit(row.url(home)).path).kwargs)
    if row.scoped and has_object:
        # An object named in the data may be refused by the form shown again (200 or 400).
        refusals = (200, 400, 403, 404) if row.object_in_data else (403, 404)
        for role in sorted(row.allowed - {Role.ADMINISTRATOR}):
            with rolled_back(away):
                client = _client_for(everyone, role)
                problems.append(_refused_without_change(row, client, away, role, refusals, away=True))
    found = [p for p in problems if p]
    assert not found, "\n".join(found)


def _unverified_problem(row: Row, world: World) -> str | None:
    """Password alone (no second factor yet) is sent to the code step and changes nothing."""
    client = Client()
    client.force_login(create_staff(Role.ADMINISTRATOR))
    url = row.url(world)
    data = row.data(world) if row.data else {}
    whole = row.method == "post"
    before = fingerprint(rows=whole)
    response = client.post(url, data) if row.method == "post" else client.get(url)
    location = response.get("Location", "")
    if response.status_code != 302 or not location.startswith("/staff/sign-in/two-factor/?next="):
        return f"{row.name} with a password only: {response.status_code} {location}"
    if fingerprint(rows=whole) != before:
        return f"{row.name} with a password only: data changed"
    return None


# The per-subject checks, for callers that parametrize by subject themselves.


def check_row(client: Client, row: Row, subject: str) -> None:
    world = build_world()
    user = account_for(subject, world)
    if user is not None:
        sign_in(client, user)
    problem = judge(row, subject, request(client, row, world))
    assert problem is None, problem


def check_unverified(client: Client, row: Row) -> None:
    """Password alone (no second factor yet) never reaches a staff page."""
    problem = _unverified_problem(row, build_world())
    assert problem is None, problem
