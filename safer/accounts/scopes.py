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
# Partner-agency workers: they read only what an in-date sharing agreement gives their agency.
PARTNERS = frozenset({Role.PARTNER})
# Agencies, agreements and forums: read by the teams and analysts; kept up to date by supervisors
# and analysts (the problem-solving hub).
PARTNERSHIP_READERS = TEAM_EDITORS | {Role.ANALYST}
PARTNERSHIP_EDITORS = SUPERVISORS | {Role.ANALYST}
# ASB Case Reviews: handled by sergeants and inspectors for their areas.
CASE_REVIEWERS = SUPERVISORS
# problems: plans are read and written by the team and analysts; sergeants (and above) sign off
# scanning and analysis and review open plans; inspectors approve closure and public summaries.
PLAN_READERS = CRIME_READERS
PLAN_EDITORS = TEAM_EDITORS | {Role.ANALYST}
PLAN_SIGNERS = SUPERVISORS
PLAN_CLOSERS = frozenset({Role.INSPECTOR, Role.ADMINISTRATOR})
ANALYSIS_ANSWERERS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})

# Victims (issue 10). A victim record is read only by its officer in charge, their supervisors,
# victim-service staff and analysts with a recorded purpose, each within scope (victims/access.py);
# administrators manage accounts, not victims. The s62 log is the data protection officer's.
VICTIM_OFFICERS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR})
VICTIM_SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR})
VICTIM_SUPPORT = frozenset({Role.VICTIM_SERVICE})
VICTIM_ANALYSTS = frozenset({Role.ANALYST})
VICTIM_RECORD_READERS = VICTIM_OFFICERS | VICTIM_SUPPORT | VICTIM_ANALYSTS
DATA_PROTECTION = frozenset({Role.DATA_PROTECTION_OFFICER})

# Community: watch schemes, Speed Watch, volunteers (issue 11).
# Watch schemes: the neighbourhood team approves and runs them; a coordinator sees only their own.
SCHEME_MANAGERS = TEAM_EDITORS
COORDINATORS = frozenset({Role.COORDINATOR})
# Community Speed Watch: the team sets groups, sites and sessions up; the road-safety officer
# approves sites and prepares keepers' letters; trained volunteers book sessions and record.
CSW_MANAGERS = TEAM_EDITORS | {Role.ROAD_SAFETY}
CSW_SITE_APPROVERS = frozenset({Role.ROAD_SAFETY, Role.ADMINISTRATOR})
CSW_LETTER_STAFF = frozenset({Role.ROAD_SAFETY, Role.ADMINISTRATOR})
CSW_VOLUNTEERS = frozenset({Role.VOLUNTEER})
COMMUNITY_STAFF = SCHEME_MANAGERS | CSW_MANAGERS | COORDINATORS | CSW_VOLUNTEERS
# Volunteers (safer/volunteers): specials' and support volunteers' hours, youth sessions and the
# groups a team meets are recorded by the team; advisory groups and ride-along applications by
# supervisors; custody visiting by inspectors (the custody inspector answers the visitors' reports).
# Cadets are children: only their unit's leaders and the safeguarding lead see them (not even
# administrators, who may set up units and leaders but never open a unit's cadets).
VOLUNTEER_RECORDERS = TEAM_EDITORS
ADVISORY_GROUP_MANAGERS = SUPERVISORS
RIDE_ALONG_MANAGERS = SUPERVISORS
CUSTODY_VISITING = frozenset({Role.INSPECTOR, Role.ADMINISTRATOR})
CADET_LEADERS = frozenset({Role.CADET_LEADER})
CADET_RECORDS = frozenset({Role.CADET_LEADER, Role.SAFEGUARDING})
CADET_UNIT_MANAGERS = frozenset({Role.SAFEGUARDING, Role.ADMINISTRATOR})
VOLUNTEERING_STAFF = (
    VOLUNTEER_RECORDERS | ADVISORY_GROUP_MANAGERS | CUSTODY_VISITING | CADET_RECORDS | CADET_UNIT_MANAGERS
)

# Day-to-day running: sign-in, "today" (issue 12).
# Officers on the street: their own duty status, messages to answer, events, stations.
ON_PATROL = frozenset({Role.PCSO, Role.PC})
# Whose "today" lists the charter measures that slipped in their area this month.
AREA_LEADS = frozenset({Role.INSPECTOR, Role.ADMINISTRATOR})
# Whose "today" lists the crime data imports that are behind.
DATA_KEEPERS = frozenset({Role.ANALYST, Role.ADMINISTRATOR})
# Whose "today" lists problem-solving plans waiting for a sergeant's sign-off and their overdue
# reviews (an inspector's lists the closures waiting for approval instead).
PLAN_STAGE_SIGNERS = PLAN_SIGNERS - {Role.INSPECTOR}
# Who edits a team's public description and how to reach it.
TEAM_PAGE_EDITORS = TEAM_EDITORS

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
