"""send_now (safer/lib/sending.py): one transactional message through the configured provider, as a
task with retries. Providers are real at their boundary: aiosmtpd for SMTP, a local HTTP server
answering as GOV.UK Notify's API does."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from safer.alerts import outgoing
from safer.alerts.models import OutboxMessage, OutgoingMessage, OutgoingStatus
from safer.alerts.tests.conftest import Sink, free_port
from safer.contact import escalation as contact_escalation
from safer.contact.models import ContactMessage, Status
from safer.engagement import actions as engagement_actions
from safer.engagement.models import ParishUpdate
from safer.lib.sending import Attachment, Transactional, send_now
from safer.places.models import Neighbourhood
from safer.teams.models import Rank
from safer.testing import create_council, create_neighbourhood, create_person, create_staff

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(days=1)


class NotifyApi:
    """GOV.UK Notify's send endpoints on 127.0.0.1: records each request and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.status = 201
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                api.requests.append((self.path, body))
                answer = (
                    {"id": str(uuid.uuid4()), "reference": body.get("reference")}
                    if api.status == 201
                    else {"status_code": api.status, "errors": [{"error": "Exception", "message": "down"}]}
                )
                data = json.dumps(answer).encode()
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def email_url(self) -> str:
        key = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"
        return (
            f"notify://?api_key={key}&email_template=tmpl-email&file_template=tmpl-file&base_url={self.url}"
        )


