from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.alerts import fanout
from safer.alerts.models import Delivery, Message, MessageStatus, OutboxMessage, Status
from safer.alerts.retention import finish_messages, purge_expired
from safer.alerts.tests.test_fanout import make_message
from safer.alerts.worker import Worker
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_subscriber

TODAY = timezone.localdate()
PERIOD = Period(TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=1))


@pytest.mark.django_db
def test_registered_recipients_per_1000_residents() -> None:
    nb = create_neighbourhood(population=2000)
    unknown = create_neighbourhood()
    for _ in range(3):
        create_subscriber([nb])
    create_subscriber([nb], email_confirmed_at=None)  # not confirmed: not counted
    create_subscriber([unknown])
    measure = get_metric("alerts.registered_per_1000")
    assert measure is not None
    result = measure.compute(Neighbourhood.objects.filter(pk__in=[nb.pk, unknown.pk]), PERIOD)
    assert result.value == 1.5 and result.numerator == 3 and result.denominator == 2000
    assert measure.compute(Neighbourhood.objects.filter(pk=unknown.pk), PERIOD).value is None


@pytest.mark.django_db
def test_median_time_from_send_to_delivery() -> None:
    nb = create_neighbourhood()
    for _ in range(3):
        create_subscriber([nb])
    message = make_message([nb])
    fanout.fan_out(message.pk)
    Worker().drain()
    sent_at = Message.objects.get().sent_at
    assert sent_at is not None
    for seconds, row in zip([2, 4, 30], Delivery.objects.order_by("pk"), strict=True):
        Delivery.objects.filter(pk=row.pk).update(delivered_at=sent_at + dt.timedelta(seconds=seconds))
    measure = get_metric("alerts.median_delivery_seconds")
    assert measure is not None
    assert measure.compute(Neighbourhood.objects.filter(pk=nb.pk), PERIOD).value == 4.0
    assert measure.compute(Neighbourhood.objects.exclude(pk=nb.pk), PERIOD).value is None


@pytest.mark.django_db
def test_share_of_neighbourhoods_messaged_and_surveyed_in_the_period() -> None:
    surveyed, messaged, quiet, drafted = (create_neighbourhood() for _ in range(4))
    now = timezone.now()
    for where, kind, status, sent_at in [
        (surveyed, "survey", MessageStatus.SENT, now),
        (messaged, "crime", MessageStatus.SENDING, now),
        (quiet, "survey", MessageStatus.SENT, now - dt.timedelta(days=90)),  # before the period
        (drafted, "survey", MessageStatus.DRAFT, None),
    ]:
        Message.objects.filter(pk=make_message([where], kind=kind).pk).update(status=status, sent_at=sent_at)
    everywhere = Neighbourhood.objects.filter(pk__in=[surveyed.pk, messaged.pk, quiet.pk, drafted.pk])
    any_message, survey = get_metric("alerts.neighbourhoods_messaged"), get_metric("alerts.surveys_sent")
    assert any_message is not None and survey is not None
    result = any_message.compute(everywhere, PERIOD)
    assert (result.numerator, result.denominator, result.value) == (2, 4, 50.0)
    assert survey.compute(everywhere, PERIOD).numerator == 1
    assert survey.compute(Neighbourhood.objects.filter(pk=surveyed.pk), PERIOD).value == 100.0


@pytest.mark.django_db
def test_retention_purges_addresses_and_outbox_but_keeps_counts(settings) -> None:
    settings.ALERTS_RETENTION_DAYS = 7
    nb = create_neighbourhood()
    create_subscriber([nb], email="old.person@example.com")
    fanout.queue(make_message([nb]))
    Worker().drain()
    assert OutboxMessage.objects.exists()
    assert purge_expired() == 0  # too recent
    later = timezone.now() + dt.timedelta(days=8)
    OutboxMessage.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert purge_expired(now=later) == 1
    row = Delivery.objects.get()
    assert row.to_address == "" and row.purged and row.status == Status.DELIVERED
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_message_is_sent_once_every_immediate_delivery_is_settled() -> None:
    nb = create_neighbourhood()
    create_subscriber([nb])
    message = make_message([nb])
    fanout.fan_out(message.pk)
    assert finish_messages() == 0
    Worker().drain()
    assert finish_messages() == 1
    assert Message.objects.get().status == MessageStatus.SENT
