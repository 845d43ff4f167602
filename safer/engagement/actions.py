"""Every change to engagement data goes through these functions (one transaction each; tasks are
enqueued on commit and given ids). Each checks role and scope again through accounts.scopes, so a
new caller cannot skip the rule; station status and correspondence changes are audited."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.rrule import rrulestr
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from safer.accounts import audit, scopes
from safer.engagement.models import (
    Answer,
    Concern,
    ConcernCategory,
    ConcernSource,
    Correspondence,
    CouncilAgreement,
    CouncilMeeting,
    Event,
    EventStatus,
    ParishCouncil,
    ParishUpdate,
    Priority,
    Question,
    QuestionKind,
    Station,
    StationStatus,
    StationStatusChange,
    Survey,
    SurveyResponse,
)
from safer.places.models import Neighbourhood, Parish
from safer.teams.models import Person

log = logging.getLogger(__name__)
User = AbstractBaseUser | AnonymousUser

CORRESPONDENCE_FIELDS = [
    "writer_kind",
    "writer_name",
    "writer_from",
    "channel",
    "received_on",
    "subject",
    "reply_due",
    "assigned_to",
    "replied_on",
    "reply_summary",
]
STATION_FIELDS = ["status", "available_until", "status_note"]
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")


def _actor(user: User | None) -> Any:
    """The account to store as who did something (None for anonymous or system changes)."""
    return user if user is not None and user.is_authenticated else None


def check_team(user: User, neighbourhood: Neighbourhood, roles: Iterable[str] = scopes.TEAM_EDITORS) -> None:
    if not scopes.can_act_on(user, neighbourhood, roles=roles):
        raise PermissionDenied("This neighbourhood is not in your scope, or your role cannot do this.")


def validate_rrule(rule: str, start: dt.datetime) -> str:
    """An RFC 5545 RRULE the app can expand: daily, weekly or monthly, ending by a count or a date
    (an UNTIL in UTC, e.g. 20261231T235959Z, as RFC 5545 requires with a zoned start)."""
    rule = rule.strip().upper().removeprefix("RRULE:")
    if not rule:
        return ""
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError("A repeating event must repeat daily, weekly or monthly.")
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise ValidationError("Say how many times the event repeats, or until when.")
    try:
        rrulestr(rule, dtstart=timezone.localtime(start))
    except (ValueError, TypeError):
        raise ValidationError("That repeat rule is not valid.")
    return rule


# --- events ----------------------------------------------------------------------------------


def _stamp_published(event: Event, now: dt.datetime) -> None:
    event.status = EventStatus.PUBLISHED
    event.published_at = now
    # The gap is kept as it was when published: moving the event later must not rewrite history.
    event.notice_days = round((event.start - now).total_seconds() / 86400, 2)


def save_event(
    user: User,
    neighbourhood: Neighbourhood,
    fields: Mapping[str, Any],
    *,
    attendees: Iterable[Person] = (),
    publish: bool = False,
    event: Event | None = None,
) -> Event:
    """Create or change an event; `publish` puts it on the public pages, feeds and the API now."""
    check_team(user, neighbourhood)
    with transaction.atomic():
        event = event or Event(neighbourhood=neighbourhood, created_by=_actor(user))
        if event.status == EventStatus.CANCELLED:
            raise ValidationError("A cancelled event cannot be changed.")
        for name, value in fields.items():
            setattr(event, name, value)
        if event.end <= event.start:
            raise ValidationError("The end must be after the start.")
        event.rrule = validate_rrule(event.rrule, event.start)
        if publish and event.status == EventStatus.DRAFT:
            _stamp_published(event, timezone.now())
        event.full_clean(exclude=["created_by", "attendees"])
        event.save()
        event.attendees.set(list(attendees))
    return event


def publish_event(user: User, event: Event) -> Event:
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        if event.status == EventStatus.DRAFT:
            _stamp_published(event, timezone.now())
            event.save(update_fields=["status", "published_at", "notice_days"])
    return event


def _notify_subscribers(user: User, event: Event) -> str:
    """Tell the neighbourhood's event subscribers through Neighbourhood Matters; returns what happened."""
    from safer.alerts import actions as alerts
    from safer.alerts.models import Kind, MessageStatus, Target, Urgency

    when = timezone.localtime(event.start)
    body = (
        f"{event.title} on {when:%A %-d %B %Y at %H:%M}, at {event.address}, has been cancelled."
        + (f" Reason: {event.cancellation_reason}" if event.cancellation_reason else "")
        + " We are sorry for any inconvenience."
    )
    draft = alerts.Draft(
        title=f"Cancelled: {event.title}"[:200],
        body=body,
        kind=Kind.EVENT,
        urgency=Urgency.NORMAL,
        target=Target.NEIGHBOURHOODS,
        neighbourhoods=[event.neighbourhood],
    )
    try:
        message = alerts.submit(user, alerts.save_draft(user, draft))
    except alerts.ScopeError as error:
        return f"Not sent: {error}"[:200]
    if message.status == MessageStatus.AWAITING_APPROVAL:
        return f"Alert #{message.pk} written to event subscribers, waiting for a supervisor's approval"
    return f"Alert #{message.pk} sent to event subscribers"


