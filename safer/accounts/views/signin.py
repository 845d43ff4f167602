"""Two-step staff sign-in: password, then a TOTP code (or, the first time, setting one up).

After the password the account is signed in but not verified; `scopes.require_role` sends an
unverified account to the code step. Passwords and codes share one axes failure counter
(see `accounts.lockout`).
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts import audit, enrolment, lockout, oidc
from safer.accounts.forms import CodeForm, SignInForm
from safer.accounts.views import force_sign_in


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def locked_out(request: HttpRequest) -> HttpResponse:
    """The page for a locked account; also axes' own lockout template (AXES_LOCKOUT_TEMPLATE)."""
    if request.user.is_authenticated:
        logout(request)
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def axes_lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: axes shows the same page as the sign-in views."""
    return locked_out(request)


@sensitive_post_parameters("password")
@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated and request.user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None and lockout.is_locked_out(request, form.cleaned_data["username"]):
            return locked_out(request)
        if user is None:
            form.add_error(None, "Enter a correct username and password")
        else:
            login(request, user)  # rotates the session key
            return redirect(_with_next("accounts:two-factor", next_url))
    context = {
        "form": form,
        "next": next_url,
        "force_sign_in": oidc.enabled(),
        "force_sign_in_label": settings.OIDC_SIGN_IN_LABEL,
        "next_query": urlencode({"next": next_url}),
    }
    return render(request, "accounts/sign_in.html", context)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user = request.user
    if not user.is_authenticated:
        return redirect(_with_next("accounts:sign-in", next_url))
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if lockout.is_locked_out(request, user.get_username()):
        return locked_out(request)
    if not user_has_device(user, confirmed=True):
        return redirect(_with_next("accounts:set-up", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if all(_throttled(d) for d in devices_for_user(user, confirmed=True)):
            form.add_error("code", THROTTLED)
            return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            lockout.clear_failures(user)
            return redirect(next_url)
        lockout.record_failed_code(request, user)
        if lockout.is_locked_out(request, user.get_username()):
            return locked_out(request)
        form.add_error("code", "The security code is not right: enter the code your app shows now")
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


THROTTLED = "You entered a wrong code a moment ago: wait a few seconds, then enter the code your app shows"


def _throttled(device: Device) -> bool:
    """django-otp makes each wrong code wait longer before the next try; a try too soon is no guess."""
    allowed, _ = device.verify_is_allowed()
    return not allowed


def _qr_svg(device: TOTPDevice) -> str:
    # An inline SVG with presentation attributes only (no style attribute), so the strict CSP holds.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR code for your authenticator app", svgclass="sn-qr", lineclass=None
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """First sign-in: create an unconfirmed TOTP device, show it, confirm it with a code."""
    next_url = _next_url(request)
    user = request.user
    if not user.is_authenticated:
        return redirect(_with_next("accounts:sign-in", next_url))
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url)
    if user_has_device(user, confirmed=True):
        return redirect(_with_next("accounts:two-factor", next_url))
    if lockout.is_locked_out(request, user.get_username()):
        return locked_out(request)
    link = enrolment.token_for(request)
    if link is None:
        # A password alone does not enrol a phone: an administrator issues a set-up link.
        return render(request, "accounts/set_up_needs_link.html", status=403)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _throttled(device):
        form.add_error("code", THROTTLED)
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            enrolment.use(request, link)
            otp_login(request, device)
            request.session.cycle_key()
            lockout.clear_failures(user)
            audit.record(user, "two_factor.enrolled", user)
            messages.success(request, "Your authenticator app is set up.")
            return redirect(next_url)
        lockout.record_failed_code(request, user)
        if lockout.is_locked_out(request, user.get_username()):
            return locked_out(request)
        form.add_error("code", "The security code is not right: enter the code your app shows now")
    context = {"form": form, "next": next_url, "qr_svg": _qr_svg(device), "secret": _grouped_secret(device)}
    return render(request, "accounts/set_up.html", context)


@never_cache
@require_http_methods(["GET"])
def enrol(request: HttpRequest, token: str) -> HttpResponse:
    """An administrator's set-up link: remember it, then sign in with the password as usual."""
    if not enrolment.open_link(request, token):
        return render(request, "accounts/set_up_needs_link.html", {"expired": True}, status=404)
    if request.user.is_authenticated:
        return redirect("accounts:set-up")
    return redirect(_with_next("accounts:sign-in", reverse("accounts:home")))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out here, and at the force's identity provider when that is how the session began."""
    response = force_sign_in.sign_out_everywhere(request)
    messages.success(request, "You have signed out.")
    return response
