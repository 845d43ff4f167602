"""Who may open which alerts staff page: the accounts access matrix (safer/accounts/tests/matrix.py)
run over every page under /alerts/staff/ for every role, anonymous and a password-only session;
then the out-of-scope checks: another team's message is a 404 on every page and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.alerts import actions
from safer.alerts.models import Message, MessageStatus, Target
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_staff, sign_in

EDITORS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})


def team_draft(author: Any, neighbourhood: Neighbourhood) -> Message:
    """A draft to one neighbourhood, written by a member of its team."""
    draft = actions.Draft(
        title="Bike thefts",
        body="Use a D-lock.",
        kind="crime",
        urgency="normal",
        target=Target.NEIGHBOURHOODS,
        neighbourhoods=[neighbourhood],
    )
    return actions.save_draft(author, draft)


def awaiting_approval(author: Any, neighbourhood: Neighbourhood) -> Message:
    message = team_draft(author, neighbourhood)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.AWAITING_APPROVAL, needs_approval=True)
    return message


def _message_url(
    view: str, make: Callable[[Any, Neighbourhood], Message] = team_draft
) -> Callable[[World], str]:
    return lambda w: reverse(view, args=[make(w.other_user, w.neighbourhood).pk])


ROWS: list[Row] = [
    Row("messages", lambda w: reverse("alerts:staff-list"), allowed=EDITORS),
    Row("write a message", lambda w: reverse("alerts:compose"), allowed=EDITORS),
    Row(
        "write a message (post)",
        lambda w: reverse("alerts:compose"),
        "post",
        EDITORS,
        data=lambda w: {
            "title": "Bike thefts at the station",
            "body": "Use the covered racks.",
            "kind": "crime",
            "urgency": "normal",
            "target": "neighbourhoods",
            "neighbourhoods": [w.neighbourhood.pk],
        },
        ok=(302,),
    ),
    Row("outbox", lambda w: reverse("alerts:outbox"), allowed=ADMINISTRATORS),
    Row("message", _message_url("alerts:staff-message"), allowed=EDITORS),
    Row("edit a draft", _message_url("alerts:edit"), allowed=EDITORS),
    Row(
        "edit a draft (post)",
        _message_url("alerts:edit"),
        "post",
        EDITORS,
        data=lambda w: {
            "title": "Bike thefts at the station",
            "body": "Use the covered racks.",
            "kind": "crime",
            "urgency": "normal",
            "target": "neighbourhoods",
            "neighbourhoods": [w.neighbourhood.pk],
        },
        ok=(302,),
    ),
    Row("progress", _message_url("alerts:progress"), allowed=EDITORS),
    Row("send (post)", _message_url("alerts:send"), "post", EDITORS, ok=(302,)),
    Row("cancel (post)", _message_url("alerts:cancel"), "post", EDITORS, ok=(302,)),
    Row("approve (post)", _message_url("alerts:approve", awaiting_approval), "post", SUPERVISORS, ok=(302,)),
    Row(
        "reject (post)",
        _message_url("alerts:reject", awaiting_approval),
        "post",
        SUPERVISORS,
        data=lambda w: {"reason": "Too wide"},
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)


MESSAGE_PAGES = [
    ("get", "alerts:staff-message", {}),
    ("get", "alerts:edit", {}),
    ("get", "alerts:progress", {}),
    (
        "post",
        "alerts:edit",
        {"title": "Changed", "body": "Changed", "kind": "crime", "target": "neighbourhoods"},
    ),
    ("post", "alerts:send", {}),
    ("post", "alerts:cancel", {}),
    ("post", "alerts:approve", {}),
    ("post", "alerts:reject", {"reason": "No"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PCSO, Role.SERGEANT])
@pytest.mark.parametrize(("method", "view", "data"), MESSAGE_PAGES, ids=lambda v: str(v))
def test_another_teams_message_is_not_found_and_left_as_it_was(
    client: Client, role: str, method: str, view: str, data: dict[str, str]
) -> None:
    mine, theirs = create_neighbourhood(), create_neighbourhood()
    author = create_staff(Role.PC, neighbourhoods=[theirs])
    message = awaiting_approval(author, theirs) if view in {"alerts:approve", "alerts:reject"} else None
    message = message or team_draft(author, theirs)
    before = Message.objects.values().get(pk=message.pk)
    sign_in(client, create_staff(role, neighbourhoods=[mine]))
    url = reverse(view, args=[message.pk])
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code in (403, 404)  # 403: a PCSO may not approve anything at all
    assert Message.objects.values().get(pk=message.pk) == before
