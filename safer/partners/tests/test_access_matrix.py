"""The partners app's staff pages in the access matrix (safer/accounts/tests/matrix.py): every role,
anonymous and a password-only session; a case review in another team's neighbourhood is refused
with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.partners.models import (
    Agency,
    CaseReviewApplication,
    CaseReviewComplaint,
    Forum,
    ForumAction,
    ForumMeeting,
    SharingAgreement,
)
from safer.partners.models.forums import ForumKind
from safer.partners.tests.factories import create_agency, create_agreement

TODAY = timezone.localdate()


def agency(w: World) -> Agency:
    if "agency" not in w.extra:
        w.extra["agency"] = create_agency()
    found: Agency = w.extra["agency"]
    return found


def agreement(w: World) -> SharingAgreement:
    if "agreement" not in w.extra:
        w.extra["agreement"] = create_agreement(agency(w))
    found: SharingAgreement = w.extra["agreement"]
    return found


def forum(w: World) -> Forum:
    if "forum" not in w.extra:
        f = Forum.objects.create(name=f"CSP {w.neighbourhood.pk}", kind=ForumKind.CSP)
        f.members.add(agency(w))
        w.extra["forum"] = f
    found: Forum = w.extra["forum"]
    return found


def meeting(w: World) -> ForumMeeting:
    if "meeting" not in w.extra:
        w.extra["meeting"] = ForumMeeting.objects.create(forum=forum(w), held_on=TODAY - dt.timedelta(days=7))
    found: ForumMeeting = w.extra["meeting"]
    return found


def forum_action(w: World) -> ForumAction:
    if "action" not in w.extra:
        w.extra["action"] = ForumAction.objects.create(meeting=meeting(w), description="Cut back the hedges")
    found: ForumAction = w.extra["action"]
    return found


def application(w: World, **state: object) -> CaseReviewApplication:
    """A case review in the world's neighbourhood, moved on to the state a row needs."""
    if "application" not in w.extra:
        area = w.neighbourhood.areas.first()
        assert area is not None
        a = CaseReviewApplication.objects.create(
            reference=f"CR-T{w.neighbourhood.pk}",
            area=area,
            neighbourhood=w.neighbourhood,
            received_at=timezone.now() - dt.timedelta(days=2),
            applicant_name="Pat Example",
            applicant_email="pat@example.org",
            applicant_postcode="WR1 1AA",
            behaviour="Motorbikes on the field every night",
            location="Playing field",
        )
        CaseReviewComplaint.objects.create(
            application=a, reported_on=TODAY - dt.timedelta(days=20), reported_to="police"
        )
        w.extra["application"] = a
    found: CaseReviewApplication = w.extra["application"]
    if state:
        CaseReviewApplication.objects.filter(pk=found.pk).update(**state)
        found.refresh_from_db()
    return found


def acknowledged(w: World) -> CaseReviewApplication:
    return application(w, acknowledged_at=timezone.now(), stage="acknowledged")


def met(w: World) -> CaseReviewApplication:
    return application(
        w, acknowledged_at=timezone.now(), decided_at=timezone.now(), threshold_met=True, stage="met"
    )


def appealed(w: World) -> CaseReviewApplication:
    return application(
        w,
        acknowledged_at=timezone.now(),
        decided_at=timezone.now(),
        threshold_met=False,
        stage="appealed",
        appeal_requested_at=timezone.now(),
    )


READ = scopes.PARTNERSHIP_READERS
EDIT = scopes.PARTNERSHIP_EDITORS
CASES = scopes.CASE_REVIEWERS
SEEN = (302,)

