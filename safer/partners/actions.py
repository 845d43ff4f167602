"""Changes to partnership records and ASB Case Reviews. Each checks the actor's role (and, for a
case review, that its neighbourhood is in scope), writes an audit entry, and sends any message to
the applicant through `lib.sending.send_now` inside the same transaction."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.scopes import CASE_REVIEWERS, PARTNERSHIP_EDITORS, check, check_in_scope
from safer.lib import sending
from safer.partners import casereview
from safer.partners.models import (
    Agency,
    AgreementReview,
    CaseReviewApplication,
    CaseReviewComplaint,
    CaseReviewRecommendation,
    ForumAction,
    ForumMeeting,
    MeetingAttendance,
    SharingAgreement,
)
from safer.partners.models.casereview import Stage
from safer.partners.models.forums import ActionStatus, Forum
from safer.places.models import Neighbourhood

User = AbstractBaseUser | AnonymousUser


class ActionRefused(ValueError):
    """The change cannot be made as asked (the message says why); nothing was changed."""


# Agreements and forums.


@transaction.atomic
def review_agreement(
    actor: User, agreement: SharingAgreement, reviewed_on: dt.date, next_review_date: dt.date, notes: str
) -> AgreementReview:
    """Record a review and move the agreement's review date on: sharing continues until then."""
    check(actor, PARTNERSHIP_EDITORS)
    agreement = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    review = AgreementReview.objects.create(
        agreement=agreement,
        reviewed_on=reviewed_on,
        was_due=agreement.review_date,
        next_review_date=next_review_date,
        reviewed_by=actor if actor.is_authenticated else None,  # type: ignore[misc]
        notes=notes,
    )
    audit.record(
        actor,
        "partners.agreement.reviewed",
        agreement,
        {"review_date": [str(agreement.review_date), str(next_review_date)]},
    )
    agreement.review_date = next_review_date
    agreement.save(update_fields=["review_date"])
    return review


@transaction.atomic
def add_meeting(actor: User, forum: Forum, held_on: dt.date, venue: str, notes: str) -> ForumMeeting:
    check(actor, PARTNERSHIP_EDITORS)
    if ForumMeeting.objects.filter(forum=forum, held_on=held_on).exists():
        raise ActionRefused("This forum already has a meeting on that date.")
    meeting = ForumMeeting.objects.create(forum=forum, held_on=held_on, venue=venue, notes=notes)
    audit.record(actor, "partners.meeting.added", meeting, {"held_on": [None, str(held_on)]})
    return meeting


@transaction.atomic
def record_attendance(
    actor: User, meeting: ForumMeeting, agency: Agency | None, representative: str, status: str
) -> MeetingAttendance:
    """Set one organisation's attendance at a meeting (replacing what was recorded before)."""
    check(actor, PARTNERSHIP_EDITORS)
    row, _ = MeetingAttendance.objects.update_or_create(
        meeting=meeting, agency=agency, defaults={"representative": representative, "status": status}
    )
    audit.record(
        actor, "partners.attendance.recorded", meeting, {"attendance": [None, f"{row.agency_id}:{status}"]}
    )
    return row


@transaction.atomic
def add_action(
    actor: User,
    meeting: ForumMeeting,
    description: str,
    owner: Agency | None,
    owner_name: str,
    due_on: dt.date | None,
) -> ForumAction:
    check(actor, PARTNERSHIP_EDITORS)
    action = ForumAction.objects.create(
        meeting=meeting, description=description, owner_agency=owner, owner_name=owner_name, due_on=due_on
    )
    audit.record(actor, "partners.forum_action.added", action)
    return action


@transaction.atomic
def set_action_status(actor: User, action: ForumAction, status: str) -> ForumAction:
    check(actor, PARTNERSHIP_EDITORS)
    before = action.status
    action.status = status
    action.completed_on = timezone.localdate() if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "completed_on"])
    audit.record(actor, "partners.forum_action.status", action, {"status": [before, status]})
    return action


# ASB Case Review: the application (public) and its handling (staff).


def new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        ref = "CR-" + "".join(secrets.choice(alphabet) for _ in range(6))
        if not CaseReviewApplication.objects.filter(reference=ref).exists():
            return ref


