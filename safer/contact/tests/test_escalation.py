from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from safer.contact import escalation, links
from safer.contact.models import ContactMessage, Status
from safer.contact.tests.conftest import text_of
from safer.teams.models import Rank
from safer.testing import create_contact_message, create_neighbourhood, create_person

LATE = dt.timedelta(hours=73)


@pytest.fixture
def team():
    nb = create_neighbourhood(name="Malvern Link")
    create_person(nb, rank=Rank.SERGEANT, work_email="sergeant@example.police.uk")
    create_person(nb, rank=Rank.PCSO, work_email="pcso@example.police.uk")
    return nb


def escalate_command() -> str:
    out = StringIO()
    call_command("escalate_overdue_contact", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_escalates_a_missed_deadline_once_and_tells_the_sergeant(team, smtp_sink, run_on_commit):
    late = create_contact_message(team, received=timezone.now() - LATE, body="Private words")
    in_time = create_contact_message(team, received=timezone.now() - dt.timedelta(hours=10))
    answered = create_contact_message(
        team, received=timezone.now() - LATE, status=Status.ANSWERED, first_replied_at=timezone.now() - LATE
    )
    with run_on_commit(execute=True):
        assert "Escalated 1 " in escalate_command()
    with run_on_commit(execute=True):
        assert "Escalated 0 " in escalate_command()

    late.refresh_from_db()
    assert late.escalated_at is not None
    assert ContactMessage.objects.get(pk=in_time.pk).escalated_at is None
    assert ContactMessage.objects.get(pk=answered.pk).escalated_at is None
    [mail] = smtp_sink.to("sergeant@example.police.uk")
    assert smtp_sink.to("pcso@example.police.uk") == []
    body = text_of(mail)
    assert late.reference in mail["Subject"] and late.reference in body
    assert f"/contact/staff/{late.pk}/" in body
    # The resident's words and address stay in the back office.
    assert "Private words" not in body and late.email not in body and late.name not in body


@pytest.mark.django_db
def test_it_does_not_escalate_a_message_answered_before_the_task_runs(team):
    msg = create_contact_message(team, received=timezone.now() - LATE)
    ContactMessage.objects.filter(pk=msg.pk).update(status=Status.ANSWERED, first_replied_at=timezone.now())
    assert escalation.escalate(msg.pk) is False
    assert ContactMessage.objects.get(pk=msg.pk).escalated_at is None


@pytest.mark.django_db
def test_it_queues_the_deadline_check_for_after_the_deadline(
    client, team, django_capture_on_commit_callbacks
):
    # The default (database) task backend can defer: confirming queues the check for the deadline.
    msg = create_contact_message(team, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.path_for(msg, links.CONFIRM))
    msg.refresh_from_db()
    check = DBTaskResult.objects.get(task_path="safer.contact.tasks.escalate_if_overdue")
    assert check.args_kwargs["args"] == [msg.pk]
    assert check.run_after > msg.due_at


@pytest.mark.django_db
def test_it_can_queue_escalations_for_the_worker(team):
    msg = create_contact_message(team, received=timezone.now() - LATE)
    out = StringIO()
    call_command("escalate_overdue_contact", "--enqueue", stdout=out)
    assert "Queued 1 " in out.getvalue()
    assert DBTaskResult.objects.get(task_path="safer.contact.tasks.escalate_if_overdue").args_kwargs[
        "args"
    ] == [msg.pk]


@pytest.mark.django_db
def test_it_shows_escalated_messages_in_the_inbox_count(client, team):
    from django.urls import reverse

    from safer.accounts.models import Role
    from safer.testing import create_staff, sign_in

    msg = create_contact_message(team, received=timezone.now() - LATE)
    escalation.escalate(msg.pk)
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[team]))
    response = client.get(reverse("contact:inbox") + "?show=escalated")
    html = response.content.decode()
    assert msg.reference in html and "Escalated" in html
