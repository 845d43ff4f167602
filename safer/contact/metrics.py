"""The charter measures the contact app owns, computed from its own records in a few queries.

`contact.answered_in_time` judges the messages teams received in the period: the share whose first
reply was sent by its deadline (`due_at`, CONTACT_REPLY_HOURS after the resident confirmed). A
message still within its deadline and unanswered is not judged yet; one past it and unanswered
counts as missed. Messages withdrawn by the resident before a reply are left out.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from safer.contact.models import ContactMessage, Status
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood


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
)
def escalated(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    received = _received(neighbourhoods, period)
    total = received.count()
    if not total:
        return Measurement(value=None, note="No messages received.")
    late = received.filter(escalated_at__isnull=False).count()
    return Measurement(value=float(late), numerator=late, denominator=total, note=f"Of {total} received.")
