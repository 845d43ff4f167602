"""Defect 16 (part): registrations never confirmed were kept for ever."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from safer.alerts.actions import PlaceSpec, Registration, register
from safer.alerts.models import AlertPlace, ConsentEvent, Subscriber, Subscription
from safer.alerts.retention import purge_unconfirmed
from safer.schedule.jobs import JOBS
from safer.testing import create_neighbourhood, create_subscriber

pytestmark = pytest.mark.django_db


def unconfirmed(days_old: int, email: str) -> Subscriber:
    nb = create_neighbourhood()
    subscriber, created = register(
        Registration(email=email, places=[PlaceSpec(label="Home", how="postcode", neighbourhood_ids=[nb.pk])])
    )
    assert created
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    return subscriber


def test_registrations_never_confirmed_are_deleted_after_the_set_days(settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    old = unconfirmed(8, "gave-up@example.com")
    recent = unconfirmed(6, "still-deciding@example.com")
    confirmed = create_subscriber([create_neighbourhood()], email="kept@example.com")
    Subscriber.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - dt.timedelta(days=400))

    assert purge_unconfirmed() == 1

    assert set(Subscriber.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not AlertPlace.objects.filter(subscriber_id=old.pk).exists()
    assert not Subscription.objects.filter(subscriber_id=old.pk).exists()
    assert not ConsentEvent.objects.filter(subscriber_id=old.pk).exists()


def test_a_registration_with_any_address_confirmed_is_kept(settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    sub = unconfirmed(30, "half@example.com")
    Subscriber.objects.filter(pk=sub.pk).update(mobile="+447700900123", mobile_confirmed_at=timezone.now())
    assert purge_unconfirmed() == 0
    assert Subscriber.objects.filter(pk=sub.pk).exists()


def test_the_schedule_runs_the_purge_daily(settings):
    settings.ALERTS_UNCONFIRMED_DAYS = 7
    [job] = [j for j in JOBS if j.command == "purge_unconfirmed_registrations"]
    assert job.every_seconds == 24 * 3600
    unconfirmed(8, "gave-up@example.com")
    out = StringIO()
    call_command(job.command, stdout=out)
    assert out.getvalue().strip() == "1 unconfirmed registration deleted."
    assert not Subscriber.objects.exists()
