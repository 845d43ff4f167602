"""The force's own sign-in: OpenID Connect with the force's identity provider.

mozilla-django-oidc does the protocol (authorisation code flow, PKCE S256, nonce and state, the
ID token's signature against the provider's JWKS); this module decides who the person is here:

- the account is found by the provider's `sub` (never by email, so a provider account cannot take
  over a local password account) and created on first sign-in, with no usable password;
- its role and scope come from the groups claim through `OIDC_ROLE_MAP`, every sign-in, audited by
  `actions.set_role_and_scope` as the system;
- a person in no mapped group is refused and their account disabled (`account.disabled_by_provider`);
  a later sign-in in a mapped group enables it again, but only if the provider disabled it;
- the sign-in counts as two-factor (django-otp's `is_verified`, see `middleware.TwoFactorMiddleware`)
  only when the ID token's `amr` or `acr` says a second factor was used, or the deployment says the
  provider enforces one (`OIDC_TRUST_PROVIDER_MFA`); what the provider said is kept in the session.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from safer.accounts import actions, audit
from safer.accounts.models import AuditEvent, Role, ScopeLevel
from safer.places.models import Neighbourhood, PolicingArea

# The session key that records a sign-in at the provider: {"user", "amr", "acr", "two_factor", "at"}.
SESSION_KEY = "force_sign_in"
# Why a sign-in was refused, for the page the person lands on.
REFUSAL_KEY = "force_sign_in_refused"
NO_GROUP = "no-group"
NO_SECOND_FACTOR = "no-second-factor"
DISABLED = "disabled"


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


@dataclass(frozen=True)
class Grant:
    """What one group at the provider gives: a role and a scope."""

    role: str
    scope_level: str
    neighbourhoods: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def parse_role_map(raw: str | Mapping[str, Any]) -> dict[str, Grant]:
    """OIDC_ROLE_MAP (JSON text or a mapping) as {group: Grant}, in the order given; a mistake
    raises ImproperlyConfigured naming the group."""
    data = json.loads(raw) if isinstance(raw, str) else raw
    if not isinstance(data, dict):
        raise ImproperlyConfigured("OIDC_ROLE_MAP must be a JSON object: {group: {role, scope}}")
    grants: dict[str, Grant] = {}
    for group, entry in data.items():
        if not isinstance(entry, dict) or entry.get("role") not in Role.values:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_MAP[{group!r}] needs a role, one of: {', '.join(Role.values)}"
            )
        neighbourhoods = tuple(entry.get("neighbourhoods", ()))
        areas = tuple(entry.get("areas", ()))
        if entry.get("scope") == "force" or entry["role"] == Role.ADMINISTRATOR:
            level = ScopeLevel.FORCE
        elif areas and not neighbourhoods:
            level = ScopeLevel.AREAS
        elif neighbourhoods and not areas:
            level = ScopeLevel.NEIGHBOURHOODS
        else:
            raise ImproperlyConfigured(
                f'OIDC_ROLE_MAP[{group!r}] needs one scope: "neighbourhoods", "areas" or "scope": "force"'
            )
        grants[group] = Grant(entry["role"], level, neighbourhoods, areas)
    return grants


def grant_for(groups: Iterable[str], role_map: Mapping[str, Grant]) -> Grant | None:
    """The role of the first mapped group the person is in (the map's order is its precedence),
    with the widest scope among their groups that give that role: force, then areas (joined),
    then neighbourhoods (joined)."""
    held = set(groups)
    matched = [grant for group, grant in role_map.items() if group in held]
    if not matched:
        return None
    role = matched[0].role
    same = [g for g in matched if g.role == role]
    for level in (ScopeLevel.FORCE, ScopeLevel.AREAS, ScopeLevel.NEIGHBOURHOODS):
        at_level = [g for g in same if g.scope_level == level]
        if at_level:
            return Grant(
                role,
                level,
                tuple(sorted({n for g in at_level for n in g.neighbourhoods})),
                tuple(sorted({a for g in at_level for a in g.areas})),
            )
    return None  # pragma: no cover - every grant has one of the levels


def groups_in(claims: Mapping[str, Any]) -> list[str]:
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def is_two_factor(id_claims: Mapping[str, Any]) -> bool:
    """Whether the provider's own sign-in used a second factor, by what its ID token says."""
    if settings.OIDC_TRUST_PROVIDER_MFA:
        return True
    amr = id_claims.get("amr") or []
    amr = [amr] if isinstance(amr, str) else list(amr)
    return bool(set(amr) & set(settings.OIDC_MFA_AMR)) or id_claims.get("acr") in settings.OIDC_MFA_ACR


def username_for(claims: Mapping[str, Any]) -> str:
    """A stable username from the provider's subject: one-way, so it carries no personal data."""
    subject = f"{settings.OIDC_OP_TOKEN_ENDPOINT}|{claims['sub']}"
    return "force-" + hashlib.sha256(subject.encode()).hexdigest()[:40]


def disabled_by_provider(user: User) -> bool:
    last = (
        AuditEvent.objects.filter(object_type="auth.user", object_id=str(user.pk))
        .filter(action__in=["account.disabled_by_provider", "account.enabled_by_provider"])
        .first()
    )
    return last is not None and last.action == "account.disabled_by_provider"


class ForceIdentityBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend, finding and keeping accounts as described above."""

    request: HttpRequest
    id_claims: Mapping[str, Any]

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or not enabled() or "code" not in request.GET:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_user(self, user_id: int) -> User | None:
        """The signed-in account on each request: none once it is switched off (as ModelBackend)."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def get_or_create_user(self, access_token: str, id_token: str, payload: Mapping[str, Any]) -> User | None:
        self.id_claims = payload
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        return user

    def verify_claims(self, claims: Mapping[str, Any]) -> bool:
        return bool(claims.get("sub")) and claims.get("sub") == self.id_claims.get("sub")

    def filter_users_by_claims(self, claims: Mapping[str, Any]) -> Any:
        return User.objects.filter(username=username_for(claims))

    def create_user(self, claims: Mapping[str, Any]) -> User | None:
        user = User(username=username_for(claims))
        user.set_unusable_password()
        user.save()
        audit.record(None, "account.created_by_provider", user)
        return self.update_user(user, claims)

    def update_user(self, user: User, claims: Mapping[str, Any]) -> User | None:
        names = {
            "email": str(claims.get("email") or "")[:254],
            "first_name": str(claims.get("given_name") or "")[:150],
            "last_name": str(claims.get("family_name") or "")[:150],
        }
        changed = [field for field, value in names.items() if getattr(user, field) != value]
        for field in changed:
            setattr(user, field, names[field])
        grant = grant_for(groups_in(claims), parse_role_map(settings.OIDC_ROLE_MAP))
        if grant is None:
            if user.is_active:
                user.is_active = False
                changed.append("is_active")
                audit.record(None, "account.disabled_by_provider", user, {"is_active": [True, False]})
            user.save(update_fields=changed or None)
            return self.refuse(NO_GROUP)
        if not user.is_active:
            if not disabled_by_provider(user):
                user.save(update_fields=changed or None)
                return self.refuse(DISABLED)
            user.is_active = True
            changed.append("is_active")
            audit.record(None, "account.enabled_by_provider", user, {"is_active": [False, True]})
        if changed:
            user.save(update_fields=changed)
        actions.set_role_and_scope(
            None,
            user,
            role=grant.role,
            scope_level=grant.scope_level,
            neighbourhoods=Neighbourhood.objects.filter(slug__in=grant.neighbourhoods),
            areas=PolicingArea.objects.filter(slug__in=grant.areas),
        )
        if not is_two_factor(self.id_claims):
            return self.refuse(NO_SECOND_FACTOR)
        # Kept on the request; the callback view writes it into the session after login().
        self.request.force_sign_in = {  # type: ignore[attr-defined]
            "user": user.pk,
            "amr": list(self.id_claims.get("amr") or []),
            "acr": self.id_claims.get("acr") or "",
            "two_factor": True,
            "at": time.time(),
        }
        return user

    def refuse(self, reason: str) -> User | None:
        """No account for this sign-in; the refused page will say why."""
        self.request.session[REFUSAL_KEY] = reason
        return None
