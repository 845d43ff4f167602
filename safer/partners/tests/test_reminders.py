"""Reminders before an agreement lapses: sent once per expiry date, to the owner and the parties'
primary contacts, through the transactional messaging."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from safer.accounts.models import Role
from safer.alerts.models import OutboxMessage
from safer.partners import actions
from safer.partners.models import AgencyContact
from safer.partners.reminders import send_reminders
from safer.partners.tests.factories import create_agency, create_agreement
from safer.schedule.jobs import JOBS
from safer.testing import create_staff, send_queued_messages

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_an_agreement_about_to_lapse_is_reminded_once(settings: object) -> None:
    council = create_agency()
    AgencyContact.objects.create(agency=council, name="Chris", email="chris@council.example", is_primary=True)
    AgencyContact.objects.create(agency=council, name="Dee", email="dee@council.example", is_primary=False)
    owner = create_staff(Role.INSPECTOR)
    soon = create_agreement(council, review=TODAY + dt.timedelta(days=10), owner=owner)
    create_agreement(council, review=TODAY + dt.timedelta(days=200))  # not yet
    create_agreement(
        council, start=TODAY - dt.timedelta(days=400), review=TODAY - dt.timedelta(days=1)
    )  # lapsed
    assert send_reminders() == 1
    assert send_reminders() == 0
    send_queued_messages()
    sent = sorted(OutboxMessage.objects.values_list("to_address", flat=True))
    assert sent == sorted([owner.email, "chris@council.example"])
    assert soon.reference in OutboxMessage.objects.first().subject  # type: ignore[union-attr]


def test_a_review_that_moves_the_date_earns_a_new_reminder_later() -> None:
    council = create_agency()
    owner = create_staff(Role.INSPECTOR)
    agreement = create_agreement(council, review=TODAY + dt.timedelta(days=5), owner=owner)
    assert send_reminders() == 1
    actions.review_agreement(owner, agreement, TODAY, TODAY + dt.timedelta(days=20), "Renewed")
    assert send_reminders() == 1


def test_the_command_runs_daily_in_the_schedule() -> None:
    assert "remind_agreements" in {job.command for job in JOBS}
    out = StringIO()
    call_command("remind_agreements", stdout=out)
    assert "0 agreement reminder(s) sent" in out.getvalue()
