"""The victims app's staff pages in the access matrix (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safer.accounts.scopes import VICTIM_READERS
from safer.accounts.tests.matrix import SUBJECTS, Row, check_row, check_unverified

ROWS: list[Row] = [
    Row("repeat victims", lambda w: reverse("victims:repeats"), allowed=VICTIM_READERS),
    # An incomplete contact: allowed roles see the form again with its errors, nothing is written.
    Row(
        "repeat victims (post)",
        lambda w: reverse("victims:repeats"),
        "post",
        VICTIM_READERS,
        data=lambda w: {"method": "visit"},
        ok=(200,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_lets_only_the_allowed_roles_in(client: Client, row: Row, subject: str) -> None:
    check_row(client, row, subject)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_sends_a_password_only_session_to_the_code_step(client: Client, row: Row) -> None:
    check_unverified(client, row)
