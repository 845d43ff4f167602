"""Signed, expiring links for the resident: confirm by email, enter a texted code, see the
reference, withdraw the message. A token holds the message's id and its random `key`; rotating the
key (as withdrawal does) revokes every link at once."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from safer.contact.models import ContactMessage
from safer.lib import signing

CONFIRM = "contact.confirm"
CODE = "contact.code"
SENT = "contact.sent"
WITHDRAW = "contact.withdraw"


def _max_age(purpose: str) -> int:
    if purpose == WITHDRAW:
        return settings.CONTACT_RETENTION_DAYS * 86400
    return settings.CONTACT_CONFIRM_HOURS * 3600


def make_token(message: ContactMessage, purpose: str) -> str:
    return signing.make_token([message.pk, message.key], purpose)


def read_token(token: str, purpose: str) -> ContactMessage | None:
    """The message a valid, unexpired token names; None otherwise."""
    values = signing.read_token(token, purpose, _max_age(purpose))
    if values is None or len(values) != 2:
        return None
    pk, key = values
    return ContactMessage.objects.select_related("neighbourhood__force").filter(pk=pk, key=key).first()


def path_for(message: ContactMessage, purpose: str) -> str:
    name = {
        CONFIRM: "contact:confirm",
        CODE: "contact:code",
        SENT: "contact:sent",
        WITHDRAW: "contact:withdraw",
    }
    return reverse(name[purpose], args=[make_token(message, purpose)])


def url_for(message: ContactMessage, purpose: str) -> str:
    return signing.absolute(path_for(message, purpose))
