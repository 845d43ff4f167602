"""What every channel module shares: the outgoing item, the result, and the one error type.

A channel is an object with `send(batch) -> results` and `close()`. Results are yielded one by one
as each item is handed over, so the worker records each before the next is sent: a worker killed
mid-batch leaves only the item in flight unrecorded.
"""

from __future__ import annotations

import email.policy
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate
from typing import Protocol


class ChannelError(Exception):
    """A send that failed. `code` is short and never personal (e.g. "smtp-550", "twilio-21211");
    `permanent` says whether trying again could help."""

    def __init__(self, code: str, *, permanent: bool) -> None:
        super().__init__(code)
        self.code = code[:200]
        self.permanent = permanent


@dataclass
class Content:
    """One message rendered for its channels, shared by every recipient.

    Per-recipient links are placeholders (`marker` + a letter) substituted by `str.replace` or
    `bytes.replace`, so a message is rendered once however many people it goes to. The marker is
    random, so nothing staff type can collide with it.
    """

    message_id: int
    subject: str
    text: str
    html: str
    sms: str
    spoken: str
    marker: str = field(default_factory=lambda: "Qz" + secrets.token_hex(6))
    _mime: dict[tuple[str, str], bytes] = field(default_factory=dict, repr=False)

    @property
    def unsubscribe_placeholder(self) -> str:
        return self.marker + "U"

    @property
    def manage_placeholder(self) -> str:
        return self.marker + "M"

    def personalise(self, text: str, links: Links) -> str:
        return text.replace(self.marker + "U", links.unsubscribe).replace(self.marker + "M", links.manage)

    def mime_template(self, sender: str, domain: str) -> bytes:
        """The whole email as bytes with placeholders for To, Message-ID and the links."""
        key = (sender, domain)
        if key not in self._mime:
            msg = EmailMessage(policy=email.policy.SMTP)
            msg["From"] = sender
            msg["To"] = self.marker + "T"
            msg["Subject"] = self.subject
            msg["Date"] = formatdate(localtime=False)
            msg["Message-ID"] = f"<{self.marker}I@{domain}>"
            # RFC 8058: mail clients POST to this URL; the link itself carries who and what.
            msg["List-Unsubscribe"] = f"<{self.marker}U>"
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            # 8bit keeps the placeholders whole (quoted-printable could split them across lines).
            msg.set_content(self.text, cte="8bit")
            msg.add_alternative(self.html, subtype="html", cte="8bit")
            self._mime[key] = msg.as_bytes()
        return self._mime[key]


@dataclass(frozen=True)
class Links:
    unsubscribe: str
    manage: str


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Outgoing:
    """One item to send. `key` is the delivery id: the provider reference and Message-ID stem.

    A `transactional` item (a confirmation, a reply, a notice to staff: see safer/lib/sending.py) is
    one person's own business, not a list they joined, so it has no List-Unsubscribe header and may
    carry attachments."""

    key: int
    to: str
    content: Content
    links: Links
    transactional: bool = False
    attachments: tuple[Attachment, ...] = ()

    @property
    def message_id_header(self) -> str:
        return f"d{self.key}.m{self.content.message_id}"

    @property
    def text(self) -> str:
        return self.content.personalise(self.content.text, self.links)

    @property
    def html(self) -> str:
        return self.content.personalise(self.content.html, self.links)

    @property
    def sms(self) -> str:
        return self.content.personalise(self.content.sms, self.links)

    @property
    def spoken(self) -> str:
        return self.content.spoken

    def mime(self, sender: str, domain: str) -> bytes:
        if self.transactional:
            return self._transactional_mime(sender, domain)
        m = self.content.marker
        raw = self.content.mime_template(sender, domain)
        return (
            raw.replace(f"{m}T".encode(), self.to.encode())
            .replace(f"{m}I".encode(), self.message_id_header.encode())
            .replace(f"{m}U".encode(), self.links.unsubscribe.encode())
            .replace(f"{m}M".encode(), self.links.manage.encode())
        )

    def _transactional_mime(self, sender: str, domain: str) -> bytes:
        msg = EmailMessage(policy=email.policy.SMTP)
        msg["From"] = sender
        msg["To"] = self.to
        msg["Subject"] = self.content.subject
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = f"<{self.message_id_header}@{domain}>"
        msg.set_content(self.text)
        if self.html:
            msg.add_alternative(self.html, subtype="html")
        for attachment in self.attachments:
            maintype, _, subtype = attachment.mimetype.partition("/")
            msg.add_attachment(
                attachment.content,
                maintype=maintype,
                subtype=subtype or "octet-stream",
                filename=attachment.filename,
            )
        return msg.as_bytes()


@dataclass(frozen=True)
class Result:
    """`delivered` is False when the provider will send a receipt later (status 'sent' until then)."""

    key: int
    delivered: bool = True
    provider_ref: str = ""
    error: ChannelError | None = None


class Sender(Protocol):
    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]: ...

    def close(self) -> None: ...
