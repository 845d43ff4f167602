from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.contact.models import ContactMessage, Status
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_contact_message, create_neighbourhood


def at(days_ago: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days_ago)


def replied(nb, *, days_ago: float, after_hours: float, **kw):
    received = at(days_ago)
    return create_contact_message(
        nb,
        received=received,
        status=Status.ANSWERED,
        first_replied_at=received + dt.timedelta(hours=after_hours),
        **kw,
    )


def measure(key: str, nbs, days: int = 30):
    today = timezone.localdate()
    period = Period(start=today - dt.timedelta(days=days - 1), end=today)
    metric = get_metric(key)
    assert metric is not None
    return metric.compute(Neighbourhood.objects.filter(pk__in=[n.pk for n in nbs]), period)


@pytest.mark.django_db
def test_it_is_registered_for_the_charters():
    metric = get_metric("contact.answered_in_time")
    assert metric is not None and metric.unit == "%" and metric.higher_is_better


@pytest.mark.django_db
def test_it_counts_the_share_answered_by_the_deadline():
    nb, other = create_neighbourhood(), create_neighbourhood()
    replied(nb, days_ago=10, after_hours=2)  # in time
    replied(nb, days_ago=9, after_hours=71.9)  # in time, just
    replied(nb, days_ago=8, after_hours=80)  # late
    create_contact_message(nb, received=at(5))  # unanswered and overdue: missed
    create_contact_message(nb, received=at(0.5))  # still within its deadline: not judged yet
    withdrawn = create_contact_message(nb, received=at(6))
    ContactMessage.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    create_contact_message(nb, confirmed=False)  # never reached the team
    replied(nb, days_ago=60, after_hours=1)  # outside the period
    replied(other, days_ago=3, after_hours=100)  # another team

    m = measure("contact.answered_in_time", [nb])
    assert (m.numerator, m.denominator) == (2, 4)
    assert m.value == pytest.approx(50.0)
    assert "1 still within" in m.note

    both = measure("contact.answered_in_time", [nb, other])
    assert (both.numerator, both.denominator) == (2, 5)


@pytest.mark.django_db
def test_it_has_no_value_when_nothing_can_be_judged():
    nb = create_neighbourhood()
    create_contact_message(nb, received=at(0.1))
    m = measure("contact.answered_in_time", [nb])
    assert m.value is None


@pytest.mark.django_db
def test_it_counts_escalations():
    nb = create_neighbourhood()
    create_contact_message(nb, received=at(5), escalated_at=at(2))
    replied(nb, days_ago=4, after_hours=1)
    m = measure("contact.escalated", [nb])
    assert (m.value, m.denominator) == (1.0, 2)
    assert measure("contact.escalated", [create_neighbourhood()]).value is None
