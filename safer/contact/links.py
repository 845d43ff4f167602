"""Signed, expiring links for the resident: confirm by email, enter a texted code, see the
reference, withdraw the message. A token holds the message's id and its random `key`; rotating the
key (as withdrawal does) revokes every link at once."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from safer.contact.models import ContactMessage

CONFIRM = "contact.confirm"
CODE = "contact.code"
SENT = "contact.sent"
WITHDRAW = "contact.withdraw"


def _max_age(purpose: str) -> int:
    if purpose == WITHDRAW:
        return settings.CONTACT_RETENTION_DAYS * 86400
    return settings.CONTACT_CONFIRM_HOURS * 3600


def make_token(message: ContactMessage, purpose: str) -> str:
    return signing.dumps([message.pk, message.key], salt=purpose, compress=False)


def read_token(token: str, purpose: str) -> ContactMessage | None:
    """The message a valid, unexpired token names; None otherwise."""
    try:
        pk, key = signing.loads(token, salt=purpose, max_age=_max_age(purpose))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return ContactMessage.objects.select_related("neighbourhood__force").filter(pk=pk, key=key).first()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def path_for(message: ContactMessage, purpose: str) -> str:
    name = {
        CONFIRM: "contact:confirm",
        CODE: "contact:code",
        SENT: "contact:sent",
        WITHDRAW: "contact:withdraw",
    }
    return reverse(name[purpose], args=[make_token(message, purpose)])


def url_for(message: ContactMessage, purpose: str) -> str:
    return absolute(path_for(message, purpose))
