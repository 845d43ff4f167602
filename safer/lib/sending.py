"""`send_now`: the one way to send a single transactional message (a confirmation, a reply, a
reminder, a notice to staff) through the configured provider.

A transactional message is one person's own business, not a list they joined: it has no
List-Unsubscribe header and may carry attachments. `send_now` stores it and sends it as a task
with retries, so a provider outage delays a message but does not lose it. Call it inside the
transaction that decides to send: the message is stored with it and queued once it commits.

The queue that stores and sends lives in the app that owns the channels (settings.SEND_NOW_QUEUE,
`safer.alerts.outgoing.queue`), named by string so this module imports no app. When a message is
finally sent or given up, `outcome` is signalled with the `ref` its caller gave, so the app that
owns it can record it (a quarterly update's sent time, a reply's status).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.dispatch import Signal
from django.utils.module_loading import import_string

EMAIL = "email"
SMS = "sms"
VOICE = "voice"

# Sent with ref (str), sent (bool) and error (a short provider code, "" when sent).
outcome = Signal()


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Transactional:
    """`channel` is EMAIL, SMS or VOICE; `text` is the email's plain text, the text message, or
    what a call says. `ref` names the row that owns the message ("engagement.parish-update:12"):
    no personal data, since it is logged."""

    channel: str
    to: str
    subject: str
    text: str
    html: str = ""
    attachments: tuple[Attachment, ...] = field(default=())
    ref: str = ""

    def __post_init__(self) -> None:
        if self.channel not in (EMAIL, SMS, VOICE):
            raise ValueError(f"Unknown channel {self.channel!r}")
        if self.attachments and self.channel != EMAIL:
            raise ValueError("Only an email can carry attachments")


def send_now(message: Transactional) -> int:
    """Store `message` and send it once the current transaction commits; its stored id."""
    queue: Callable[[Transactional], int] = import_string(settings.SEND_NOW_QUEUE)
    return queue(message)


def ref_id(ref: str, prefix: str) -> int | None:
    """The id in a ref made as f"{prefix}:{id}", or None if `ref` is someone else's."""
    head, _, tail = ref.partition(":")
    return int(tail) if head == prefix and tail.isdigit() else None
