"""The volunteers app's staff pages in the access matrix (safer/accounts/tests/matrix.py): every role,
anonymous and a password-only session; an object of another team is refused with nothing changed.
Cadets' pages are allowed only to cadet leaders (of that unit) and the safeguarding lead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.teams.models import Rank
from safer.testing import create_person, create_staff
from safer.volunteers.tests import factories as f

TODAY = timezone.localdate()
NOW = timezone.localtime()
Builder = Callable[[World], Any]


def kept(name: str, make: Builder) -> Builder:
    """A builder that makes its object once per world (the URL and the data share it)."""

    def build(w: World) -> Any:
        if name not in w.extra:
            w.extra[name] = make(w)
        return w.extra[name]

    return build


special = kept("special", lambda w: create_person(w.neighbourhood, rank=Rank.SPECIAL))
volunteer = kept("volunteer", lambda w: create_person(w.neighbourhood, rank=Rank.VOLUNTEER))
unit = kept("unit", lambda w: f.create_unit(w.neighbourhood))
cadet = kept("cadet", lambda w: f.create_cadet(unit(w)))
group = kept("group", lambda w: f.create_group(f.area_of(w.neighbourhood)))
action = kept("action", lambda w: f.create_action(group(w)))
suite = kept("suite", lambda w: f.create_suite(f.area_of(w.neighbourhood)))
visitors = kept(
    "visitors",
    lambda w: (f.create_visitor(f.area_of(w.neighbourhood)), f.create_visitor(f.area_of(w.neighbourhood))),
)
visit = kept("visit", lambda w: f.create_visit(suite(w)))
ride = kept("ride", lambda w: f.create_ride_along(f.area_of(w.neighbourhood)))


def url(name: str, obj: Builder | None = None) -> Builder:
    return lambda w: reverse(f"volunteers:{name}", args=[obj(w).pk] if obj else [])


def page_and_form(
    name: str,
    list_name: str | None,
    roles: frozenset[str],
    data: Builder,
    obj: Builder | None = None,
    list_roles: frozenset[str] | None = None,
) -> list[Row]:
    """The list page (if any), the add form's GET, and its POST (302 when it saves)."""
    rows = []
    if list_name:
        rows.append(Row(list_name, url(list_name), allowed=list_roles or roles, scoped=False))
    rows += [
        Row(f"{name} form", url(name, obj), allowed=roles, scoped=obj is not None),
        Row(
            f"{name} (post)", url(name, obj), "post", roles, data=data, ok=(302,), object_in_data=obj is None
        ),
    ]
    return rows


def _leader(w: World) -> Any:
    if "leader" not in w.extra:
        w.extra["leader"] = create_staff(Role.CADET_LEADER, neighbourhoods=[w.neighbourhood])
    return w.extra["leader"]


