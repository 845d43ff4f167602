"""Writes to staff accounts. Each change of role or scope is written to the audit log."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from safer.accounts import audit, scopes
from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.places.models import Neighbourhood, PolicingArea


def _codes(items: Iterable[Neighbourhood] | Iterable[PolicingArea]) -> list[str]:
    return sorted(str(getattr(i, "code", None) or getattr(i, "slug", i.pk)) for i in items)


def scope_snapshot(profile: StaffProfile | None) -> dict[str, object]:
    if profile is None or profile.pk is None:
        return {"scope_level": None, "neighbourhoods": [], "areas": []}
    return {
        "scope_level": profile.scope_level,
        "neighbourhoods": _codes(profile.neighbourhoods.all()),
        "areas": _codes(profile.areas.all()),
    }


@transaction.atomic
def set_role_and_scope(
    actor: AbstractBaseUser | AnonymousUser | None,
    user: User,
    *,
    role: str,
    scope_level: str,
    neighbourhoods: Iterable[Neighbourhood] = (),
    areas: Iterable[PolicingArea] = (),
) -> StaffProfile:
    """Give `user` this role and scope, auditing `role.changed` and `scope.changed` separately.

    `actor` None is the system itself (management commands, the demo); anyone else must be an
    administrator."""
    if actor is not None:
        scopes.check(actor, scopes.ADMINISTRATORS)
    if role not in Role.values or scope_level not in ScopeLevel.values:
        raise ValueError("Unknown role or scope level.")
    profile = StaffProfile.objects.select_for_update().filter(user=user).first()
    before_role = profile.role if profile else None
    before_scope = scope_snapshot(profile)
    if profile is None:
        profile = StaffProfile(user=user)
    profile.role = role
    profile.scope_level = scope_level
    profile.save()
    # Only the list that the scope level uses is kept, so a stale list cannot widen a scope later.
    profile.neighbourhoods.set(list(neighbourhoods) if scope_level == ScopeLevel.NEIGHBOURHOODS else [])
    profile.areas.set(list(areas) if scope_level == ScopeLevel.AREAS else [])

    audit_profile_change(actor, profile, before_role, before_scope)
    return profile


def audit_profile_change(
    actor: AbstractBaseUser | AnonymousUser | None,
    profile: StaffProfile,
    before_role: str | None,
    before_scope: dict[str, object],
) -> None:
    """Record `role.changed` and `scope.changed` for whatever differs from the earlier state."""
    if before_role != profile.role:
        audit.record(actor, "role.changed", profile, {"role": [before_role, profile.role]})
    after_scope = scope_snapshot(profile)
    scope_diff = {
        key: [before_scope[key], after_scope[key]]
        for key in after_scope
        if before_scope[key] != after_scope[key]
    }
    if scope_diff:
        audit.record(actor, "scope.changed", profile, scope_diff)
