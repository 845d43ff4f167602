"""What each account may see of the volunteers' records, through accounts.scopes only.

Every list and page starts from one of these querysets, so a row outside the account's scope (or,
for cadets, outside the account's own units) is never shown and its page answers 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from safer.accounts.scopes import (
    CADET_LEADERS,
    CADET_RECORDS,
    CADET_UNIT_MANAGERS,
    has_role,
    in_scope,
    neighbourhoods_in_scope,
)
from safer.places.models import PolicingArea
from safer.volunteers.models import Cadet, CadetSession, CadetUnit

User = AbstractBaseUser | AnonymousUser

# How each model reaches its neighbourhood(s), for in_scope and check_in_scope.
SCOPE_PATHS = {
    "specialduty": "neighbourhood",
    "supportshift": "neighbourhood",
    "youthsession": "neighbourhood",
    "groupcontact": "neighbourhood",
    "cadetunit": "neighbourhood",
    "cadet": "unit__neighbourhood",
    "cadetsession": "unit__neighbourhood",
    "advisorygroup": "area__neighbourhoods",
    "advisorymember": "group__area__neighbourhoods",
    "advisorymeeting": "group__area__neighbourhoods",
    "advice": "group__area__neighbourhoods",
    "advisoryaction": "group__area__neighbourhoods",
    "custodysuite": "area__neighbourhoods",
    "custodyvisitor": "area__neighbourhoods",
    "rotaslot": "suite__area__neighbourhoods",
    "custodyvisit": "suite__area__neighbourhoods",
    "ridealong": "area__neighbourhoods",
}


def areas_in_scope(user: User) -> QuerySet[PolicingArea]:
    """Current local policing areas with at least one neighbourhood in the account's scope."""
    return PolicingArea.objects.current().filter(neighbourhoods__in=neighbourhoods_in_scope(user)).distinct()


def cadet_units(user: User) -> QuerySet[CadetUnit]:
    """Units whose cadets this account may read: a leader's own units; every unit in scope for the
    safeguarding lead; none for anyone else (administrators included)."""
    if not has_role(user, CADET_RECORDS):
        return CadetUnit.objects.none()
    units = in_scope(user, CadetUnit.objects.all())
    if has_role(user, CADET_LEADERS):
        units = units.filter(leaders=user)  # type: ignore[misc]
    return units


def listed_units(user: User) -> QuerySet[CadetUnit]:
    """Units this account may see listed (names and leaders, no cadets): its readable units, and
    every unit in scope for those who set units up."""
    if has_role(user, CADET_UNIT_MANAGERS):
        return in_scope(user, CadetUnit.objects.all())
    return cadet_units(user)


def cadets(user: User) -> QuerySet[Cadet]:
    return Cadet.objects.filter(unit__in=cadet_units(user))


def cadet_sessions(user: User) -> QuerySet[CadetSession]:
    return CadetSession.objects.filter(unit__in=cadet_units(user))