ROWS: list[Row] = [
    Row("volunteers home", url("staff-home"), allowed=scopes.VOLUNTEERING_STAFF, scoped=False),
    *page_and_form(
        "specials-add",
        "specials",
        scopes.VOLUNTEER_RECORDERS,
        lambda w: {
            "person": special(w).pk,
            "neighbourhood": w.neighbourhood.pk,
            "date": TODAY,
            "duty_type": "patrol",
            "hours": "4",
        },
    ),
    *page_and_form(
        "support-add",
        "support",
        scopes.VOLUNTEER_RECORDERS,
        lambda w: {
            "person": volunteer(w).pk,
            "neighbourhood": w.neighbourhood.pk,
            "date": TODAY,
            "role": "front_counter",
            "hours": "3",
        },
    ),
    *page_and_form(
        "youth-add",
        "youth",
        scopes.VOLUNTEER_RECORDERS,
        lambda w: {
            "neighbourhood": w.neighbourhood.pk,
            "date": TODAY,
            "setting": "secondary",
            "organisation": "Example High",
            "topic": "Knife crime",
            "attendance": "60",
        },
    ),
    *page_and_form(
        "groups-add",
        "groups",
        scopes.VOLUNTEER_RECORDERS,
        lambda w: {
            "neighbourhood": w.neighbourhood.pk,
            "date": TODAY,
            "kind": "faith",
            "group_name": "St Example's",
            "purpose": "Introductions",
        },
    ),
    # Cadets: children's records.
    *page_and_form(
        "cadet-unit-add",
        "cadets",
        scopes.CADET_UNIT_MANAGERS,
        lambda w: {
            "name": "Example Cadets",
            "kind": "cadets",
            "neighbourhood": w.neighbourhood.pk,
            "leaders": [_leader(w).pk],
        },
        list_roles=scopes.CADET_RECORDS | scopes.CADET_UNIT_MANAGERS,
    ),
    Row("cadet unit", url("cadet-unit", unit), allowed=scopes.CADET_RECORDS),
    *page_and_form(
        "cadet-add",
        None,
        scopes.CADET_RECORDS,
        lambda w: {
            "given_name": "Alex",
            "family_name": "Example",
            "date_of_birth": TODAY.replace(year=TODAY.year - 14) - dt.timedelta(days=3),
            "joined_on": TODAY,
            "carer_name": "Pat Example",
            "carer_phone": "07700 900111",
        },
        obj=unit,
    ),
    *page_and_form(
        "cadet-session-add",
        None,
        scopes.CADET_RECORDS,
        lambda w: {
            "date": TODAY,
            "kind": "meeting",
            "topic": "First aid",
            "hours": "2",
            "present": [cadet(w).pk],
        },
        obj=unit,
    ),
    # Independent Advisory Groups.
    *page_and_form(
        "advisory-add",
        "advisory",
        scopes.ADVISORY_GROUP_MANAGERS,
        lambda w: {"name": "Example IAG", "kind": "geographic", "area": f.area_of(w.neighbourhood).pk},
    ),
    Row("advisory group", url("advisory-group", group), allowed=scopes.ADVISORY_GROUP_MANAGERS),
    *page_and_form(
        "advisory-member-add",
        None,
        scopes.ADVISORY_GROUP_MANAGERS,
        lambda w: {"name": "Jo Member", "declared_interests": "none", "joined_on": TODAY},
        obj=group,
    ),
    *page_and_form(
        "advisory-meeting-add",
        None,
        scopes.ADVISORY_GROUP_MANAGERS,
        lambda w: {"date": TODAY, "members_present": "7"},
        obj=group,
    ),
    *page_and_form(
        "advisory-advice-add",
        None,
        scopes.ADVISORY_GROUP_MANAGERS,
        lambda w: {
            "kind": "policy",
            "subject": "Stop and search",
            "requested_at": NOW.strftime("%Y-%m-%dT%H:%M"),
        },
        obj=group,
    ),
    *page_and_form(
        "advisory-action-add",
        None,
        scopes.ADVISORY_GROUP_MANAGERS,
        lambda w: {"description": "Share the policy", "owner": "Insp. Example", "due_on": TODAY},
        obj=group,
    ),
    Row(
        "advisory action close (post)",
        url("advisory-action-close", action),
        "post",
        scopes.ADVISORY_GROUP_MANAGERS,
        data=lambda w: {f"a{action(w).pk}-closed_on": TODAY, f"a{action(w).pk}-outcome": "Done"},
        ok=(302,),
    ),
    # Independent Custody Visiting.
    Row("custody", url("custody"), allowed=scopes.CUSTODY_VISITING, scoped=False),
    *page_and_form(
        "custody-suite-add",
        None,
        scopes.CUSTODY_VISITING,
        lambda w: {"name": "Example Suite", "area": f.area_of(w.neighbourhood).pk, "visits_per_week": "1"},
    ),
    *page_and_form(
        "custody-visitor-add",
        None,
        scopes.CUSTODY_VISITING,
        lambda w: {"name": "Vic Visitor", "area": f.area_of(w.neighbourhood).pk},
    ),
    *page_and_form(
        "custody-rota-add",
        None,
        scopes.CUSTODY_VISITING,
        lambda w: {
            "suite": suite(w).pk,
            "week_starting": TODAY - dt.timedelta(days=TODAY.weekday()),
            "first_visitor": visitors(w)[0].pk,
            "second_visitor": visitors(w)[1].pk,
        },
    ),
    *page_and_form(
        "custody-visit-add",
        None,
        scopes.CUSTODY_VISITING,
        lambda w: {
            "suite": suite(w).pk,
            "first_visitor": visitors(w)[0].pk,
            "second_visitor": visitors(w)[1].pk,
            "arrived_at": (NOW - dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "left_at": (NOW - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "admission_delay_minutes": "0",
            "detainees_in_custody": "5",
            "detainees_offered": "4",
            "detainees_seen": "3",
        },
    ),
    Row("custody visit", url("custody-visit", visit), allowed=scopes.CUSTODY_VISITING),
    Row(
        "custody visit response (post)",
        url("custody-visit", visit),
        "post",
        scopes.CUSTODY_VISITING,
        data=lambda w: {"response": "Blankets restocked."},
        ok=(302,),
    ),
    # Ride-alongs.
    Row("ride-alongs", url("ride-alongs"), allowed=scopes.RIDE_ALONG_MANAGERS, scoped=False),
    Row("ride-along", url("ride-along-detail", ride), allowed=scopes.RIDE_ALONG_MANAGERS),
    Row(
        "ride-along move (post)",
        url("ride-along-move", ride),
        "post",
        scopes.RIDE_ALONG_MANAGERS,
        data=lambda w: {"status": "vetting"},
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)


def test_cadet_pages_are_open_only_to_cadet_leaders_and_the_safeguarding_lead() -> None:
    cadet_rows = [r for r in ROWS if r.name.startswith("cadet") and r.name != "cadets"]
    assert cadet_rows and all(
        r.allowed == {Role.CADET_LEADER, Role.SAFEGUARDING} for r in cadet_rows if "unit-add" not in r.name
    )
