"""Administrator-issued set-up links: the only way an account without a device enrols one.

`issue` makes a one-time link (its token hashed in the database); opening it puts the token in the
session, and the set-up page then serves only the account it was issued for, until it is used or
expires (ENROLMENT_LINK_HOURS).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.accounts.models import EnrolmentToken

SESSION_KEY = "enrolment_token_id"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue(actor: AbstractBaseUser | AnonymousUser | None, user: User) -> str:
    """A new set-up link for `user` (earlier unused ones stop working). `actor` None is the system
    (the management command); anyone else must be an administrator."""
    if actor is not None:
        scopes.check(actor, scopes.ADMINISTRATORS)
    now = timezone.now()
    EnrolmentToken.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    EnrolmentToken.objects.create(
        user=user,
        token_hash=_hash(token),
        issued_by=actor if actor is not None and actor.is_authenticated else None,  # type: ignore[misc]
        expires_at=now + dt.timedelta(hours=settings.ENROLMENT_LINK_HOURS),
    )
    audit.record(actor, "two_factor.enrolment_issued", user)
    return f"{settings.SITE_URL.rstrip('/')}{reverse('accounts:enrol', args=[token])}"


def _usable() -> object:
    return EnrolmentToken.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def open_link(request: HttpRequest, token: str) -> bool:
    """Remember a valid link's token in the session; False for an unknown, used or expired one."""
    found = _usable().filter(token_hash=_hash(token)).first()  # type: ignore[attr-defined]
    if found is None:
        return False
    request.session[SESSION_KEY] = found.pk
    return True


def token_for(request: HttpRequest) -> EnrolmentToken | None:
    """The session's set-up link, if it is still usable and was issued for the signed-in account."""
    pk = request.session.get(SESSION_KEY)
    if pk is None or not request.user.is_authenticated:
        return None
    found: EnrolmentToken | None = _usable().filter(pk=pk, user=request.user).first()  # type: ignore[attr-defined]
    return found


def use(request: HttpRequest, token: EnrolmentToken) -> None:
    EnrolmentToken.objects.filter(pk=token.pk).update(used_at=timezone.now())
    request.session.pop(SESSION_KEY, None)
