"""The demo's channel: every message is written to the outbox table, which staff read in the back
office (/alerts/staff/outbox/). `outbox://` for any channel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from safer.alerts.channels.base import Outgoing, Result
from safer.alerts.models import Channel, OutboxMessage


class OutboxSender:
    def __init__(self, channel: int) -> None:
        self.channel = channel

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        for item in batch:
            if self.channel == Channel.EMAIL:
                subject, body = item.content.subject, item.text
                headers = {"Message-ID": f"<{item.message_id_header}@outbox>"}
                if not item.transactional:
                    headers["List-Unsubscribe"] = f"<{item.links.unsubscribe}>"
                    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
                # The outbox keeps text only: it names each attachment, which staff download from the app.
                body += "".join(
                    f"\n\nAttached: {a.filename} ({len(a.content) // 1024 + 1} KB)" for a in item.attachments
                )
            elif self.channel == Channel.SMS:
                subject, body, headers = "", item.sms, {}
            else:
                subject, body, headers = "", item.spoken, {}
            OutboxMessage.objects.create(
                channel=self.channel,
                delivery_id=item.key,
                to_address=item.to,
                subject=subject,
                body=body,
                headers=headers,
            )
            yield Result(key=item.key, provider_ref=f"outbox-{item.key}")

    def close(self) -> None:
        return None