@pytest.fixture
def notify_api(settings: Any) -> Iterator[NotifyApi]:
    api = NotifyApi()
    thread = threading.Thread(target=api.server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_URL = api.email_url()
    try:
        yield api
    finally:
        api.server.shutdown()
        api.server.server_close()


def send_quarterly_update(django_capture_on_commit_callbacks: Any) -> ParishUpdate:
    nb = create_neighbourhood(name="Ledbury")
    council = create_council(nb, name="Ledbury Town Council", clerk_email="clerk@ledbury.example.org")
    pcso = create_staff(neighbourhoods=[nb])
    with django_capture_on_commit_callbacks(execute=True):
        update = engagement_actions.send_parish_update(pcso, council, dt.date(2026, 8, 15))
    return update


def test_a_quarterly_update_goes_through_notify_with_its_pdf_not_into_the_outbox(
    notify_api, immediate_tasks, django_capture_on_commit_callbacks
):
    update = send_quarterly_update(django_capture_on_commit_callbacks)

    [(path, body)] = notify_api.requests
    assert path == "/v2/notifications/email"
    assert body["email_address"] == "clerk@ledbury.example.org"
    assert body["template_id"] == "tmpl-file"
    assert body["personalisation"]["subject"].startswith("Policing update for Ledbury Town Council")
    upload = body["personalisation"]["link_to_file"]
    assert upload["filename"] == "policing-update-2026-07.pdf" and upload["file"].startswith("JVBER")  # %PDF
    assert "one_click_unsubscribe_url" not in body
    assert not OutboxMessage.objects.exists()
    update.refresh_from_db()
    assert update.sent_at is not None


def test_a_quarterly_update_notify_refuses_is_not_marked_sent_and_is_retried(
    notify_api, immediate_tasks, django_capture_on_commit_callbacks
):
    notify_api.status = 500
    update = send_quarterly_update(django_capture_on_commit_callbacks)
    update.refresh_from_db()
    assert update.sent_at is None and not OutboxMessage.objects.exists()
    [row] = OutgoingMessage.objects.all()
    assert row.status == OutgoingStatus.QUEUED and row.error == "notify-500" and row.attempts == 1

    notify_api.status = 201
    assert outgoing.send_due(timezone.now() + LATER) == 1
    update.refresh_from_db()
    assert update.sent_at is not None and len(notify_api.requests) == 2
    row.refresh_from_db()
    assert row.status == OutgoingStatus.SENT and row.error == "" and row.attachments == [] and row.text == ""


def overdue_message(nb: Neighbourhood) -> ContactMessage:
    now = timezone.now()
    return ContactMessage.objects.create(
        neighbourhood=nb,
        name="Resident",
        channel="email",
        email="resident@example.org",
        body="Private words",
        status=Status.OPEN,
        confirmed_at=now - dt.timedelta(hours=80),
        due_at=now - dt.timedelta(hours=8),
    )


def test_an_escalation_notice_sent_while_smtp_is_down_arrives_when_it_is_back(
    settings, immediate_tasks, django_capture_on_commit_callbacks
):
    port = free_port()  # nothing listens here yet: connections are refused
    settings.EMAIL_URL = f"smtp://127.0.0.1:{port}?timeout=5"
    nb = create_neighbourhood()
    create_person(nb, rank=Rank.SERGEANT, work_email="sergeant@example.police.uk")
    message = overdue_message(nb)

    with django_capture_on_commit_callbacks(execute=True):
        assert contact_escalation.escalate(message.pk)
    [row] = OutgoingMessage.objects.all()
    assert row.status == OutgoingStatus.QUEUED and row.error.startswith("smtp-connect")

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert outgoing.send_due(timezone.now() + LATER) == 1
    finally:
        controller.stop()
    [mail] = sink.to("sergeant@example.police.uk")
    assert message.reference in mail["Subject"]
    assert mail["List-Unsubscribe"] is None
    row.refresh_from_db()
    assert row.status == OutgoingStatus.SENT and row.sent_at is not None


def test_attachments_arrive_by_smtp_and_transactional_mail_has_no_unsubscribe_header(
    smtp_sink, immediate_tasks, django_capture_on_commit_callbacks
):
    update = send_quarterly_update(django_capture_on_commit_callbacks)
    [mail] = smtp_sink.to("clerk@ledbury.example.org")
    assert isinstance(mail, EmailMessage)
    [pdf] = list(mail.iter_attachments())
    assert pdf.get_filename() == "policing-update-2026-07.pdf"
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
    plain = mail.get_body(preferencelist=("plain",))
    assert plain is not None and "Attached is the" in plain.get_content()
    assert mail["List-Unsubscribe"] is None and mail["List-Unsubscribe-Post"] is None
    update.refresh_from_db()
    assert update.sent_at is not None


def test_a_message_is_sent_once_however_many_runners_try_it(smtp_sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        pk = send_now(Transactional("email", "someone@example.org", "Hello", "Words"))
    now = timezone.now()
    assert outgoing.send(pk, now) == OutgoingStatus.SENT
    assert outgoing.send(pk, now) == ""
    assert outgoing.send_due(now + LATER) == 0
    assert len(smtp_sink.to("someone@example.org")) == 1


def test_a_permanent_refusal_is_recorded_and_not_retried(smtp_sink, django_capture_on_commit_callbacks):
    smtp_sink.refuse.add("gone@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        pk = send_now(Transactional("email", "gone@example.org", "Hello", "A code: 123456"))
    assert outgoing.send(pk) == OutgoingStatus.FAILED
    row = OutgoingMessage.objects.get(pk=pk)
    assert row.error == "smtp-550" and row.text == ""  # the words (a code, a link) are not kept
    assert outgoing.due(timezone.now() + LATER) == []


def test_a_message_is_given_up_after_the_last_attempt(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = f"smtp://127.0.0.1:{free_port()}?timeout=5"
    settings.SEND_NOW_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        pk = send_now(Transactional("email", "someone@example.org", "Hello", "Words"))
    now = timezone.now()
    statuses = [outgoing.send(pk, now + dt.timedelta(days=n)) for n in range(4)]
    assert statuses == [OutgoingStatus.QUEUED, OutgoingStatus.QUEUED, OutgoingStatus.FAILED, ""]


def test_retries_back_off_to_an_hour():
    assert [outgoing.backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_only_an_email_carries_attachments():
    with pytest.raises(ValueError):
        Transactional("sms", "+447700900123", "", "Words", attachments=(Attachment("a.pdf", b"%PDF", "x/y"),))


def test_a_failed_attempt_queues_its_retry_for_the_worker_at_the_backoff_time(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "alerts"]}
    }
    settings.EMAIL_URL = f"smtp://127.0.0.1:{free_port()}?timeout=5"
    with django_capture_on_commit_callbacks(execute=False):
        pk = send_now(Transactional("email", "someone@example.org", "Hello", "Words"))
    assert outgoing.send(pk) == OutgoingStatus.QUEUED
    row = OutgoingMessage.objects.get(pk=pk)
    [retry] = DBTaskResult.objects.filter(task_path="safer.alerts.tasks.send_outgoing")
    assert retry.args_kwargs["args"] == [pk]
    assert retry.run_after == row.next_attempt_at
    assert dt.timedelta(seconds=25) < row.next_attempt_at - timezone.now() <= dt.timedelta(seconds=30)


def test_an_unexpected_provider_error_waits_for_the_next_attempt(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    from safer.alerts.channels.outbox import OutboxSender

    def broken(self, batch):
        raise RuntimeError("client library bug")

    monkeypatch.setattr(OutboxSender, "send", broken)
    settings.EMAIL_URL = "outbox://"
    with django_capture_on_commit_callbacks(execute=False):
        pk = send_now(Transactional("email", "someone@example.org", "Hello", "Words"))
    assert outgoing.send(pk) == OutgoingStatus.QUEUED
    assert OutgoingMessage.objects.get(pk=pk).error == "error-RuntimeError"