def cancel_event(user: User, event: Event, reason: str) -> Event:
    """Cancel, keep it listed as cancelled, and send a notice to those subscribed to events."""
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("neighbourhood").get(pk=event.pk)
        if event.status == EventStatus.CANCELLED:
            raise ValidationError("This event is already cancelled.")
        was_public = event.status == EventStatus.PUBLISHED
        event.status = EventStatus.CANCELLED
        event.cancelled_at = timezone.now()
        event.cancellation_reason = reason.strip()[:300]
        # A draft nobody saw needs no notice.
        event.cancellation_notice = (
            _notify_subscribers(user, event) if was_public else "Not published, so no notice was needed"
        )
        event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "cancellation_notice"])
        audit.record(
            user, "event.cancelled", event, {"status": ["published" if was_public else "draft", "cancelled"]}
        )
    return event


def record_outcome(
    user: User,
    event: Event,
    attendance: int | None,
    issues_raised: str,
    concerns: Iterable[tuple[str, Parish | None]] = (),
) -> Event:
    """After the event: how many came, the issues they raised, and each concern recorded."""
    check_team(user, event.neighbourhood)
    with transaction.atomic():
        event.attendance = attendance
        event.issues_raised = issues_raised.strip()
        event.save(update_fields=["attendance", "issues_raised"])
        for category, parish in concerns:
            record_concern(
                user,
                event.neighbourhood,
                category=category,
                source=ConcernSource.DROP_IN,
                parish=parish or event.parish,
                event=event,
            )
    return event


# --- stations --------------------------------------------------------------------------------


def set_station_status(
    user: User, station: Station, status: str, available_until: dt.time | None = None, note: str = ""
) -> Station:
    check_team(user, station.neighbourhood)
    if status == StationStatus.AVAILABLE_UNTIL and available_until is None:
        raise ValidationError("Say until what time officers are available.")
    with transaction.atomic():
        station = Station.objects.select_for_update().get(pk=station.pk)
        before = Station.objects.get(pk=station.pk)
        station.status = status
        station.available_until = available_until if status == StationStatus.AVAILABLE_UNTIL else None
        station.status_note = note.strip()[:200]
        station.status_set_at = timezone.now()
        station.save(update_fields=[*STATION_FIELDS, "status_set_at"])
        StationStatusChange.objects.create(
            station=station,
            status=station.status,
            available_until=station.available_until,
            status_note=station.status_note,
            at=station.status_set_at,
            by=_actor(user),
        )
        audit.record(
            user, "station.status_changed", station, audit.field_changes(before, station, STATION_FIELDS)
        )
    return station


# --- parish councils -------------------------------------------------------------------------


def save_agreement(user: User, council: ParishCouncil, fields: Mapping[str, Any]) -> CouncilAgreement:
    """A new agreement replaces the current one (which ends the day before)."""
    check_team(user, council.parish.neighbourhood)
    with transaction.atomic():
        agreement = CouncilAgreement(council=council, **fields)
        agreement.full_clean()
        council.agreements.filter(ends_on__isnull=True, agreed_on__lt=agreement.agreed_on).update(
            ends_on=agreement.agreed_on - dt.timedelta(days=1)
        )
        agreement.save()
        audit.record(user, "council.agreement_saved", agreement)
    return agreement


def record_meeting(
    user: User, council: ParishCouncil, fields: Mapping[str, Any], attended_by: Iterable[Person] = ()
) -> CouncilMeeting:
    check_team(user, council.parish.neighbourhood)
    with transaction.atomic():
        meeting = CouncilMeeting(council=council, **fields)
        meeting.full_clean()
        meeting.save()
        meeting.attended_by.set(list(attended_by))
    return meeting


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter holding `day`: (first day, last day)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = day.replace(month=first_month, day=1)
    end_month = first_month + 2
    next_first = dt.date(start.year + (end_month == 12), end_month % 12 + 1, 1)
    return start, next_first - dt.timedelta(days=1)


