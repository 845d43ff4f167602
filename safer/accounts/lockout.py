"""Brute-force protection for both sign-in steps, through django-axes.

Wrong passwords are counted by axes itself (AxesStandaloneBackend sees every `authenticate` call).
Wrong two-factor codes are reported to axes as failed logins for the same username, so passwords
and codes share one counter: five failures of either kind lock the account for the cool-off time.
The counter is reset only when both factors succeed (AXES_RESET_ON_SUCCESS is off), so knowing the
password does not buy fresh guesses at the code.
"""

from __future__ import annotations

import hashlib

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest


def _credentials(user: AbstractBaseUser) -> dict[str, str]:
    return {"username": user.get_username()}


def record_failed_code(request: HttpRequest, user: AbstractBaseUser) -> None:
    """Count a wrong two-factor code as a failed sign-in for this account."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


def is_locked_out(request: HttpRequest, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def clear_failures(user: AbstractBaseUser) -> None:
    """Both factors passed: forget this account's earlier failures."""
    reset(username=user.get_username())


def client_str(username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest) -> str:
    """What axes writes in its log lines: a short one-way tag, never the username itself.

    The tag lets an operator see that repeated failures concern one account without the log
    holding who it is (our rule: no personal data in logs).
    """
    tag = hashlib.sha256((username or "").encode()).hexdigest()[:10]
    return f"{{account: {tag}, path: {path_info}}}"
