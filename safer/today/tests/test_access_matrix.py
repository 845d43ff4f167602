"""Who may open "today" and use its one-tap duty button (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, check_everyone

ROWS = [
    Row("today", lambda w: reverse("today:today"), allowed=scopes.ANY_STAFF, scoped=False),
    Row(
        "today: one-tap duty",
        lambda w: reverse("today:duty"),
        method="post",
        data=lambda w: {"status": "on"},
        allowed=scopes.TEAM_EDITORS,
        ok=(302,),
        scoped=False,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
