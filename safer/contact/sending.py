"""Messages to one person through the alerts channels (safer/alerts/channels): the resident's
confirmation, acknowledgement and replies by email or text, and the sergeant's escalation notice.

Each is rendered from a text template (the email's HTML part is the same text, linked and wrapped)
and handed to a fresh sender for the channel's configured provider, outbox by default. Nothing
here logs an address or a message body: only the channel and a provider error code.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.template.loader import render_to_string

from safer.alerts.channels import ChannelError, Content, Links, Outgoing, make_sender
from safer.alerts.models import Channel
from safer.contact.models import ReplyChannel

log = logging.getLogger(__name__)

CHANNELS = {ReplyChannel.EMAIL: Channel.EMAIL, ReplyChannel.SMS: Channel.SMS}


def render(template: str, subject: str, context: dict[str, Any], content_id: int) -> Content:
    text = render_to_string(f"contact/messages/{template}.txt", context).strip()
    html = render_to_string("contact/messages/email.html", {"subject": subject, "text": text})
    return Content(message_id=content_id, subject=subject, text=text, html=html, sms=text, spoken=text)


def send(channel: str, to: str, content: Content, links: Links) -> str:
    """Send one item now. Returns "" when the provider accepted it, else a short error code."""
    item = Outgoing(key=secrets.randbits(40), to=to, content=content, links=links)
    sender = make_sender(CHANNELS[ReplyChannel(channel)])
    try:
        results = list(sender.send([item]))
    except ChannelError as exc:
        log.warning("contact.send channel=%s failed: %s", channel, exc.code)
        return exc.code
    finally:
        sender.close()
    if not results:
        return "no-result"
    if results[0].error is not None:
        log.warning("contact.send channel=%s refused: %s", channel, results[0].error.code)
        return results[0].error.code
    return ""
