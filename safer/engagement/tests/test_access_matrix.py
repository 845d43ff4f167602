"""Who may open which engagement staff page: the accounts access matrix (safer/accounts/tests/
matrix.py), run over this app's pages for every role, anonymous and a password-only session."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, check_everyone
from safer.testing import (
    create_correspondence,
    create_council,
    create_event,
    create_priority,
    create_station,
    create_survey,
)

EDITORS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})


def _slug(view: str):
    return lambda w: reverse(view, args=[w.neighbourhood.slug])


def _on(view: str, make):
    """The URL of `view` for an object `make` creates in the world's neighbourhood."""
    return lambda w: reverse(view, args=[make(w.neighbourhood).pk])


def _in_team(view: str, make):
    return lambda w: reverse(view, args=[w.neighbourhood.slug, make(w.neighbourhood).pk])


TODAY = timezone.localdate().isoformat()


def _key_place(nb):
    from safer.engagement.models import KeyPlace

    return KeyPlace.objects.create(neighbourhood=nb, kind="hot-spot", name="Bus station")


EVENT_DATA = {
    "kind": "vehicle",
    "title": "Visit",
    "address": "Square",
    "date": "2030-01-07",
    "start_time": "10:00",
    "end_time": "11:00",
    "publish": "on",
}
PRIORITY_DATA = {"issue": "Speeding on the High Street", "issue_date": TODAY}
CORRESPONDENCE_DATA = {
    "writer_kind": "resident",
    "writer_name": "A Resident",
    "channel": "letter",
    "received_on": TODAY,
    "subject": "Parking",
    "reply_due": "2030-01-07",
}


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
    Row("edit event", _in_team("engagement:staff-event-edit", create_event), allowed=EDITORS),
    Row(
        "edit event (post)",
        _in_team("engagement:staff-event-edit", create_event),
        "post",
        EDITORS,
        data=lambda w: EVENT_DATA,
        ok=(302,),
    ),
    Row(
        "publish event (post)",
        _on("engagement:staff-event-publish", lambda nb: create_event(nb, published_at=None)),
        "post",
        EDITORS,
        ok=(302,),
    ),
    Row("cancel event", _on("engagement:staff-event-cancel", create_event), allowed=EDITORS),
    Row("event outcome", _on("engagement:staff-event-outcome", create_event), allowed=EDITORS),
    Row(
        "event outcome (post)",
        _on("engagement:staff-event-outcome", create_event),
        "post",
        EDITORS,
        data=lambda w: {"attendance": "12", "issues_raised": "Parking"},
        ok=(302,),
    ),
    Row("station status", _on("engagement:staff-station", create_station), allowed=EDITORS),
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
        "council (post)",
        _on("engagement:staff-council", create_council),
        "post",
        EDITORS,
        data=lambda w: {
            "agreement": "1",
            "agreed_on": TODAY,
            "updates": "Crime figures",
            "frequency": "quarterly",
            "meetings_per_quarter": "1",
        },
        ok=(200, 302),
    ),
    Row(
        "send council update (post)",
        _on("engagement:staff-council-update-send", create_council),
        "post",
        EDITORS,
        ok=(200, 302),
    ),
    Row(
        "council update pdf",
        lambda w: reverse("engagement:staff-council-update-pdf", args=[create_council(w.neighbourhood).pk]),
        allowed=EDITORS,
    ),
    Row("concerns", lambda w: reverse("engagement:staff-concerns"), allowed=EDITORS),
    Row("new concern", _slug("engagement:staff-concern-new"), allowed=EDITORS),
    Row(
        "new concern (post)",
        _slug("engagement:staff-concern-new"),
        "post",
        EDITORS,
        data=lambda w: {"category": "speeding", "source": "meeting"},
        ok=(302,),
    ),
    Row("surveys", lambda w: reverse("engagement:staff-surveys"), allowed=EDITORS),
    Row("new survey", _slug("engagement:staff-survey-new"), allowed=EDITORS),
    Row("survey results", _on("engagement:staff-survey", create_survey), allowed=EDITORS),
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
    Row(
        "review priority (post)",
        _on("engagement:staff-priority-review", create_priority),
        "post",
        EDITORS,
        ok=(302,),
    ),
    Row("new priority", _slug("engagement:staff-priority-new"), allowed=EDITORS),
    Row(
        "new priority (post)",
        _slug("engagement:staff-priority-new"),
        "post",
        EDITORS,
        data=lambda w: PRIORITY_DATA,
        ok=(302,),
    ),
    Row("edit priority", _in_team("engagement:staff-priority-edit", create_priority), allowed=EDITORS),
    Row(
        "edit priority (post)",
        _in_team("engagement:staff-priority-edit", create_priority),
        "post",
        EDITORS,
        data=lambda w: PRIORITY_DATA,
        ok=(302,),
    ),
    Row("correspondence", lambda w: reverse("engagement:staff-correspondence"), allowed=EDITORS),
    Row("new correspondence", _slug("engagement:staff-correspondence-new"), allowed=EDITORS),
    Row(
        "new correspondence (post)",
        _slug("engagement:staff-correspondence-new"),
        "post",
        EDITORS,
        data=lambda w: CORRESPONDENCE_DATA,
        ok=(302,),
    ),
    Row(
        "correspondence reply (post)",
        _on("engagement:staff-correspondence-item", create_correspondence),
        "post",
        EDITORS,
        data=lambda w: {"replied_on": TODAY, "reply_summary": "We will patrol"},
        ok=(302,),
    ),
    Row(
        "correspondence item",
        lambda w: reverse(
            "engagement:staff-correspondence-item", args=[create_correspondence(w.neighbourhood).pk]
        ),
        allowed=EDITORS,
    ),
    # Issue 14: patrols logged at named places in two taps, and the social media log.
    Row("patrols", lambda w: reverse("engagement:staff-patrols"), allowed=EDITORS, scoped=False),
    Row(
        "patrol log (post)",
        lambda w: reverse("engagement:staff-patrol-log"),
        "post",
        EDITORS,
        data=lambda w: {"place": _key_place(w.neighbourhood).pk, "minutes": "30"},
        ok=(302,),
        object_in_data=True,
    ),
    Row("social posts", _slug("engagement:staff-social-posts"), allowed=EDITORS),
    Row(
        "social posts (post)",
        _slug("engagement:staff-social-posts"),
        "post",
        EDITORS,
        data=lambda w: {"platform": "facebook", "posted_on": TODAY, "summary": "Beat surgery on Friday"},
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
