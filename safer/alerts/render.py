"""A message rendered once for every channel: email (text and HTML), text message, spoken words.

Also the composer's helpers: SMS fragment counting (GOV.UK Notify's rules) and the spoken version.
"""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse

from safer.alerts.channels.base import Content
from safer.alerts.links import reply_url
from safer.alerts.models import Message, Target
from safer.lib.signing import absolute

SMS_CHAR_LIMIT = 918  # 6 fragments of 153, as Notify
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
URL_RE = re.compile(r"https?://\S+")


def sms_fragments(text: str) -> tuple[int, str]:
    """(fragments, encoding) for a text message: GSM-7 (extended characters count 2) unless any
    character needs UCS-2, which is counted in UTF-16 code units."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        n = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        return (1 if n <= 160 else math.ceil(n / 153)), "GSM-7"
    units = len(text.encode("utf-16-le")) // 2
    return (1 if units <= 70 else math.ceil(units / 67)), "UCS-2"


def public_url(message: Message) -> str:
    return absolute(reverse("alerts:message", args=[message.pk]))


def sms_text(message: Message) -> str:
    tail = f"\n{public_url(message)}" if message.target != Target.GROUP else ""
    tail += "\nReply STOP to stop texts"
    room = SMS_CHAR_LIMIT - len(message.title) - len(tail) - 1
    body = message.body if len(message.body) <= room else message.body[: max(room - 1, 0)].rstrip() + "…"
    return f"{message.title}\n{body}{tail}"


def spoken_text(message: Message) -> str:
    """What a phone call says: no links, symbols spelt out, one short paragraph at a time."""
    body = URL_RE.sub("", message.body)
    body = body.replace("&", " and ").replace("@", " at ").replace("#", " number ")
    body = re.sub(r"\s+", " ", body).strip()
    force = message.force.name
    return (
        f"This is an urgent message from {force}. {message.title}. {body} "
        f"To stop these calls, use the link in any of our emails or texts. End of message."
    )


def render_content(message: Message) -> Content:
    neighbourhoods = list(message.neighbourhoods.order_by("name").values_list("name", flat=True)[:4])
    content = Content(message_id=message.pk, subject="", text="", html="", sms="", spoken="")
    context = {
        "message": message,
        "force": message.force,
        "where": neighbourhoods[:3],
        "more_places": len(neighbourhoods) > 3,
        "unsubscribe_url": content.unsubscribe_placeholder,
        "manage_url": content.manage_placeholder,
        "public_url": public_url(message) if message.target != Target.GROUP else "",
        "reply_url": reply_url(message),
        "site_url": settings.SITE_URL,
    }
    content.subject = f"{message.get_kind_display()}: {message.title} [Alert {message.pk}]"
    content.text = render_to_string("alerts/email/message.txt", context)
    content.html = render_to_string("alerts/email/message.html", context)
    content.sms = sms_text(message)
    content.spoken = spoken_text(message)
    return content


def render_digest(message_ids: list[int]) -> Content:
    """One email listing several messages (a subscriber's daily or weekly digest)."""
    messages = list(
        Message.objects.filter(pk__in=message_ids).select_related("force").order_by("sent_at", "pk")
    )
    content = Content(message_id=message_ids[0], subject="", text="", html="", sms="", spoken="")
    context = {
        "messages": [(m, public_url(m) if m.target != Target.GROUP else "") for m in messages],
        "force": messages[0].force if messages else None,
        "unsubscribe_url": content.unsubscribe_placeholder,
        "manage_url": content.manage_placeholder,
    }
    count = len(messages)
    content.subject = f"Your Neighbourhood Matters digest: {count} message{'s' if count != 1 else ''}"
    content.text = render_to_string("alerts/email/digest.txt", context)
    content.html = render_to_string("alerts/email/digest.html", context)
    return content


def transactional(subject: str, template: str, context: dict[str, object]) -> Content:
    """A one-off email to one person (confirm your address, your manage link)."""
    content = Content(message_id=0, subject=subject, text="", html="", sms="", spoken="")
    context = {
        **context,
        "unsubscribe_url": content.unsubscribe_placeholder,
        "manage_url": content.manage_placeholder,
    }
    content.text = render_to_string(f"alerts/email/{template}.txt", context).strip()
    try:
        content.html = render_to_string(f"alerts/email/{template}.html", context)
    except TemplateDoesNotExist:  # texts and calls have no HTML version
        content.html = ""
    content.sms = content.spoken = content.text
    return content
