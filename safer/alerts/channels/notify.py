"""GOV.UK Notify for email and text messages:
`notify://?api_key=KEY&email_template=ID&sms_template=ID&callback_token=SECRET`.

The Notify templates hold `((subject))` and `((body))` (email) or `((body))` (text). An email with an
attachment (the quarterly update's PDF) uses `file_template=ID`, which also holds
`((link_to_file))`: Notify sends a link to the file rather than attaching it. Notify sends
delivery receipts to /alerts/receipts/notify/ with the callback token as a bearer token, and the
final status arrives there; until then a delivery is 'sent'.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from safer.alerts.channels.base import ChannelError, Outgoing, Result
from safer.alerts.models import Channel

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


class NotifyConfig:
    def __init__(self, url: str) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        self.api_key = query.get("api_key", "")
        self.email_template = query.get("email_template", "")
        self.file_template = query.get("file_template", "")
        self.sms_template = query.get("sms_template", "")
        self.callback_token = query.get("callback_token", "")
        self.reply_to = query.get("reply_to", "")
        self.base_url = query.get("base_url", DEFAULT_BASE_URL)


def classify(exc: Exception) -> ChannelError:
    """Notify's HTTP errors: 400 means this recipient or content is wrong (permanent); 429 and 5xx
    are worth retrying; 403 is our own key, which retrying after it is fixed will cure."""
    status = getattr(exc, "status_code", 0) or 0
    if status == 400:
        return ChannelError("notify-400", permanent=True)
    return ChannelError(f"notify-{status or type(exc).__name__}", permanent=False)


class NotifySender:
    def __init__(self, channel: int, url: str, client: Any = None) -> None:
        if channel not in (Channel.EMAIL, Channel.SMS):
            raise ValueError("GOV.UK Notify sends email and text messages, not calls")
        self.channel = channel
        self.config = NotifyConfig(url)
        if client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(self.config.api_key, base_url=self.config.base_url)
        self.client = client

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        from notifications_python_client.errors import APIError

        for item in batch:
            try:
                if self.channel == Channel.EMAIL:
                    template, personalisation = self._email_template(item)
                    response = self.client.send_email_notification(
                        email_address=item.to,
                        template_id=template,
                        personalisation=personalisation,
                        reference=str(item.key),
                        email_reply_to_id=self.config.reply_to or None,
                        one_click_unsubscribe_url=None if item.transactional else item.links.unsubscribe,
                    )
                else:
                    response = self.client.send_sms_notification(
                        phone_number=item.to,
                        template_id=self.config.sms_template,
                        personalisation={"body": item.sms},
                        reference=str(item.key),
                    )
            except APIError as exc:
                status = getattr(exc, "status_code", 0) or 0
                if status in (403, 429) or status >= 500:
                    raise classify(exc)  # the rest of the batch would fail the same way: retry it later
                error = classify(exc)
                yield Result(key=item.key, error=error)
                continue
            yield Result(key=item.key, delivered=False, provider_ref=str(response.get("id", "")))

    def _email_template(self, item: Outgoing) -> tuple[str, dict[str, Any]]:
        personalisation: dict[str, Any] = {"subject": item.content.subject, "body": item.text}
        if not item.attachments:
            return self.config.email_template, personalisation
        from notifications_python_client import prepare_upload

        if not self.config.file_template or len(item.attachments) > 1:
            # Configuration, not this message, is wrong: retried once EMAIL_URL names a file template.
            raise ChannelError("notify-no-file-template", permanent=False)
        attachment = item.attachments[0]
        personalisation["link_to_file"] = prepare_upload(
            io.BytesIO(attachment.content), filename=attachment.filename
        )
        return self.config.file_template, personalisation

    def close(self) -> None:
        return None


NOTIFY_STATUSES = {
    "delivered": "delivered",
    "permanent-failure": "permanent-failure",
    "temporary-failure": "temporary-failure",
    "technical-failure": "temporary-failure",
}
