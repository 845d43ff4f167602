"""Every write to the volunteers' records. Each checks the doer's role and scope (accounts.scopes),
is one transaction and leaves an audit record; none writes a cadet's name into the audit log."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.scopes import (
    ADVISORY_GROUP_MANAGERS,
    CUSTODY_VISITING,
    RIDE_ALONG_MANAGERS,
    check_in_scope,
    has_role,
)
from safer.volunteers import access
from safer.volunteers.models import (
    AdvisoryAction,
    Cadet,
    CadetSession,
    CadetUnit,
    CustodyVisit,
    RideAlong,
)

User = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=models.Model)
# A reference a resident can read out on the phone: no 0/O or 1/I.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _doer(user: User) -> Any:
    return user if user.is_authenticated else None


def create(user: User, roles: Iterable[str], obj: M, m2m: dict[str, Any] | None = None) -> M:
    """Save a new row, then refuse (rolling it back) unless `user` holds one of `roles` and the row
    lies in their scope. Audited as `volunteers.<model>.created` with the row's id only."""
    name = obj._meta.model_name or ""
    with transaction.atomic():
        if hasattr(obj, "recorded_by_id"):
            obj.recorded_by = _doer(user)  # type: ignore[attr-defined]
        obj.save()
        for field, values in (m2m or {}).items():
            getattr(obj, field).set(values)
        check_in_scope(user, roles, obj, access.SCOPE_PATHS[name])
        audit.record(user, f"volunteers.{name}.created", obj)
    return obj


def _check_cadet_unit(user: User, unit: CadetUnit) -> None:
    if not access.cadet_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied("Only this unit's leaders and the safeguarding lead see its cadets.")


def enrol_cadet(user: User, cadet: Cadet) -> Cadet:
    _check_cadet_unit(user, cadet.unit)
    with transaction.atomic():
        cadet.recorded_by = _doer(user)
        cadet.save()
        audit.record(user, "volunteers.cadet.enrolled", cadet, {"unit": [None, cadet.unit_id]})
    return cadet


def record_cadet_session(user: User, session: CadetSession, present: Iterable[Cadet]) -> CadetSession:
    """A session and who came. Cadets from another unit are refused."""
    _check_cadet_unit(user, session.unit)
    present = list(present)
    if any(c.unit_id != session.unit_id for c in present):
        raise PermissionDenied("A cadet from another unit cannot attend this unit's session.")
    with transaction.atomic():
        session.recorded_by = _doer(user)
        session.enrolled = (
            session.unit.cadets.filter(joined_on__lte=session.date).exclude(left_on__lt=session.date).count()
        )
        session.save()
        session.present.set(present)
        audit.record(user, "volunteers.cadet_session.recorded", session, {"present": [None, len(present)]})
    return session


def close_advisory_action(user: User, action: AdvisoryAction, closed_on: dt.date, outcome: str) -> None:
    check_in_scope(user, ADVISORY_GROUP_MANAGERS, action, access.SCOPE_PATHS["advisoryaction"])
    if action.closed_on is not None:
        raise ValueError("This action is already closed.")
    with transaction.atomic():
        action.closed_on, action.outcome = closed_on, outcome
        action.save(update_fields=["closed_on", "outcome"])
        audit.record(user, "volunteers.advisory_action.closed", action, {"closed_on": [None, str(closed_on)]})


def respond_to_visit(user: User, visit: CustodyVisit, response: str) -> None:
    """The custody inspector's answer to the issues a visit raised, timed now."""
    check_in_scope(user, CUSTODY_VISITING, visit, access.SCOPE_PATHS["custodyvisit"])
    with transaction.atomic():
        before = visit.response
        visit.response, visit.responded_at, visit.responded_by = response, timezone.now(), _doer(user)
        visit.save(update_fields=["response", "responded_at", "responded_by"])
        audit.record(user, "volunteers.custody_visit.answered", visit, {"response": [bool(before), True]})


# --- Ride-alongs ---------------------------------------------------------------------------------


def new_reference() -> str:
    while True:
        ref = "RA-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not RideAlong.objects.filter(reference=ref).exists():
            return ref


def apply_for_ride_along(application: RideAlong) -> RideAlong:
    """The public form's application. Eligibility that the answers already settle (age, residence,
    one ride-along a calendar year) is decided at once; convictions go to vetting."""
    today = timezone.localdate()
    application.reference = new_reference()
    application.restrictions_acknowledged_at = timezone.now()
    reasons = eligibility_problems(application, today)
    if reasons:
        application.status, application.status_note = RideAlong.Status.INELIGIBLE, "; ".join(reasons)
    with transaction.atomic():
        application.save()
        audit.record(
            None, "volunteers.ride_along.applied", application, {"status": [None, application.status]}
        )
    return application


def eligibility_problems(application: RideAlong, today: dt.date) -> list[str]:
    problems = []
    dob = application.date_of_birth
    age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    if age < 18:
        problems.append("under 18")
    if not application.lives_in_force_area:
        problems.append("does not live in the force area")
    done = RideAlong.objects.filter(
        email__iexact=application.email, status=RideAlong.Status.COMPLETED, completed_on__year=today.year
    )
    if done.exists():
        problems.append("already observed a shift this calendar year")
    return problems


# Which status may follow which, as the single point of contact moves an application on.
NEXT = {
    RideAlong.Status.RECEIVED: {RideAlong.Status.VETTING, RideAlong.Status.INELIGIBLE},
    RideAlong.Status.VETTING: {RideAlong.Status.APPROVED, RideAlong.Status.REFUSED},
    RideAlong.Status.APPROVED: {RideAlong.Status.BOOKED, RideAlong.Status.CANCELLED},
    RideAlong.Status.BOOKED: {RideAlong.Status.COMPLETED, RideAlong.Status.CANCELLED},
}


def move_ride_along(user: User, ride: RideAlong, status: str, **fields: Any) -> None:
    """Move an application to `status` (ValueError if that step is not allowed from here)."""
    if not has_role(user, RIDE_ALONG_MANAGERS):
        raise PermissionDenied("Your role does not allow this.")
    check_in_scope(user, RIDE_ALONG_MANAGERS, ride, access.SCOPE_PATHS["ridealong"])
    if status not in NEXT.get(RideAlong.Status(ride.status), set()):
        raise ValueError(f"An application that is {ride.get_status_display().lower()} cannot move to that.")
    with transaction.atomic():
        before = ride.status
        ride.status = status
        for name, value in fields.items():
            setattr(ride, name, value)
        ride.save()
        audit.record(user, "volunteers.ride_along.moved", ride, {"status": [before, status]})
