"""Alerts measures on the charter scorecard."""

from __future__ import annotations

from django.db.models import QuerySet

from safer.alerts.models import Delivery, Kind, Message, MessageStatus, Status, Subscriber
from safer.lib.durations import SecondsBetween
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood


@metric(
    "alerts.registered_per_1000",
    label="People registered for Neighbourhood Matters alerts per 1,000 residents",
    unit="per 1,000",
)
def registered_per_1000(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Subscribers with a confirmed channel following the neighbourhoods (by the period's end), per
    1,000 residents of those with a known population."""
    known = neighbourhoods.filter(population__gt=0)
    population = sum(known.values_list("population", flat=True))
    if not population:
        return Measurement(value=None, note="Population not known")
    count = (
        Subscriber.objects.filter(
            channels__gt=0, subscriptions__neighbourhood__in=known, created_at__date__lte=period.end
        )
        .distinct()
        .count()
    )
    return Measurement(value=1000.0 * count / population, numerator=count, denominator=population)


@metric(
    "alerts.median_delivery_seconds",
    label="Median time from sending an alert to its delivery",
    unit="seconds",
    higher_is_better=False,
)
def median_delivery_seconds(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Over immediate (not digest) deliveries confirmed in the period, of messages to these places."""
    messages = Message.objects.filter(neighbourhoods__in=neighbourhoods, sent_at__isnull=False).values("pk")
    delivered = Delivery.objects.filter(
        message_id__in=messages,
        status=Status.DELIVERED,
        digest=False,
        delivered_at__date__gte=period.start,
        delivered_at__date__lte=period.end,
    ).annotate(took=SecondsBetween("delivered_at", "message__sent_at"))
    count = delivered.count()
    if not count:
        return Measurement(value=None, note="Nothing delivered in the period")
    ordered = delivered.order_by("took").values_list("took", flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    seconds = sum(middle) / len(middle)
    return Measurement(value=seconds, numerator=seconds, denominator=count, note=f"{count} deliveries")


def _share_messaged(
    neighbourhoods: QuerySet[Neighbourhood], period: Period, **message_filter: str
) -> Measurement:
    """Share of `neighbourhoods` that at least one message (sent in the period) went to."""
    total = neighbourhoods.count()
    sent = Message.objects.filter(
        status__in=[MessageStatus.SENDING, MessageStatus.SENT],
        sent_at__date__gte=period.start,
        sent_at__date__lte=period.end,
        **message_filter,
    )
    messaged = neighbourhoods.filter(alert_messages__in=sent).distinct().count()
    return Measurement.share(messaged, total)


@metric(
    "alerts.neighbourhoods_messaged",
    label="Neighbourhoods sent at least one Neighbourhood Matters message",
    method=("Neighbourhoods sent at least one Neighbourhood Matters message in the period, out of all."),
)
def neighbourhoods_messaged(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _share_messaged(neighbourhoods, period)


@metric(
    "alerts.surveys_sent",
    label="Neighbourhoods sent a Neighbourhood Matters survey",
    method=("Neighbourhoods sent at least one Neighbourhood Matters survey in the period, out of all."),
)
def surveys_sent(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _share_messaged(neighbourhoods, period, kind=Kind.SURVEY)
