"""Who may open which engagement staff page: the accounts access matrix (safer/accounts/tests/
matrix.py), run over this app's pages for every role, anonymous and a password-only session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts.models import Role
from safer.accounts.tests.matrix import SUBJECTS, Row, check_row, check_unverified
from safer.testing import create_correspondence, create_council, create_event, create_priority, create_station

EDITORS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})


def _slug(view: str):
    return lambda w: reverse(view, args=[w.neighbourhood.slug])


ROWS: list[Row] = [
    Row("engagement home", lambda w: reverse("engagement:staff-home"), allowed=EDITORS),
    Row("events", lambda w: reverse("engagement:staff-events"), allowed=EDITORS),
    Row("new event", _slug("engagement:staff-event-new"), allowed=EDITORS),
    Row(
        "new event (post)",
        _slug("engagement:staff-event-new"),
        "post",
        EDITORS,
        data=lambda w: {
            "kind": "vehicle",
            "title": "Visit",
            "address": "Square",
            "date": "2030-01-07",
            "start_time": "10:00",
            "end_time": "11:00",
            "publish": "on",
        },
        ok=(302,),
    ),
    Row(
        "event",
        lambda w: reverse("engagement:staff-event", args=[create_event(w.neighbourhood).pk]),
        allowed=EDITORS,
    ),
    Row(
        "cancel event (post)",
        lambda w: reverse("engagement:staff-event-cancel", args=[create_event(w.neighbourhood).pk]),
        "post",
        EDITORS,
        data=lambda w: {"reason": "Weather"},
        ok=(302,),
    ),
    Row(
        "station status (post)",
        lambda w: reverse("engagement:staff-station", args=[create_station(w.neighbourhood).pk]),
        "post",
        EDITORS,
        data=lambda w: {"status": "open"},
        ok=(302,),
    ),
    Row("councils", lambda w: reverse("engagement:staff-councils"), allowed=EDITORS),
    Row(
        "council",
        lambda w: reverse("engagement:staff-council", args=[create_council(w.neighbourhood).pk]),
        allowed=EDITORS,
    ),
    Row(
        "council update pdf",
        lambda w: reverse("engagement:staff-council-update-pdf", args=[create_council(w.neighbourhood).pk]),
        allowed=EDITORS,
    ),
    Row("concerns", lambda w: reverse("engagement:staff-concerns"), allowed=EDITORS),
    Row("new concern", _slug("engagement:staff-concern-new"), allowed=EDITORS),
    Row("surveys", lambda w: reverse("engagement:staff-surveys"), allowed=EDITORS),
    Row("new survey", _slug("engagement:staff-survey-new"), allowed=EDITORS),
    Row(
        "new survey (post)",
        _slug("engagement:staff-survey-new"),
        "post",
        EDITORS,
        data=lambda w: {
            "slots": "1",
            "title": "Priorities",
            "opens_on": "2030-01-07",
            "closes_on": "2030-02-07",
            "q1_text": "How safe do you feel?",
            "q1_kind": "scale",
        },
        ok=(302,),
    ),
    Row("priorities", lambda w: reverse("engagement:staff-priorities"), allowed=EDITORS),
    Row(
        "publish priority (post)",
        lambda w: reverse("engagement:staff-priority-publish", args=[create_priority(w.neighbourhood).pk]),
        "post",
        SUPERVISORS,
        ok=(302,),
    ),
    Row("correspondence", lambda w: reverse("engagement:staff-correspondence"), allowed=EDITORS),
    Row(
        "correspondence item",
        lambda w: reverse(
            "engagement:staff-correspondence-item", args=[create_correspondence(w.neighbourhood).pk]
        ),
        allowed=EDITORS,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_lets_only_the_allowed_roles_in(client, row, subject):
    check_row(client, row, subject)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_it_sends_a_password_only_session_to_the_code_step(client, row):
    check_unverified(client, row)
