"""The charter measures the contact app owns, computed from its own records in a few queries.

`contact.answered_in_time` judges the messages teams received in the period: the share whose first
reply was sent by its deadline (`due_at`, CONTACT_REPLY_HOURS after the resident confirmed). A
message still within its deadline and unanswered is not judged yet; one past it and unanswered
counts as missed. Messages withdrawn by the resident before a reply are left out.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from safer.contact.models import ContactMessage, FrontCounterTally, Reply, Status
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Force, Neighbourhood


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _received(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> QuerySet[ContactMessage]:
    start, end = _bounds(period)
    return ContactMessage.objects.filter(
        neighbourhood__in=neighbourhoods, confirmed_at__gte=start, confirmed_at__lt=end
    ).exclude(status=Status.WITHDRAWN)


@metric(
    "contact.answered_in_time",
    label="Messages to neighbourhood teams answered within the reply deadline",
    method=(
        "Messages confirmed in the period (not withdrawn) whose first reply was sent by the "
        "deadline, out of those answered or past their deadline; those still within it are not "
        "counted yet."
    ),
)
def answered_in_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    now = timezone.now()
    judged = Q(first_replied_at__isnull=False) | Q(due_at__lt=now)
    counts = _received(neighbourhoods, period).aggregate(
        judged=Count("pk", filter=judged),
        in_time=Count("pk", filter=Q(first_replied_at__isnull=False, first_replied_at__lte=F("due_at"))),
        waiting=Count("pk", filter=~judged),
    )
    hours = settings.CONTACT_REPLY_HOURS
    note = f"Reply due within {hours} hours of receipt."
    if counts["waiting"]:
        note += f" {counts['waiting']} still within their deadline, not counted yet."
    return Measurement.share(counts["in_time"], counts["judged"], note=note)


@metric(
    "contact.escalated",
    label="Messages to neighbourhood teams escalated to a sergeant for a missed reply deadline",
    unit="count",
    higher_is_better=False,
    method=(
        "Messages confirmed in the period that were escalated to a sergeant for a missed reply deadline."
    ),
)
def escalated(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    received = _received(neighbourhoods, period)
    total = received.count()
    if not total:
        return Measurement(value=None, note="No messages received.")
    late = received.filter(escalated_at__isnull=False).count()
    return Measurement(value=float(late), numerator=late, denominator=total, note=f"Of {total} received.")


# --- issue 14: digital share, methods published, late answers explained, recourse offered ----------

RECOURSE_AFTER_HOURS = 72


@metric(
    "contact.digital_share",
    label="Contact from the public that arrived online rather than at a front counter",
    method=(
        "Messages confirmed online to the teams in the period, as a share of those messages plus the "
        "enquiries the teams' front counters recorded in their daily tallies for the same days."
    ),
)
def digital_share(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    online = _received(neighbourhoods, period).count()
    counter = (
        FrontCounterTally.objects.filter(
            neighbourhood__in=neighbourhoods, date__range=(period.start, period.end)
        ).aggregate(total=Sum("enquiries"))["total"]
        or 0
    )
    first = FrontCounterTally.objects.aggregate(first=Min("date"))["first"]
    if first is None:
        return Measurement(value=None, note="No front-counter tallies have been recorded yet.")
    return Measurement.share(
        online, online + counter, note=f"{online} online, {counter} at front counters.", data_since=first
    )


METHODS = (
    ("telephone", "Telephone (101)"),
    ("url", "Website"),
    ("online_reporting_url", "Online reporting"),
    ("engagement_methods", "Social media and other engagement methods"),
)


@metric(
    "contact.methods_published",
    label="Contact methods published for the force (telephone, website, online reporting, social media)",
    method=(
        "Of the four contact methods, how many the force's published record has today: a telephone "
        "number, a website, an online reporting address and at least one social media or engagement method."
    ),
)
def methods_published(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    if period.end < timezone.localdate():
        return Measurement(value=None, note="Only the force's current details are kept.")
    force = Force.objects.filter(neighbourhoods__in=neighbourhoods).distinct().first()
    if force is None:
        return Measurement(value=None, note="No force to measure.")
    have = [label for name, label in METHODS if getattr(force, name)]
    missing = [label for name, label in METHODS if not getattr(force, name)]
    note = f"Missing: {', '.join(missing)}." if missing else ""
    return Measurement.share(len(have), len(METHODS), note=note)


def _answered_late(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> QuerySet[ContactMessage]:
    return _received(neighbourhoods, period).filter(
        first_replied_at__isnull=False, first_replied_at__gt=F("due_at")
    )


@metric(
    "contact.missed_deadlines_explained",
    label="Messages answered late where the sender was told why and when to expect a reply",
    method=(
        "Messages received in the period whose first reply came after the deadline: the share with a "
        "reply marked by its writer as saying why it was late and when to expect a full answer."
    ),
)
def missed_deadlines_explained(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    late = _answered_late(neighbourhoods, period)
    explained = late.filter(Exists(Reply.objects.filter(message=OuterRef("pk"), explains_delay=True)))
    total = late.count()
    return Measurement.share(explained.count(), total, note="" if total else "No message was answered late.")


@metric(
    "contact.recourse_offered",
    label="Queries answered after 72 hours where the sender was offered the recourse process",
    method=(
        "Messages received in the period first answered more than 72 hours after they were confirmed: "
        "the share with a reply marked as telling the resident how to take it further."
    ),
)
def recourse_offered(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    slow = _received(neighbourhoods, period).filter(
        first_replied_at__isnull=False,
        first_replied_at__gt=F("confirmed_at") + dt.timedelta(hours=RECOURSE_AFTER_HOURS),
    )
    offered = slow.filter(Exists(Reply.objects.filter(message=OuterRef("pk"), offers_recourse=True)))
    total = slow.count()
    return Measurement.share(
        offered.count(), total, note="" if total else "No query took longer than 72 hours."
    )