def send_parish_update(user: User, council: ParishCouncil, quarter_start: dt.date) -> ParishUpdate:
    """Record a quarterly update and email it (with the PDF) to the clerk once committed."""
    from safer.engagement import tasks

    check_team(user, council.parish.neighbourhood)
    if not council.clerk_email:
        raise ValidationError("This council has no clerk's email address.")
    with transaction.atomic():
        update = ParishUpdate.objects.create(
            council=council,
            quarter_start=quarter_of(quarter_start)[0],
            created_by=_actor(user),
            sent_to=council.clerk_email,
        )
        pk = update.pk
        transaction.on_commit(lambda: tasks.email_parish_update.enqueue(pk))
    return update


# --- surveys and concerns --------------------------------------------------------------------


def record_concern(
    user: User | None,
    neighbourhood: Neighbourhood,
    *,
    category: str,
    source: str,
    parish: Parish | None = None,
    detail: str = "",
    event: Event | None = None,
    response: SurveyResponse | None = None,
) -> Concern:
    """Staff recording a concern are checked against their scope; a survey answer (no user) is not."""
    if user is not None:
        check_team(user, neighbourhood)
    if category not in ConcernCategory.values:
        raise ValidationError("Choose a kind of concern.")
    if parish is not None and parish.neighbourhood_id != neighbourhood.pk:
        raise ValidationError("That parish is not in this neighbourhood.")
    return Concern.objects.create(
        neighbourhood=neighbourhood,
        parish=parish,
        category=category,
        source=source,
        detail=detail.strip()[:2000],
        recorded_by=_actor(user),
        event=event,
        response=response,
    )


@dataclass(frozen=True)
class NewQuestion:
    """A question for a new survey: choose one (with its options), a scale of 1 to 5, or free text."""

    kind: str
    text: str
    options: tuple[str, ...] = ()


SURVEY_QUESTION_KINDS = (QuestionKind.CHOICE, QuestionKind.SCALE, QuestionKind.TEXT)
CONCERN_QUESTION = "What concerns you most in your area?"


def _survey_slug(neighbourhood: Neighbourhood, title: str) -> str:
    base = slugify(f"{neighbourhood.slug}-{title}")[:72].strip("-") or f"{neighbourhood.slug}-survey"
    slug, n = base, 1
    while Survey.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_survey(
    user: User,
    neighbourhood: Neighbourhood,
    fields: Mapping[str, Any],
    questions: Sequence[NewQuestion],
    *,
    ask_concerns: bool = True,
) -> Survey:
    """A survey of the neighbourhood with its questions; asking about concerns comes first, since
    each concern chosen is recorded for the parish ranking and the priorities it leads to."""
    check_team(user, neighbourhood)
    if not questions and not ask_concerns:
        raise ValidationError("Add at least one question.")
    for q in questions:
        if q.kind not in SURVEY_QUESTION_KINDS:
            raise ValidationError("A question must be choose-one, a scale or free text.")
        if q.kind == QuestionKind.CHOICE and len(set(q.options)) < 2:
            raise ValidationError("A choose-one question needs at least two options.")
    with transaction.atomic():
        survey = Survey(
            neighbourhood=neighbourhood, slug=_survey_slug(neighbourhood, fields["title"]), **fields
        )
        if survey.closes_on < survey.opens_on:
            raise ValidationError("The closing date must be on or after the opening date.")
        survey.full_clean()
        survey.save()
        rows: list[Question] = []
        if ask_concerns:
            rows.append(
                Question(kind=QuestionKind.CONCERN, text=CONCERN_QUESTION, hint="Choose all that apply.")
            )
        rows += [
            Question(
                kind=q.kind,
                text=q.text,
                # A scale question keeps the model's 1 to 5.
                choices=list(q.options) if q.kind == QuestionKind.CHOICE else [],
            )
            for q in questions
        ]
        for order, row in enumerate(rows, start=1):
            row.survey, row.order = survey, order
            row.full_clean()
        Question.objects.bulk_create(rows)
        audit.record(user, "survey.created", survey)
    return survey


