"""Issue 14's contact measures: late answers explained, recourse offered after 72 hours, and the
digital share against front-counter tallies (no data until tallies are kept)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.contact.metrics import digital_share, missed_deadlines_explained, recourse_offered
from safer.contact.models import FrontCounterTally, Reply
from safer.lib.metrics import Period
from safer.places.models import Neighbourhood
from safer.testing import create_contact_message, create_neighbourhood

pytestmark = pytest.mark.django_db


def answered(nb: Neighbourhood, after_hours: float, **flags: bool) -> None:
    received = timezone.now() - dt.timedelta(days=10)
    message = create_contact_message(
        nb, received=received, first_replied_at=received + dt.timedelta(hours=after_hours)
    )
    Reply.objects.create(message=message, body="Thanks", **flags)


def test_late_answers_explained_and_recourse_offered_count_the_reply_flags() -> None:
    nb = create_neighbourhood()
    answered(nb, 10)  # in time: counted by neither
    answered(nb, 80, explains_delay=True, offers_recourse=True)
    answered(nb, 90)
    qs = Neighbourhood.objects.filter(pk=nb.pk)
    period = Period(timezone.localdate() - dt.timedelta(days=30), timezone.localdate())
    late = missed_deadlines_explained(qs, period)
    assert (late.numerator, late.denominator) == (1, 2)
    recourse = recourse_offered(qs, period)
    assert (recourse.numerator, recourse.denominator) == (1, 2)


def test_digital_share_needs_front_counter_tallies_covering_the_period() -> None:
    nb = create_neighbourhood()
    create_contact_message(nb, received=timezone.now() - dt.timedelta(days=2))
    qs = Neighbourhood.objects.filter(pk=nb.pk)
    today = timezone.localdate()
    period = Period(today - dt.timedelta(days=6), today)
    assert digital_share(qs, period).value is None
    FrontCounterTally.objects.create(neighbourhood=nb, date=today - dt.timedelta(days=3), enquiries=3)
    m = digital_share(qs, period)
    assert m.value == 25.0 and not m.covers(period)  # tallies began after the period started
