"""Staff sessions end after an absolute lifetime and after a spell without requests.

Signing in stamps the session; each later request checks both limits and, past either, signs the
account out and sends it to the sign-in page (a page that needs no sign-in simply carries on).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.middleware import OTPMiddleware

# accounts.oidc.SESSION_KEY (oidc imports the backend library; this module stays light).
FORCE_SIGN_IN_KEY = "force_sign_in"
SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
# Touch the session at most this often, so reading pages does not write the session every time.
TOUCH_EVERY_SECONDS = 60


@receiver(user_logged_in)
def stamp_sign_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Each sign-in starts the absolute lifetime afresh (a new session key, a new clock)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = float(session.setdefault(SIGNED_IN_AT, now))
            last_seen_at = float(session.get(LAST_SEEN_AT, now))
            too_old = now - signed_in_at > settings.STAFF_SESSION_HOURS * 3600
            idle = now - last_seen_at > settings.STAFF_IDLE_MINUTES * 60
            if too_old or idle:
                logout(request)
                return redirect(f"/staff/sign-in/?next={request.path}")
            if now - last_seen_at >= TOUCH_EVERY_SECONDS or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (`user.is_verified()` after a TOTP code), which also counts a sign-in
    at the force's identity provider that used a second factor there (`accounts.oidc`): the session
    records what the provider's ID token said, for this account only."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and user.otp_device is None:
            record = request.session.get(FORCE_SIGN_IN_KEY)
            if isinstance(record, dict) and record.get("user") == user.pk and record.get("two_factor"):
                user.is_verified = lambda: True
                user.force_sign_in = record
        return user


class ForceSignInRecheckMiddleware:
    """A session begun at the force's identity provider is checked with it again every
    OIDC_RECHECK_MINUTES (mozilla-django-oidc's `oidc_id_token_expiration`): on the next page
    visit (GET) the browser goes to the provider silently and comes back (accounts/views/force_sign_in.py).
    A provider that no longer signs the person in ends the session; leaving the mapped groups also
    switches the account off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "GET"
            and FORCE_SIGN_IN_KEY in request.session
            and not request.path.startswith("/staff/sign-in/")
            and float(request.session.get("oidc_id_token_expiration", 0)) < time.time()
            and request.user.is_authenticated
        ):
            from safer.accounts.views.force_sign_in import recheck

            return recheck(request)
        return self.get_response(request)
