"""Channels: one module per provider behind one interface (`send(batch) -> results`).

Which provider each channel uses comes from a URL-style setting: EMAIL_URL (outbox://, smtp://,
smtps://, notify://), SMS_URL (outbox://, notify://, twilio://) and VOICE_URL (outbox://, twilio://).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from safer.alerts.channels.base import ChannelError, Content, Links, Outgoing, Result, Sender
from safer.alerts.models import Channel

__all__ = ["ChannelError", "Content", "Links", "Outgoing", "Result", "Sender", "make_sender", "url_for"]


def url_for(channel: int) -> str:
    return {
        Channel.EMAIL: settings.EMAIL_URL,
        Channel.SMS: settings.SMS_URL,
        Channel.VOICE: settings.VOICE_URL,
    }[Channel(channel)]


def make_sender(channel: int, url: str | None = None) -> Sender:
    """A new sender for `channel` from its URL setting (a worker keeps one per channel)."""
    url = url or url_for(channel)
    scheme = url.split(":", 1)[0].lower()
    if scheme == "outbox":
        from safer.alerts.channels.outbox import OutboxSender

        return OutboxSender(channel)
    if scheme in ("smtp", "smtps") and channel == Channel.EMAIL:
        from safer.alerts.channels.smtp import SmtpSender

        return SmtpSender(url)
    if scheme == "notify":
        from safer.alerts.channels.notify import NotifySender

        return NotifySender(channel, url)
    if scheme == "twilio":
        from safer.alerts.channels.twilio import TwilioSender

        return TwilioSender(channel, url)
    raise ImproperlyConfigured(f"No {Channel(channel).label.lower()} provider for URLs starting {scheme}://")
