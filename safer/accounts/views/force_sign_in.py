"""Signing in through the force's identity provider (OpenID Connect; see accounts/oidc.py).

`/staff/sign-in/force/` sends the browser to the provider with PKCE; the provider sends it back to
`/staff/sign-in/force/callback/`, which signs the account in and records what the provider said about
the second factor; a refused sign-in lands on `/staff/sign-in/force/refused/` with the reason.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from safer.accounts import oidc

REASONS = {
    oidc.NO_GROUP: (
        "Your force account is not in a group that uses this service, so you cannot sign in. "
        "If you should have access, ask your supervisor to add you to your team's group."
    ),
    oidc.NO_SECOND_FACTOR: (
        "Your force account signed in without a second step (such as the Authenticator app or a "
        "security key). Sign in again and complete the second step, or ask the IT service desk."
    ),
    oidc.DISABLED: "This account has been switched off here. Ask an administrator to switch it on again.",
}


class Start(OIDCAuthenticationRequestView):  # type: ignore[misc]
    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404("The force's sign-in is not set up on this site.")
        request.session.pop(oidc.REFUSAL_KEY, None)
        response: HttpResponse = super().get(request)
        return response

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        # A re-check asks the provider silently: it answers at once, with a code or an error.
        return {"prompt": "none"} if getattr(request, "force_recheck", False) else {}


def recheck(request: HttpRequest) -> HttpResponse:
    """Ask the provider again, without showing anything, whether this person is still signed in
    there and in which groups (every OIDC_RECHECK_MINUTES, on a page visit): the answer comes back
    to the callback, which keeps the session, changes the role, or signs out and switches off."""
    request.force_recheck = True  # type: ignore[attr-defined]
    response: HttpResponse = Start.as_view()(request)
    request.session["oidc_login_next"] = request.get_full_path()
    return response


class Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    @property
    def failure_url(self) -> str:
        return reverse("accounts:force-refused")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404("The force's sign-in is not set up on this site.")
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        # A re-check the provider refused, or that found the person in no mapped group, ends the
        # session here too.
        if self.request.user.is_authenticated:
            logout(self.request)
        response: HttpResponse = super().login_failure()
        return response

    def login_success(self) -> HttpResponse:
        record = getattr(self.request, "force_sign_in", None)
        response: HttpResponse = super().login_success()  # login() keeps the session's data
        if record is not None:
            self.request.session[oidc.SESSION_KEY] = record
        return response


start = never_cache(Start.as_view())
callback = never_cache(Callback.as_view())


@never_cache
@require_safe
def refused(request: HttpRequest) -> HttpResponse:
    reason = request.session.get(oidc.REFUSAL_KEY, "")
    message = REASONS.get(reason, "The force's sign-in did not complete. Try again.")
    return render(request, "accounts/force_refused.html", {"message": message}, status=403)


def sign_out_url(request: HttpRequest) -> str | None:
    """Where signing out ends: the provider's end_session_endpoint when this session signed in
    there (it signs the person out of the provider too, then comes back to the sign-in page)."""
    if not (oidc.enabled() and settings.OIDC_OP_LOGOUT_ENDPOINT and oidc.SESSION_KEY in request.session):
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:sign-in")),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"


def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    provider_url = sign_out_url(request)
    logout(request)
    return redirect(provider_url) if provider_url else redirect("accounts:sign-in")
