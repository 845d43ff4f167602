"""What every engagement action shares: the acting account, and the team check each one makes
again through accounts.scopes, so a new caller cannot skip the rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied

from safer.accounts import scopes
from safer.places.models import Neighbourhood

User = AbstractBaseUser | AnonymousUser


def _actor(user: User | None) -> Any:
    """The account to store as who did something (None for anonymous or system changes)."""
    return user if user is not None and user.is_authenticated else None


def check_team(user: User, neighbourhood: Neighbourhood, roles: Iterable[str] = scopes.TEAM_EDITORS) -> None:
    if not scopes.can_act_on(user, neighbourhood, roles=roles):
        raise PermissionDenied("This neighbourhood is not in your scope, or your role cannot do this.")