def submit_survey(survey: Survey, answers: Mapping[int, Any], parish: Parish | None) -> SurveyResponse:
    """A resident's answers. Each concern chosen becomes a Concern for the parish (and team)."""
    if not survey.is_open():
        raise ValidationError("This survey is closed.")
    parish = survey.parish or parish
    questions = {q.pk: q for q in survey.questions.all()}
    with transaction.atomic():
        response = SurveyResponse.objects.create(survey=survey, parish=parish)
        rows: list[Answer] = []
        for qid, value in answers.items():
            question: Question | None = questions.get(qid)
            if question is None or value in (None, "", []):
                continue
            if question.kind == QuestionKind.SCALE:
                rows.append(Answer(response=response, question=question, scale=int(value)))
            elif question.kind == QuestionKind.TEXT:
                rows.append(Answer(response=response, question=question, text=str(value).strip()[:2000]))
            elif question.kind == QuestionKind.CONCERN:
                for category in value:
                    rows.append(Answer(response=response, question=question, choice=category))
                    record_concern(
                        None,
                        survey.neighbourhood,
                        category=category,
                        source=ConcernSource.SURVEY,
                        parish=parish,
                        response=response,
                    )
            else:
                rows.append(Answer(response=response, question=question, choice=str(value)))
        Answer.objects.bulk_create(rows)
    return response


# --- priorities ------------------------------------------------------------------------------


def save_priority(
    user: User, neighbourhood: Neighbourhood, fields: Mapping[str, Any], priority: Priority | None = None
) -> Priority:
    check_team(user, neighbourhood)
    with transaction.atomic():
        priority = priority or Priority(neighbourhood=neighbourhood)
        for name, value in fields.items():
            setattr(priority, name, value)
        if priority.action and priority.action_date is None:
            priority.action_date = timezone.localdate()
        priority.full_clean(exclude=["published_by"])
        priority.save()
        audit.record(user, "priority.saved", priority)
    return priority


def publish_priority(user: User, priority: Priority) -> Priority:
    """Only a sergeant, inspector or administrator puts a priority on the public pages."""
    check_team(user, priority.neighbourhood, roles=scopes.SUPERVISORS)
    with transaction.atomic():
        priority.is_published = True
        priority.published_at = timezone.now()
        priority.published_by = _actor(user)
        priority.save(update_fields=["is_published", "published_at", "published_by"])
        audit.record(user, "priority.published", priority)
    return priority


def review_priority(user: User, priority: Priority, *, close: bool = False) -> Priority:
    check_team(user, priority.neighbourhood)
    today = timezone.localdate()
    priority.reviewed_on = today
    if close:
        priority.closed_on = today
    priority.save(update_fields=["reviewed_on", "closed_on"])
    audit.record(user, "priority.closed" if close else "priority.reviewed", priority)
    return priority


# --- correspondence --------------------------------------------------------------------------


def save_correspondence(
    user: User, neighbourhood: Neighbourhood, fields: Mapping[str, Any], item: Correspondence | None = None
) -> Correspondence:
    check_team(user, neighbourhood)
    with transaction.atomic():
        before = Correspondence.objects.get(pk=item.pk) if item is not None else None
        item = item or Correspondence(neighbourhood=neighbourhood)
        for name, value in fields.items():
            setattr(item, name, value)
        if before is not None:
            # The reminder task owns reminded_at: keep what it stored (this copy may predate it),
            # unless a new date was agreed or a new officer assigned, who are then owed a reminder.
            same = (before.reply_due, before.assigned_to_id) == (item.reply_due, item.assigned_to_id)
            item.reminded_at = before.reminded_at if same else None
        if item.reply_due < item.received_on:
            raise ValidationError("The reply date must be on or after the date it was received.")
        item.full_clean()
        item.save()
        changes = audit.field_changes(before, item, CORRESPONDENCE_FIELDS)
        audit.record(
            user, "correspondence.logged" if before is None else "correspondence.changed", item, changes
        )
    return item


def record_reply(user: User, item: Correspondence, replied_on: dt.date, summary: str) -> Correspondence:
    if replied_on < item.received_on:
        raise ValidationError("The reply cannot be before the letter or email arrived.")
    if replied_on > timezone.localdate():
        raise ValidationError("The reply date cannot be in the future.")
    return save_correspondence(
        user, item.neighbourhood, {"replied_on": replied_on, "reply_summary": summary.strip()}, item
    )


def due_for_reminder(today: dt.date, days_before: int) -> Any:
    """Unanswered items whose agreed date is within `days_before` days (or passed), not yet reminded,
    with an officer who has an email address."""
    return Correspondence.objects.filter(
        replied_on__isnull=True,
        reminded_at__isnull=True,
        assigned_to__isnull=False,
        reply_due__lte=today + dt.timedelta(days=days_before),
    ).exclude(assigned_to__email="")
