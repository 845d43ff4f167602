"""Twilio for text messages and phone calls (text-to-speech):
`twilio://ACCOUNT_SID:AUTH_TOKEN@/?from=%2B447700900000` (or `messaging_service=MG…` for texts).

Twilio reports each message's and call's outcome to /alerts/receipts/twilio/, signed with the
auth token (X-Twilio-Signature), which the receipt view verifies.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.urls import reverse

from safer.alerts.channels.base import ChannelError, Outgoing, Result
from safer.alerts.models import Channel

# Twilio error codes that no retry will cure: invalid, unreachable-for-good or opted-out numbers.
PERMANENT_CODES = {21211, 21214, 21217, 21401, 21407, 21408, 21421, 21604, 21610, 21612, 21614}


class TwilioConfig:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.account_sid = unquote(parts.username or "")
        self.auth_token = unquote(parts.password or "")
        self.from_number = query.get("from", "")
        self.messaging_service = query.get("messaging_service", "")
        self.voice = query.get("voice", "Polly.Amy")


def classify(exc: Exception) -> ChannelError:
    code = getattr(exc, "code", None)
    status = getattr(exc, "status", 0) or 0
    if code in PERMANENT_CODES:
        return ChannelError(f"twilio-{code}", permanent=True)
    return ChannelError(f"twilio-{code or status}", permanent=False)


def twiml_for(text: str, voice: str) -> str:
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    response.say(text, voice=voice, language="en-GB")
    response.pause(length=1)
    response.say(text, voice=voice, language="en-GB")  # said twice: people miss the start of a call
    return str(response)


class TwilioSender:
    def __init__(self, channel: int, url: str, client: Any = None) -> None:
        if channel not in (Channel.SMS, Channel.VOICE):
            raise ValueError("Twilio sends text messages and calls, not email")
        self.channel = channel
        self.config = TwilioConfig(url)
        if client is None:
            from twilio.rest import Client

            client = Client(self.config.account_sid, self.config.auth_token)
        self.client = client
        self.callback = settings.SITE_URL.rstrip("/") + reverse("alerts:receipt-twilio")

    def send(self, batch: Sequence[Outgoing]) -> Iterator[Result]:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        for item in batch:
            try:
                if self.channel == Channel.SMS:
                    sender = (
                        {"messaging_service_sid": self.config.messaging_service}
                        if self.config.messaging_service
                        else {"from_": self.config.from_number}
                    )
                    sent = self.client.messages.create(
                        to=item.to, body=item.sms, status_callback=self.callback, **sender
                    )
                else:
                    sent = self.client.calls.create(
                        to=item.to,
                        from_=self.config.from_number,
                        twiml=twiml_for(item.spoken, self.config.voice),
                        status_callback=self.callback,
                        status_callback_event=["completed"],
                    )
            except TwilioRestException as exc:
                error = classify(exc)
                if not error.permanent and (exc.status in (401, 403, 429) or exc.status >= 500):
                    raise error  # the rest of the batch would fail the same way: retry it later
                yield Result(key=item.key, error=error)
                continue
            except TwilioException as exc:
                raise ChannelError(f"twilio-{type(exc).__name__}", permanent=False)
            yield Result(key=item.key, delivered=False, provider_ref=str(sent.sid))

    def close(self) -> None:
        return None


# Twilio's final statuses for messages and calls, as our delivery statuses.
TWILIO_STATUSES = {
    "delivered": "delivered",
    "undelivered": "temporary-failure",
    "failed": "permanent-failure",
    "completed": "delivered",
    "busy": "temporary-failure",
    "no-answer": "temporary-failure",
    "canceled": "permanent-failure",
}
