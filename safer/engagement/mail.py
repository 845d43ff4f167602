"""Email from the engagement app (quarterly updates to clerks, reply reminders to staff).

The provider comes from the same EMAIL_URL setting as alerts: `outbox://` (the demo) writes to the
outbox staff read in the back office; `smtp://` or `smtps://` sends through Django's SMTP backend.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend


def _smtp(url: str) -> EmailBackend:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    implicit = parts.scheme == "smtps"
    return EmailBackend(
        host=parts.hostname or "localhost",
        port=parts.port or (465 if implicit else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_ssl=implicit,
        use_tls=query.get("tls", [""])[0] == "starttls",
        timeout=30,
    )


def send(to: str, subject: str, body: str, attachments: list[tuple[str, bytes, str]] = ()) -> None:  # type: ignore[assignment]
    url = getattr(settings, "EMAIL_URL", "outbox://")
    scheme = url.split(":", 1)[0].lower()
    if scheme in ("smtp", "smtps"):
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to], connection=_smtp(url))
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
        return
    from safer.alerts.models import Channel, OutboxMessage

    # The outbox keeps text only: it names each attachment, which staff download from the app.
    listed = "".join(
        f"\n\nAttached: {name} ({len(content) // 1024 + 1} KB)" for name, content, _ in attachments
    )
    OutboxMessage.objects.create(channel=Channel.EMAIL, to_address=to, subject=subject, body=body + listed)
