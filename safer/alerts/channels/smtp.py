"""Email over SMTP: `smtp://user:password@host:port` (STARTTLS with `?tls=starttls`), or
`smtps://…` for implicit TLS. One connection is kept open and reused across batches."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
import time
from collections.abc import Iterator, Sequence
from email.utils import parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings

from safer.alerts.channels.base import ChannelError, Outgoing, Result

IDLE_CHECK_SECONDS = 30.0


class SmtpSender:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        self.implicit_tls = parts.scheme == "smtps"
        self.starttls = query.get("tls", [""])[0] == "starttls"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username or "")
        self.password = unquote(parts.password or "")
        self.timeout = float(query.get("timeout", ["30"])[0])
        self.sender = settings.DEFAULT_FROM_EMAIL
        self.envelope_from = parseaddr(self.sender)[1]
        self.domain = self.envelope_from.rpartition("@")[2] or "localhost"
        self._conn: smtplib.SMTP | None = None
        self._used_at = 0.0

    def _connection(self) -> smtplib.SMTP:
        now = time.monotonic()
        if self._conn is not None and now - self._used_at > IDLE_CHECK_SECONDS:
            try:
                if self._conn.noop()[0] != 250:
                    self.close()
            except (smtplib.SMTPException, OSError):
                self.close()
        if self._conn is None:
            try:
                if self.implicit_tls:
                    conn: smtplib.SMTP = smtplib.SMTP_SSL(
                        self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                    )
                else:
                    conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                    if self.starttls:
                        conn.starttls(context=ssl.create_default_context())
                if self.username:
                    conn.login(self.username, self.password)
            except (smtplib.SMTPException, OSError) as exc:
                raise ChannelError(f"smtp-connect-{type(exc).__name__}", permanent=False)
            self._conn = conn
        self._used_at = now
        return self._conn

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for item in batch:
            raw = item.mime(self.sender, self.domain)
            conn = self._connection()
            try:
                conn.sendmail(self.envelope_from, [item.to], raw)
            except smtplib.SMTPRecipientsRefused as exc:
                code = next(iter(exc.recipients.values()))[0]
                yield Result(key=item.key, error=ChannelError(f"smtp-{code}", permanent=500 <= code < 600))
                continue
            except smtplib.SMTPDataError as exc:
                code = exc.smtp_code
                yield Result(key=item.key, error=ChannelError(f"smtp-{code}", permanent=500 <= code < 600))
                continue
            except (smtplib.SMTPException, OSError) as exc:
                # The connection failed: this item and the rest of the batch are retried later.
                self.close()
                raise ChannelError(f"smtp-{type(exc).__name__}", permanent=False)
            yield Result(key=item.key, provider_ref=item.message_id_header)

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._conn.quit()
            self._conn = None