@transaction.atomic
def submit_application(
    neighbourhood: Neighbourhood, answers: dict[str, object], complaints: list[tuple[dt.date, str, str]]
) -> CaseReviewApplication:
    """Store a member of the public's application (answers checked by the form) and send its
    receipt. The area is the neighbourhood's current policing area."""
    area = neighbourhood.current_area()
    if area is None:
        raise ActionRefused("We could not tell which policing area covers this postcode.")
    application = CaseReviewApplication.objects.create(
        reference=new_reference(),
        area=area,
        neighbourhood=neighbourhood,
        received_at=timezone.now(),
        **answers,  # type: ignore[arg-type]
    )
    CaseReviewComplaint.objects.bulk_create(
        CaseReviewComplaint(application=application, reported_on=on, reported_to=to, their_reference=ref)
        for on, to, ref in complaints
    )
    audit.record(None, "partners.case_review.received", application)
    _tell_applicant(
        application,
        f"Your ASB Case Review application {application.reference}",
        f"We have received your application for an ASB Case Review. Your reference is "
        f"{application.reference}.\n\nWe will acknowledge it within "
        f"{casereview.settings_for(area).acknowledge_working_days} working days and tell you by "
        f"{casereview.clocks(application).decide_by:%d %B %Y} whether the threshold for a review is met.",
    )
    return application


def _tell_applicant(application: CaseReviewApplication, subject: str, text: str) -> None:
    ref = f"partners.case-review:{application.pk}"
    if application.applicant_email:
        sending.send_now(
            sending.Transactional(sending.EMAIL, application.applicant_email, subject, text, ref=ref)
        )
    elif application.applicant_phone:
        sending.send_now(
            sending.Transactional(
                sending.SMS, application.applicant_phone, subject, f"{subject}. {text}"[:600], ref=ref
            )
        )


def _locked(actor: User, application: CaseReviewApplication) -> CaseReviewApplication:
    check_in_scope(actor, CASE_REVIEWERS, application)
    return CaseReviewApplication.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def acknowledge(actor: User, application: CaseReviewApplication) -> CaseReviewApplication:
    application = _locked(actor, application)
    if application.acknowledged_at is not None:
        raise ActionRefused("This application has already been acknowledged.")
    application.acknowledged_at = timezone.now()
    application.stage = Stage.ACKNOWLEDGED
    application.handled_by = actor if actor.is_authenticated else None  # type: ignore[assignment]
    application.save(update_fields=["acknowledged_at", "stage", "handled_by"])
    audit.record(actor, "partners.case_review.acknowledged", application)
    clocks = casereview.clocks(application)
    _tell_applicant(
        application,
        f"ASB Case Review {application.reference}: acknowledged",
        f"Your application has been passed to the police, the council, health and housing providers. "
        f"We will tell you by {clocks.decide_by:%d %B %Y} whether the threshold for a review is met.",
    )
    return application


@transaction.atomic
def decide(actor: User, application: CaseReviewApplication, met: bool, reason: str) -> CaseReviewApplication:
    """Record the threshold decision. With at least the area's number of qualifying complaints the
    Act says the threshold is met: a 'not met' decision is refused."""
    application = _locked(actor, application)
    if application.acknowledged_at is None:
        raise ActionRefused("Acknowledge the application first.")
    if application.decided_at is not None:
        raise ActionRefused("The threshold has already been decided.")
    if not met and casereview.threshold_automatically_met(application):
        raise ActionRefused(
            "There are enough qualifying complaints: the Act says the threshold is met. Mark any "
            "complaint that does not qualify first."
        )
    application.decided_at = timezone.now()
    application.threshold_met = met
    application.decision_reason = reason
    application.stage = Stage.THRESHOLD_MET if met else Stage.THRESHOLD_NOT_MET
    application.save(update_fields=["decided_at", "threshold_met", "decision_reason", "stage"])
    audit.record(actor, "partners.case_review.decided", application, {"threshold_met": [None, str(met)]})
    outcome = "is met: a case review will be held" if met else "is not met"
    _tell_applicant(
        application,
        f"ASB Case Review {application.reference}: decision",
        f"The threshold for an ASB Case Review {outcome}.\n\n{reason}\n\nIf you disagree with this "
        f"decision you can ask for it to be looked at again, quoting {application.reference}.",
    )
    return application


