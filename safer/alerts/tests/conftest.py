"""Alerts test fixtures: a real SMTP server (aiosmtpd) on a free port, and tasks run at once."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sink:
    """Keeps every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()  # recipients answered with 550

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = [content for _, content in self.received]
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]  # type: ignore[misc]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if m["To"] == address]

    def recipients(self) -> list[str]:
        with self.lock:
            return [r for rcpts, _ in self.received for r in rcpts]


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[Sink]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def immediate_tasks(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks run as soon as they are enqueued, and (since a test's transaction never commits)
    on-commit callbacks run at once."""
    from django.db import transaction

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def fast_retries(settings: Any) -> None:
    settings.ALERTS_RETRY_BASE_SECONDS = 0
    settings.ALERTS_RETRY_MAX_SECONDS = 0


def body_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())