ROWS: list[Row] = [
    Row("agencies", lambda w: reverse("partners:agencies"), allowed=READ, scoped=False),
    Row("agency", lambda w: reverse("partners:agency", args=[agency(w).pk]), allowed=READ, scoped=False),
    Row("agreements", lambda w: reverse("partners:agreements"), allowed=READ, scoped=False),
    Row(
        "agreement",
        lambda w: reverse("partners:agreement", args=[agreement(w).pk]),
        allowed=READ,
        scoped=False,
    ),
    Row(
        "agreement review",
        lambda w: reverse("partners:agreement-review", args=[agreement(w).pk]),
        "post",
        EDIT,
        data=lambda w: {
            "reviewed_on": TODAY.isoformat(),
            "next_review_date": (TODAY + dt.timedelta(days=365)).isoformat(),
        },
        ok=SEEN,
        scoped=False,
    ),
    Row("forums", lambda w: reverse("partners:forums"), allowed=READ, scoped=False),
    Row("forum", lambda w: reverse("partners:forum", args=[forum(w).pk]), allowed=READ, scoped=False),
    Row(
        "add meeting",
        lambda w: reverse("partners:meeting-add", args=[forum(w).pk]),
        "post",
        EDIT,
        data=lambda w: {"held_on": TODAY.isoformat(), "venue": "Town hall"},
        ok=SEEN,
        scoped=False,
    ),
    Row("meeting", lambda w: reverse("partners:meeting", args=[meeting(w).pk]), allowed=READ, scoped=False),
    Row(
        "meeting attendance",
        lambda w: reverse("partners:meeting-attendance", args=[meeting(w).pk]),
        "post",
        EDIT,
        data=lambda w: {"agency": "", "status": "present", "representative": "Sgt Example"},
        ok=SEEN,
        scoped=False,
    ),
    Row(
        "meeting action",
        lambda w: reverse("partners:meeting-action", args=[meeting(w).pk]),
        "post",
        EDIT,
        data=lambda w: {"description": "Survey the alleyway lighting", "owner_agency": str(agency(w).pk)},
        ok=SEEN,
        scoped=False,
    ),
    Row(
        "action status",
        lambda w: reverse("partners:action-status", args=[forum_action(w).pk]),
        "post",
        EDIT,
        data=lambda w: {"status": "done"},
        ok=SEEN,
        scoped=False,
    ),
    Row("my agency", lambda w: reverse("partners:my-agency"), allowed=scopes.PARTNERS, scoped=False),
    Row("case reviews", lambda w: reverse("partners:case-reviews"), allowed=CASES, scoped=False),
    Row("case review", lambda w: reverse("partners:case-review", args=[application(w).pk]), allowed=CASES),
    Row(
        "case review acknowledge",
        lambda w: reverse("partners:case-review-acknowledge", args=[application(w).pk]),
        "post",
        CASES,
        ok=SEEN,
    ),
    Row(
        "case review complaint",
        lambda w: reverse(
            "partners:case-review-complaint",
            args=[acknowledged(w).pk, acknowledged(w).complaints.get().pk],
        ),
        "post",
        CASES,
        data=lambda w: {"qualifying": "no"},
        ok=SEEN,
    ),
    Row(
        "case review decide",
        lambda w: reverse("partners:case-review-decide", args=[acknowledged(w).pk]),
        "post",
        CASES,
        data=lambda w: {"threshold_met": "yes", "reason": "Persistent and harmful."},
        ok=SEEN,
    ),
    Row(
        "case review review",
        lambda w: reverse("partners:case-review-review", args=[met(w).pk]),
        "post",
        CASES,
        data=lambda w: {
            "held_on": TODAY.isoformat(),
            "summary": "Agreed a joint plan.",
            "recommendations": "Patrols",
        },
        ok=SEEN,
    ),
    Row(
        "case review appeal",
        lambda w: reverse("partners:case-review-appeal", args=[met(w).pk]),
        "post",
        CASES,
        data=lambda w: {"requested_on": TODAY.isoformat()},
        ok=SEEN,
    ),
    Row(
        "case review appeal decision",
        lambda w: reverse("partners:case-review-appeal-decision", args=[appealed(w).pk]),
        "post",
        CASES,
        data=lambda w: {"upheld": "no", "reason": "The decision considered every report."},
        ok=SEEN,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