@transaction.atomic
def mark_complaint(actor: User, complaint: CaseReviewComplaint, qualifying: bool) -> CaseReviewComplaint:
    check_in_scope(actor, CASE_REVIEWERS, complaint.application)
    if complaint.application.decided_at is not None:
        raise ActionRefused("The threshold has already been decided.")
    complaint.qualifying = qualifying
    complaint.save(update_fields=["qualifying"])
    audit.record(
        actor,
        "partners.case_review.complaint_marked",
        complaint.application,
        {"complaint": [complaint.pk, qualifying]},
    )
    return complaint


def parse_recommendations(text: str, agencies: list[Agency]) -> list[tuple[str, Agency | None]]:
    """One recommendation a line; "Agency name: text" gives it to that agency."""
    by_name = {a.name.lower(): a for a in agencies}
    found: list[tuple[str, Agency | None]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        head, sep, tail = line.partition(":")
        agency = by_name.get(head.strip().lower()) if sep else None
        found.append((tail.strip() if agency else line, agency))
    return found


@transaction.atomic
def record_review(
    actor: User, application: CaseReviewApplication, held_on: dt.date, summary: str, recommendations: str
) -> CaseReviewApplication:
    application = _locked(actor, application)
    if not application.threshold_met:
        raise ActionRefused("A review is held only when the threshold is met.")
    if application.review_held_on is not None:
        raise ActionRefused("The review has already been recorded.")
    if held_on < timezone.localdate(application.received_at):
        raise ActionRefused("The review cannot be before the application.")
    application.review_held_on = held_on
    application.review_summary = summary
    application.stage = Stage.REVIEWED
    application.save(update_fields=["review_held_on", "review_summary", "stage"])
    rows = parse_recommendations(recommendations, list(Agency.objects.filter(active=True)))
    CaseReviewRecommendation.objects.bulk_create(
        CaseReviewRecommendation(application=application, text=text, agency=agency) for text, agency in rows
    )
    audit.record(actor, "partners.case_review.reviewed", application, {"recommendations": [None, len(rows)]})
    _tell_applicant(
        application,
        f"ASB Case Review {application.reference}: outcome",
        f"The case review was held on {held_on:%d %B %Y}.\n\n{summary}"
        + ("\n\nRecommendations:\n" + "\n".join(f"- {t}" for t, _ in rows) if rows else ""),
    )
    return application


@transaction.atomic
def record_appeal(
    actor: User, application: CaseReviewApplication, requested_on: dt.date
) -> CaseReviewApplication:
    application = _locked(actor, application)
    if application.decided_at is None:
        raise ActionRefused("There is no decision to appeal yet.")
    if application.appeal_requested_at is not None:
        raise ActionRefused("An appeal has already been recorded.")
    tz = timezone.get_current_timezone()
    application.appeal_requested_at = dt.datetime.combine(requested_on, dt.time(12), tzinfo=tz)
    application.stage = Stage.APPEALED
    application.save(update_fields=["appeal_requested_at", "stage"])
    audit.record(actor, "partners.case_review.appealed", application)
    return application


@transaction.atomic
def decide_appeal(
    actor: User, application: CaseReviewApplication, upheld: bool, reason: str
) -> CaseReviewApplication:
    application = _locked(actor, application)
    if application.appeal_requested_at is None or application.appeal_decided_at is not None:
        raise ActionRefused("There is no appeal waiting for a decision.")
    application.appeal_decided_at = timezone.now()
    application.appeal_upheld = upheld
    application.appeal_reason = reason
    application.stage = Stage.CLOSED
    application.save(update_fields=["appeal_decided_at", "appeal_upheld", "appeal_reason", "stage"])
    audit.record(actor, "partners.case_review.appeal_decided", application, {"upheld": [None, str(upheld)]})
    _tell_applicant(
        application,
        f"ASB Case Review {application.reference}: your appeal",
        (
            "Your appeal was upheld: the case will be looked at again."
            if upheld
            else "Your appeal was not upheld."
        )
        + f"\n\n{reason}",
    )
    return application
