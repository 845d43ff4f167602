"""Correspondence from residents, MPs and councillors: logged, reminded, answered, audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.alerts.models import OutboxMessage
from safer.engagement import actions, tasks
from safer.engagement.models import Correspondence
from safer.lib import sending
from safer.testing import (
    create_area,
    create_correspondence,
    create_neighbourhood,
    create_staff,
    send_queued_messages,
    sign_in,
)


def test_it_logs_a_letter_with_the_agreed_reply_date_and_audits_it(client, team):
    sign_in(client, team.pcso)
    today = timezone.localdate()
    response = client.post(
        reverse("engagement:staff-correspondence-new", args=[team.neighbourhood.slug]),
        {
            "writer_kind": "mp",
            "writer_name": "The MP's office",
            "writer_from": "Westminster",
            "channel": "letter",
            "received_on": today.isoformat(),
            "subject": "Speeding complaint",
            "reply_due": (today + dt.timedelta(days=10)).isoformat(),
        },
    )
    item = Correspondence.objects.get()
    assert response.status_code == 302 and item.assigned_to == team.pcso
    assert AuditEvent.objects.filter(action="correspondence.logged", object_id=str(item.pk)).exists()


def test_it_rejects_a_reply_date_before_the_letter_arrived(client, team):
    sign_in(client, team.pcso)
    response = client.post(
        reverse("engagement:staff-correspondence-new", args=[team.neighbourhood.slug]),
        {
            "writer_kind": "resident",
            "writer_name": "A",
            "channel": "email",
            "received_on": "2026-11-10",
            "subject": "Noise",
            "reply_due": "2026-11-01",
        },
    )
    assert "The reply date must be on or after the date received" in response.content.decode()
    assert not Correspondence.objects.exists()


def test_it_records_the_reply_and_whether_it_was_on_time(team):
    today = timezone.localdate()
    item = create_correspondence(team.neighbourhood, reply_due=today - dt.timedelta(days=2))
    assert item.is_overdue(today)
    actions.record_reply(team.pcso, item, today, "Called back and explained the plan")
    item.refresh_from_db()
    assert item.answered_on_time is False and not item.is_overdue(today)
    changes = AuditEvent.objects.get(action="correspondence.changed").changes
    assert changes["replied_on"] == [None, str(today)]
    with pytest.raises(ValidationError):
        actions.record_reply(team.pcso, item, today + dt.timedelta(days=1), "From the future")


def test_it_lists_overdue_correspondence_only_within_the_accounts_scope(client, team):
    today = timezone.localdate()
    create_correspondence(team.neighbourhood, subject="Ours and late", reply_due=today - dt.timedelta(days=1))
    create_correspondence(
        create_neighbourhood(), subject="Theirs and late", reply_due=today - dt.timedelta(days=1)
    )
    sign_in(client, team.pcso)
    html = client.get(reverse("engagement:staff-correspondence")).content.decode()
    overdue = html[html.index("Overdue (1)") : html.index("Waiting for a reply")]
    assert "Ours and late" in overdue and "Theirs and late" not in html


def test_an_inspector_sees_overdue_items_across_their_area(client, team):
    create_correspondence(
        create_neighbourhood(area=team.area),
        subject="Next door",
        reply_due=dt.date(2026, 1, 5),
        received_on=dt.date(2026, 1, 1),
    )
    create_correspondence(
        create_neighbourhood(area=create_area()),
        subject="Other area",
        reply_due=dt.date(2026, 1, 5),
        received_on=dt.date(2026, 1, 1),
    )
    sign_in(client, create_staff(Role.INSPECTOR, areas=[team.area]))
    html = client.get(reverse("engagement:staff-correspondence")).content.decode()
    assert "Next door" in html and "Other area" not in html


def test_it_reminds_the_assigned_officer_once_before_the_date(team, settings):
    settings.EMAIL_URL = "outbox://"
    today = timezone.localdate()
    due = create_correspondence(
        team.neighbourhood, assigned_to=team.pcso, reply_due=today + dt.timedelta(days=1)
    )
    create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=today + dt.timedelta(days=9))
    assert tasks.send_correspondence_reminders.call() == 1
    assert tasks.send_correspondence_reminders.call() == 0
    send_queued_messages()
    [mail] = OutboxMessage.objects.all()
    assert mail.to_address == team.pcso.email and due.subject in mail.subject
    item_path = reverse("engagement:staff-correspondence-item", args=[due.pk])
    assert settings.SITE_URL.rstrip("/") + item_path in mail.body  # a link that works from a mail client


def test_the_daily_command_sends_the_reminders(team, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.EMAIL_URL = "outbox://"
    create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=timezone.localdate())
    out = StringIO()
    call_command("remind_correspondence", stdout=out)
    assert out.getvalue().strip() == "1 reminder sent."
    send_queued_messages()
    assert OutboxMessage.objects.count() == 1


def test_running_the_reminders_twice_even_overlapping_sends_one(team, settings, monkeypatch):
    """An hourly runner may start a run while another is still sending: the item is claimed before
    its email goes, so the second run finds nothing left to send."""
    settings.EMAIL_URL = "outbox://"
    create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=timezone.localdate())
    real_send = sending.send_now
    overlapping: list[int] = []
    started = False

    def send_while_another_run_starts(*args, **kwargs):
        nonlocal started
        if not started:
            started = True
            overlapping.append(tasks.send_correspondence_reminders.call())
        return real_send(*args, **kwargs)

    monkeypatch.setattr(sending, "send_now", send_while_another_run_starts)
    outer = tasks.send_correspondence_reminders.call()
    assert outer + sum(overlapping) == 1
    assert tasks.send_correspondence_reminders.call() == 0
    send_queued_messages()
    assert OutboxMessage.objects.count() == 1


def test_the_command_run_twice_in_a_day_sends_one_reminder(team, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.EMAIL_URL = "outbox://"
    create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=timezone.localdate())
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("remind_correspondence", stdout=out)
        outputs.append(out.getvalue().strip())
    assert outputs == ["1 reminder sent.", "0 reminders sent."]
    send_queued_messages()
    assert OutboxMessage.objects.count() == 1


def test_a_reminder_sent_while_the_mail_server_is_down_arrives_once_it_is_back(team, settings):
    from safer.alerts.tests.conftest import free_port

    settings.EMAIL_URL = f"smtp://127.0.0.1:{free_port()}?timeout=5"  # nothing listens: refused
    item = create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=timezone.localdate())
    assert tasks.send_correspondence_reminders.call() == 1
    assert send_queued_messages() == 0
    settings.EMAIL_URL = "outbox://"
    assert send_queued_messages() == 1
    [mail] = OutboxMessage.objects.all()
    assert item.subject in mail.subject
    assert tasks.send_correspondence_reminders.call() == 0


def test_a_new_agreed_date_is_reminded_again(team, settings):
    settings.EMAIL_URL = "outbox://"
    today = timezone.localdate()
    item = create_correspondence(team.neighbourhood, assigned_to=team.pcso, reply_due=today)
    assert tasks.send_correspondence_reminders.call() == 1
    actions.save_correspondence(team.pcso, team.neighbourhood, {"subject": "Same date"}, item)
    assert tasks.send_correspondence_reminders.call() == 0
    actions.save_correspondence(
        team.pcso, team.neighbourhood, {"reply_due": today + dt.timedelta(days=1)}, item
    )
    assert tasks.send_correspondence_reminders.call() == 1
    send_queued_messages()
    assert OutboxMessage.objects.count() == 2
