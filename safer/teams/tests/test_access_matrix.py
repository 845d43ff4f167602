"""Who may change a team's description and contact details (the other teams pages' rows are in
safer/accounts/tests/test_access_matrix.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, check_everyone

ROWS = [
    Row(
        "team details",
        lambda w: reverse("teams:team-details", args=[w.neighbourhood.slug]),
        allowed=scopes.TEAM_PAGE_EDITORS,
    ),
    Row(
        "team details: save",
        lambda w: reverse("teams:team-details", args=[w.neighbourhood.slug]),
        method="post",
        data=lambda w: {"description": "We police the town centre.", "email": "", "telephone": "101"},
        allowed=scopes.TEAM_PAGE_EDITORS,
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
