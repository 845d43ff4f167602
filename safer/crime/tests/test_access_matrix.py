"""The crime app's back-office pages in the access matrix (safer/accounts/tests/matrix.py): every
role, anonymous and a password-only session. Victim contacts and prevention responses are in the
victims and problems apps' matrices."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, check_everyone

READERS = scopes.CRIME_READERS
TODAY = timezone.localdate().isoformat()


ROWS: list[Row] = [
    Row("crime overview", lambda w: reverse("crime:overview"), allowed=READERS),
    Row("repeat locations", lambda w: reverse("crime:repeat-locations"), allowed=READERS),
    Row("hot spots", lambda w: reverse("crime:hot-spots"), allowed=READERS),
    Row("near repeat", lambda w: reverse("crime:near-repeat"), allowed=READERS),
    Row("import log", lambda w: reverse("crime:imports"), allowed=scopes.IMPORT_READERS),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
