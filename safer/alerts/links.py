"""Signed, expiring links for residents: manage, unsubscribe, confirm. No passwords anywhere.

A token holds the subscriber's id and their random `key`; rotating the key (or deleting the
registration) revokes every link at once.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from safer.alerts.models import Message, Subscriber
from safer.gunicorn_logging import redact
from safer.lib import signing
from safer.lib.signing import absolute

SHOWN_MASK = "…"

MANAGE = "alerts.manage"
UNSUBSCRIBE = "alerts.unsubscribe"
CONFIRM_EMAIL = "alerts.confirm-email"
REPLY = "alerts.reply"
REPLY_LINK_DAYS = 90

MAX_AGE_DAYS = {
    MANAGE: lambda: settings.ALERTS_MANAGE_LINK_DAYS,
    UNSUBSCRIBE: lambda: settings.ALERTS_UNSUBSCRIBE_LINK_DAYS,
    CONFIRM_EMAIL: lambda: settings.ALERTS_CONFIRM_LINK_DAYS,
}


def make_token(subscriber_id: int, key: str, purpose: str, extra: str = "") -> str:
    return signing.make_token([subscriber_id, key, extra], purpose)


def read_token(token: str, purpose: str) -> tuple[Subscriber, str] | None:
    """The subscriber and extra value a valid, unexpired token names; None otherwise."""
    values = signing.read_token(token, purpose, MAX_AGE_DAYS[purpose]() * 86400)
    if values is None or len(values) != 3:
        return None
    pk, key, extra = values
    subscriber = Subscriber.objects.filter(pk=pk, key=key).first()
    return (subscriber, str(extra)) if subscriber is not None else None


def manage_path(subscriber_id: int, key: str) -> str:
    return reverse("alerts:manage", args=[make_token(subscriber_id, key, MANAGE)])


def manage_url(subscriber_id: int, key: str) -> str:
    return absolute(manage_path(subscriber_id, key))


def unsubscribe_url(subscriber_id: int, key: str, channel: int) -> str:
    token = make_token(subscriber_id, key, UNSUBSCRIBE, str(channel))
    return absolute(reverse("alerts:unsubscribe", args=[token]))


def email_fingerprint(email: str) -> str:
    """Stands for the address in a link: tokens are signed, not encrypted, and paths reach access
    logs, so the address itself never goes in one."""
    return signing.fingerprint(email, "alerts.email-in-link")


def confirm_email_url(subscriber: Subscriber) -> str:
    token = make_token(subscriber.pk, subscriber.key, CONFIRM_EMAIL, email_fingerprint(subscriber.email))
    return absolute(reverse("alerts:confirm-email", args=[token]))


def mask_links(text: str) -> str:
    """`text` (an email, text or header as sent) with the token in every signed /alerts/ or
    /contact/ link replaced by "…", for showing to staff: a link shown is a link someone can use."""
    return redact(text, SHOWN_MASK)


def reply_url(message: Message) -> str:
    """The link in a message to reply to it: the contact form of the message's (first) team with a
    signed token naming the message, so the reply reaches that team's inbox with the message it
    answers. One link per message (it names no one): "" when the message has no team."""
    team = message.neighbourhoods.order_by("name").only("slug").first()
    if team is None and message.group_id is not None:
        team = message.group.neighbourhood if message.group else None
    if team is None:
        return ""
    token = signing.make_token([message.pk], REPLY)
    return absolute(reverse("contact:form", args=[team.slug]) + f"?reply={token}")


def read_reply_token(token: str) -> Message | None:
    """The sent message a reply link names, if the link is genuine and under REPLY_LINK_DAYS old."""
    values = signing.read_token(token, REPLY, REPLY_LINK_DAYS * 86400)
    if not values or len(values) != 1 or not isinstance(values[0], int):
        return None
    return Message.objects.filter(pk=values[0], sent_at__isnull=False).first()
