"""Contact test fixtures: a real SMTP server (aiosmtpd) on a free port, and tasks run at once."""

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


class Sink:
    """Keeps every message the SMTP server accepts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append(bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            raw = list(self.received)
        parsed = [email.message_from_bytes(r, policy=email.policy.default) for r in raw]
        return [m for m in parsed if m["To"] == address]  # type: ignore[misc]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[Sink]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any, immediate_tasks: None) -> Any:
    """Run each test's on_commit callbacks (and so its tasks) as the transaction would."""
    return django_capture_on_commit_callbacks
