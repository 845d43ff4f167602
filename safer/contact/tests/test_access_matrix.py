"""The contact app's staff pages in the access matrix (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.testing import create_contact_message

TEAM = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
READERS = TEAM | {Role.CONTACT_CENTRE}


def _message_pk(w: World) -> int:
    if "contact_message" not in w.extra:
        w.extra["contact_message"] = create_contact_message(w.neighbourhood)
    return int(w.extra["contact_message"].pk)


ROWS: list[Row] = [
    Row("contact inbox", lambda w: reverse("contact:inbox"), allowed=READERS),
    Row("contact message", lambda w: reverse("contact:message", args=[_message_pk(w)]), allowed=READERS),
    Row(
        "contact assign (post)",
        lambda w: reverse("contact:assign", args=[_message_pk(w)]),
        "post",
        TEAM,
        data=lambda w: {"assignee": ""},
        ok=(302,),
    ),
    Row(
        "contact reply (post)",
        lambda w: reverse("contact:reply", args=[_message_pk(w)]),
        "post",
        TEAM,
        data=lambda w: {"body": "Thank you, we will look into it."},
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
