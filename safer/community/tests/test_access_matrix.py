"""Every community staff, coordinator and volunteer page and POST, for every role: a coordinator
reaches only the schemes they coordinate, a volunteer only their own group's sessions, and the
road-safety officer's letters only within their scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safer.accounts import scopes
from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.community.models import (
    Letter,
    LetterBatch,
    LetterStatus,
    Reading,
    RequestStatus,
    SchemeCoordinator,
    SchemeRequest,
    SiteStatus,
)
from safer.community.tests.helpers import create_scheme, create_site, csw_world
from safer.testing import create_force, create_staff


def _role_here(w: World, role: str) -> list[User]:
    return list(User.objects.filter(staff__role=role, staff__neighbourhoods=w.neighbourhood))


def scheme(w: World) -> Any:
    """A scheme in the world's neighbourhood, coordinated by the coordinators scoped to it (so the
    home coordinator coordinates it, and nobody from another team's world does)."""
    if "scheme" not in w.extra:
        create_force()
        w.extra["scheme"] = create_scheme(w.neighbourhood, coordinators=_role_here(w, Role.COORDINATOR))
    return w.extra["scheme"]


def session(w: World) -> Any:
    """Today's session at an approved site, its group's volunteers booked on it: the volunteers
    scoped to the world's neighbourhood, and two more."""
    if "session" not in w.extra:
        people = _role_here(w, Role.VOLUNTEER)
        people += [create_staff(Role.VOLUNTEER, neighbourhoods=[]) for _ in range(2)]
        w.extra["session"], _ = csw_world(w.neighbourhood, people)
    return w.extra["session"]


def batch(w: World) -> LetterBatch:
    s = session(w)
    reading = Reading.objects.create(
        session=s, registration="AB12CDE", speed_mph=50, seen_at="08:00", direction="N"
    )
    made = LetterBatch.objects.create(created_by=w.other_user)
    Letter.objects.create(
        reading=reading,
        registration="AB12CDE",
        status=LetterStatus.PRINTED,
        batch=made,
        keeper_name="K",
        keeper_address="1 Road",
    )
    return made


def scheme_request(w: World) -> SchemeRequest:
    return SchemeRequest.objects.create(
        neighbourhood=w.neighbourhood,
        name="Ash Grove Watch",
        type="street",
        postcode="WR12AB",
        reason="Thefts",
        contact_name="Sam",
        contact_email="sam@example.com",
        status=RequestStatus.WAITING,
    )


def scheme_data(w: World) -> dict[str, Any]:
    return {
        "name": "Birch Lane Watch",
        "type": "neighbourhood",
        "neighbourhood": w.neighbourhood.pk,
        "streets": "Birch Lane",
        "households": 20,
        "status": "active",
        "started_on": "2026-11-01",
    }


def coordinator_username(w: World) -> dict[str, Any]:
    return {"username": create_staff(Role.COORDINATOR).username, "vetted_on": "2026-10-01"}


def volunteer_data(w: World) -> dict[str, Any]:
    return {
        "username": create_staff(Role.VOLUNTEER).username,
        "date_of_birth": "1970-01-01",
        "trained_on": "2026-10-01",
    }


def reading_data(w: World) -> dict[str, Any]:
    return {
        "client_id": "0b6c9a1e-3f0d-4c5e-9a7b-2d1e0f3c4b5a",
        "registration": "AB12CDE",
        "speed": "41",
        "direction": "N",
        "time": "08:00",
    }


def sync_data(w: World) -> dict[str, Any]:
    return {
        "readings": json.dumps([{**reading_data(w), "client_id": "1b6c9a1e-3f0d-4c5e-9a7b-2d1e0f3c4b5a"}])
    }


def sheet_data(w: World) -> dict[str, Any]:
    text = "registration,make,model,colour,speed,time,direction\nAB12CDE,Ford,Focus,Blue,41,08:05,N\n"
    return {"sheet": SimpleUploadedFile("sheet.csv", text.encode(), "text/csv")}


