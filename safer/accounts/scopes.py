"""Role and scope: the one place that decides what a staff account may see and change.

Views never filter by scope themselves; they call `neighbourhoods_in_scope`, `in_scope` or
`require_role`, so the access matrix test exercises one mechanism.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.places.models import Neighbourhood

User = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=Model)

# Every role set the apps use lives here, so who may do what is read in one file.
ANY_STAFF = frozenset(Role.values)
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
TEAM_EDITORS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
CONTACT_READERS = TEAM_EDITORS | {Role.CONTACT_CENTRE}
CRIME_READERS = TEAM_EDITORS | {Role.ANALYST}
VICTIM_READERS = CRIME_READERS | {Role.VICTIM_SERVICE}
PREVENTION_PLANNERS = TEAM_EDITORS | {Role.ANALYST}
IMPORT_READERS = SUPERVISORS | {Role.ANALYST}
# People outside the force who sign in: they see only what their agency, scheme or group shares.
EXTERNAL = frozenset({Role.PARTNER, Role.COORDINATOR, Role.VOLUNTEER})

# Problem solving and partners (issue 9).

# Victims (issue 10).

# Community: watch schemes, Speed Watch, volunteers (issue 11).

# Day-to-day running: sign-in, "today" (issue 12).

# The scorecard's records: training, abstraction, patrols (issue 14).
# Import training records from the learning system: supervisors, for the people in their scope.
TRAINING_IMPORTERS = SUPERVISORS
# Log a patrol or a visit to a hot spot or key place; post to the social media log.
PATROL_LOGGERS = TEAM_EDITORS
# Record the force's ASB leads and plans, offender management and OCG disruptions; front-counter tallies.
CHARTER_RECORDERS = SUPERVISORS | {Role.ANALYST}


def profile(user: User) -> StaffProfile | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "staff", None)


def role_of(user: User) -> str | None:
    p = profile(user)
    return p.role if p else None


def neighbourhoods_in_scope(user: User) -> QuerySet[Neighbourhood]:
    """Every neighbourhood this account's scope covers (none for a non-staff account)."""
    p = profile(user)
    if p is None:
        return Neighbourhood.objects.none()
    if p.role == Role.ADMINISTRATOR or p.scope_level == ScopeLevel.FORCE:
        return Neighbourhood.objects.all()
    if p.scope_level == ScopeLevel.AREAS:
        return Neighbourhood.objects.filter(areas__in=p.areas.all()).distinct()
    return Neighbourhood.objects.filter(pk__in=p.neighbourhoods.all())


def in_scope(user: User, queryset: QuerySet[M], neighbourhood_path: str = "neighbourhood") -> QuerySet[M]:
    """`queryset` narrowed to rows whose neighbourhood (reached by `neighbourhood_path`) is in scope."""
    p = profile(user)
    if p is None:
        return queryset.none()
    if p.role == Role.ADMINISTRATOR or p.scope_level == ScopeLevel.FORCE:
        return queryset
    return queryset.filter(**{f"{neighbourhood_path}__in": neighbourhoods_in_scope(user)}).distinct()


def can_act_on(user: User, neighbourhood: Neighbourhood, roles: Iterable[str] = TEAM_EDITORS) -> bool:
    return role_of(user) in set(roles) and neighbourhoods_in_scope(user).filter(pk=neighbourhood.pk).exists()


def has_role(user: User, roles: Iterable[str]) -> bool:
    return role_of(user) in set(roles)


def check(user: User, roles: Iterable[str], neighbourhood: Neighbourhood | None = None) -> None:
    """For action functions: PermissionDenied unless `user` holds one of `roles` (and, when given,
    has `neighbourhood` in scope). Actions call this themselves, whatever the view checked."""
    if neighbourhood is None and not has_role(user, roles):
        raise PermissionDenied("Your role does not allow this.")
    if neighbourhood is not None and not can_act_on(user, neighbourhood, roles):
        raise PermissionDenied("This neighbourhood is not in your scope, or your role cannot do this.")


def check_in_scope(
    user: User, roles: Iterable[str], obj: Model, neighbourhood_path: str = "neighbourhood"
) -> None:
    """For action functions on one row: PermissionDenied unless `user` holds one of `roles` and the
    row's neighbourhood (reached by `neighbourhood_path`) is in scope."""
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if not has_role(user, roles) or not in_scope(user, rows, neighbourhood_path).exists():
        raise PermissionDenied("This is not in your scope, or your role cannot do this.")


ViewFunc = Callable[..., HttpResponse]


def require_role(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """A staff view: signed in with both factors and holding one of `roles` (any staff role if none).

    The wrapped view carries `staff_roles`, which the access matrix test uses to find every staff
    view in the URL conf (functools.wraps copies it through outer decorators).
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect(f"/staff/sign-in/?next={request.path}")
            if not request.user.is_verified():  # type: ignore[attr-defined]
                return redirect(f"/staff/sign-in/two-factor/?next={request.path}")
            role = role_of(request.user)
            if role is None or (roles and role not in roles):
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        wrapped.staff_roles = frozenset(roles) or ANY_STAFF  # type: ignore[attr-defined]
        return wrapped

    return decorator


def role_names(roles: Iterable[str], *, without: Iterable[str] = ()) -> list[str]:
    """The roles' names in lower case, in the order the roles are listed, for sentences that say
    who may do something."""
    wanted, unwanted = set(roles), set(without)
    return [str(role.label).lower() for role in Role if role in wanted and role not in unwanted]