def keepers_data(w: World) -> dict[str, Any]:
    s = session(w)
    reading = Reading.objects.create(
        session=s, registration="AB12CDE", speed_mph=50, seen_at="08:00", direction="N"
    )
    letter = Letter.objects.create(reading=reading, registration="AB12CDE")
    text = f"reference,keeper_name,address,postcode\n{letter.reference},A Keeper,1 Road,WR1 2AB\n"
    return {"keepers": SimpleUploadedFile("k.csv", text.encode(), "text/csv")}


def proposed_site(w: World) -> Any:
    return create_site(session(w).site.group, status=SiteStatus.PROPOSED, name="Church Lane")


def coordinator_pk(w: World) -> str:
    item = scheme(w)
    link = SchemeCoordinator.objects.create(scheme=item, user=create_staff(Role.COORDINATOR))
    return reverse("community:coordinator-remove", args=[item.pk, link.user_id])


def r(name: str) -> str:
    return reverse(f"community:{name}")


FOUND = (302,)
ROWS = [
    Row("community home", lambda w: r("staff-home"), allowed=scopes.COMMUNITY_STAFF, scoped=False),
    Row("schemes", lambda w: r("staff-schemes"), allowed=scopes.SCHEME_MANAGERS, scoped=False),
    Row("new scheme", lambda w: r("scheme-new"), allowed=scopes.SCHEME_MANAGERS, scoped=False),
    Row(
        "new scheme (save)",
        lambda w: r("scheme-new"),
        "post",
        scopes.SCHEME_MANAGERS,
        data=scheme_data,
        ok=FOUND,
        object_in_data=True,
    ),
    Row(
        "scheme",
        lambda w: reverse("community:staff-scheme", args=[scheme(w).pk]),
        allowed=scopes.SCHEME_MANAGERS,
    ),
    Row(
        "scheme (save)",
        lambda w: reverse("community:staff-scheme", args=[scheme(w).pk]),
        "post",
        scopes.SCHEME_MANAGERS,
        data=scheme_data,
        ok=FOUND,
    ),
    Row(
        "add coordinator",
        lambda w: reverse("community:coordinator-add", args=[scheme(w).pk]),
        "post",
        scopes.SCHEME_MANAGERS,
        data=coordinator_username,
        ok=FOUND,
    ),
    Row("remove coordinator", coordinator_pk, "post", scopes.SCHEME_MANAGERS, ok=FOUND),
    Row(
        "scheme request",
        lambda w: reverse("community:scheme-request", args=[scheme_request(w).pk]),
        allowed=scopes.SCHEME_MANAGERS,
    ),
    Row(
        "scheme request (approve)",
        lambda w: reverse("community:scheme-request", args=[scheme_request(w).pk]),
        "post",
        scopes.SCHEME_MANAGERS,
        data=lambda w: {**scheme_data(w), "decision": "approve"},
        ok=FOUND,
    ),
    Row("my schemes", lambda w: r("my-schemes"), allowed=scopes.COORDINATORS, scoped=False),
    Row(
        "my scheme's members",
        lambda w: reverse("community:my-scheme", args=[scheme(w).pk]),
        allowed=scopes.COORDINATORS,
    ),
    Row(
        "message my members",
        lambda w: reverse("community:my-message", args=[scheme(w).pk]),
        allowed=scopes.COORDINATORS,
    ),
    Row(
        "message my members (send)",
        lambda w: reverse("community:my-message", args=[scheme(w).pk]),
        "post",
        scopes.COORDINATORS,
        data=lambda w: {"title": "Hello", "body": "Lock your sheds"},
        ok=FOUND,
    ),
    Row("speed watch groups", lambda w: r("csw-groups"), allowed=scopes.CSW_MANAGERS, scoped=False),
    Row(
        "speed watch group",
        lambda w: reverse("community:csw-group", args=[session(w).site.group_id]),
        allowed=scopes.CSW_MANAGERS,
    ),
    Row(
        "speed watch group (status)",
        lambda w: reverse("community:csw-group", args=[session(w).site.group_id]),
        "post",
        scopes.CSW_MANAGERS,
        data=lambda w: {"status": "closed"},
        ok=FOUND,
    ),
    Row(
        "new site",
        lambda w: reverse("community:csw-site-new", args=[session(w).site.group_id]),
        allowed=scopes.CSW_MANAGERS,
    ),
    Row(
        "new site (save)",
        lambda w: reverse("community:csw-site-new", args=[session(w).site.group_id]),
        "post",
        scopes.CSW_MANAGERS,
        data=lambda w: {"name": "Church Lane", "speed_limit": "30"},
        ok=FOUND,
    ),
    Row(
        "add volunteer",
        lambda w: reverse("community:csw-volunteer-add", args=[session(w).site.group_id]),
        "post",
        scopes.CSW_MANAGERS,
        data=volunteer_data,
        ok=FOUND,
    ),
    Row(
        "site statistics (staff)",
        lambda w: reverse("community:csw-site-stats", args=[session(w).site_id]),
        allowed=scopes.CSW_MANAGERS,
    ),
    Row(
        "site check",
        lambda w: reverse("community:csw-site-check", args=[proposed_site(w).pk]),
        allowed=scopes.CSW_SITE_APPROVERS,
    ),
    Row(
        "site check (save)",
        lambda w: reverse("community:csw-site-check", args=[proposed_site(w).pk]),
        "post",
        scopes.CSW_SITE_APPROVERS,
        data=lambda w: {"sight_lines_ok": "on", "safe_place_ok": "on", "decision": "approve"},
        ok=FOUND,
    ),
    Row(
        "session",
        lambda w: reverse("community:csw-session", args=[session(w).pk]),
        allowed=scopes.CSW_MANAGERS | scopes.CSW_VOLUNTEERS,
    ),
    Row(
        "session (log sheet)",
        lambda w: reverse("community:csw-session", args=[session(w).pk]),
        "post",
        scopes.CSW_MANAGERS | scopes.CSW_VOLUNTEERS,
        data=sheet_data,
        ok=FOUND,
    ),
    Row("letters", lambda w: r("csw-letters"), allowed=scopes.CSW_LETTER_STAFF, scoped=False),
    Row(
        "prepare letters",
        lambda w: r("csw-letters-prepare"),
        "post",
        scopes.CSW_LETTER_STAFF,
        ok=FOUND,
        scoped=False,
    ),
    Row("DVLA export", lambda w: r("csw-dvla"), allowed=scopes.CSW_LETTER_STAFF, scoped=False),
    Row(
        "keepers import",
        lambda w: r("csw-keepers"),
        "post",
        scopes.CSW_LETTER_STAFF,
        data=keepers_data,
        ok=FOUND,
        scoped=False,
    ),
    Row("make batch", lambda w: r("csw-batch-make"), "post", scopes.CSW_LETTER_STAFF, ok=FOUND, scoped=False),
    Row(
        "batch PDF",
        lambda w: reverse("community:csw-batch-pdf", args=[batch(w).pk]),
        allowed=scopes.CSW_LETTER_STAFF,
    ),
    Row("my sessions", lambda w: r("csw-my"), allowed=scopes.CSW_VOLUNTEERS, scoped=False),
    Row(
        "book a session",
        lambda w: reverse("community:csw-book", args=[session(w).site_id]),
        "post",
        scopes.CSW_VOLUNTEERS,
        data=lambda w: {"date": "2099-01-01", "start": "09:00", "end": "10:00"},
        ok=FOUND,
    ),
    Row(
        "join a session",
        lambda w: reverse("community:csw-join", args=[session(w).pk]),
        "post",
        scopes.CSW_VOLUNTEERS,
        ok=FOUND,
    ),
    Row(
        "record",
        lambda w: reverse("community:csw-record", args=[session(w).pk]),
        allowed=scopes.CSW_VOLUNTEERS,
    ),
    Row(
        "record (one vehicle)",
        lambda w: reverse("community:csw-record", args=[session(w).pk]),
        "post",
        scopes.CSW_VOLUNTEERS,
        data=reading_data,
        ok=FOUND,
    ),
    Row(
        "record (sync)",
        lambda w: reverse("community:csw-sync", args=[session(w).pk]),
        "post",
        scopes.CSW_VOLUNTEERS,
        data=sync_data,
    ),
    Row(
        "finish session",
        lambda w: reverse("community:csw-finish", args=[session(w).pk]),
        "post",
        scopes.CSW_VOLUNTEERS,
        data=lambda w: {"vehicles_counted": "120"},
        ok=FOUND,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
