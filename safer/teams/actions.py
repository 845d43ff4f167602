"""Every write to a team's people goes through these functions, and each one is audited.

Views and the admin check role and scope through `accounts.scopes` before calling; the functions
check again (`check_can_edit`), so a new caller cannot skip the rule.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.places.models import Neighbourhood
from safer.teams import training
from safer.teams.models import AbstractionReason, DutyKind, DutySpell, Membership, Person, TrainingRecord

Actor = AbstractBaseUser | AnonymousUser

# Fields a team member may change on their own team page. Every change is audited before/after.
CONTACT_DETAIL_FIELDS = ["work_mobile", "work_email", "biography", "photo", "photo_alt"]
# Further fields only the Django admin changes; audited as person.changed.
PERSON_FIELDS = ["given_name", "family_name", "rank", "collar_number", "is_demo"]
MAX_DUTY_AHEAD = dt.timedelta(hours=24)


def people_in_scope(actor: Actor) -> Any:
    """The people this account may edit: members of a team in its scope (everyone, for the force).

    Scope comes from the teams a person is in now, so adding someone to one's own team never
    brings them into scope: `add_member` only takes people already in it.
    """
    return scopes.in_scope(actor, Person.objects.all(), "memberships__neighbourhood")


def people_to_add(actor: Actor, neighbourhood: Neighbourhood) -> Any:
    """Who a supervisor may add to `neighbourhood`: people in their scope not yet in that team."""
    return people_in_scope(actor).exclude(memberships__neighbourhood=neighbourhood)


def check_can_edit(actor: Actor, person: Person) -> None:
    if (
        not scopes.has_role(actor, scopes.TEAM_EDITORS)
        or not people_in_scope(actor).filter(pk=person.pk).exists()
    ):
        raise PermissionDenied("This person is not in your scope.")


def check_can_manage(actor: Actor, neighbourhood: Neighbourhood) -> None:
    if not scopes.can_act_on(actor, neighbourhood, roles=scopes.SUPERVISORS):
        raise PermissionDenied(
            "Only a sergeant, inspector or administrator with this team in scope may do this."
        )


def audit_person_save(actor: Actor | None, before: Person | None, after: Person) -> None:
    """Audit a saved Person against its earlier state: contact fields and the rest separately."""
    if before is None:
        audit.record(actor, "person.created", after, audit.field_changes(None, after, PERSON_FIELDS))
        before = Person()
    contact = audit.field_changes(before, after, CONTACT_DETAIL_FIELDS)
    if contact:
        audit.record(actor, "contact_details.changed", after, contact)
    other = audit.field_changes(before, after, PERSON_FIELDS)
    if other and before.pk is not None:
        audit.record(actor, "person.changed", after, other)


def _delete_file_later(name: str, person: Person) -> None:
    storage = person.photo.storage
    transaction.on_commit(lambda: storage.delete(name) if name and storage.exists(name) else None)


@transaction.atomic
def update_contact_details(actor: Actor, person: Person, **fields: Any) -> dict[str, list[Any]]:
    """Change contact fields (see CONTACT_DETAIL_FIELDS); returns the audited {field: [old, new]}.

    `photo` may be a processed file (see `photos.process_photo`) or "" to remove the photo.
    """
    unknown = set(fields) - set(CONTACT_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not contact-detail fields: {sorted(unknown)}")
    check_can_edit(actor, person)
    current = Person.objects.select_for_update().get(pk=person.pk)
    before = copy.copy(current)
    old_photo = current.photo.name if current.photo else ""
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=list(fields))
    changes = audit.field_changes(before, current, list(fields))
    if changes:
        audit.record(actor, "contact_details.changed", current, changes)
    if "photo" in changes and old_photo:
        _delete_file_later(old_photo, current)
    for name in fields:
        setattr(person, name, getattr(current, name))
    return changes


def validate_duty_until(until: dt.datetime | None, now: dt.datetime | None = None) -> None:
    if until is None:
        return
    now = now or timezone.now()
    if until <= now:
        raise ValidationError("The time must be in the future", code="past")
    if until > now + MAX_DUTY_AHEAD:
        raise ValidationError("The time must be within the next 24 hours", code="too_far")


@transaction.atomic
def set_duty_status(
    actor: Actor,
    person: Person,
    *,
    on_duty: bool,
    until: dt.datetime | None,
    now: dt.datetime | None = None,
    kind: str = DutyKind.COMMUNITY,
    reason: str = "",
) -> dict[str, list[Any]]:
    """Set on/off duty and when that status ends (in the future, within 24 hours), and record the
    stretch of duty it starts (in the community, in the station, or abstracted to other duties with
    a reason): the duty records the charter's time-in-community and abstraction measures count.
    An abstracted person is not shown as on duty for their neighbourhood."""
    check_can_edit(actor, person)
    validate_duty_until(until, now)
    if on_duty and until is None:
        raise ValidationError("Enter when this duty status ends", code="required")
    if on_duty and kind == DutyKind.ABSTRACTED and reason not in AbstractionReason.values:
        raise ValidationError("Choose why you were abstracted to other duties", code="reason")
    now = now or timezone.now()
    current = Person.objects.select_for_update().get(pk=person.pk)
    before = copy.copy(current)
    current.on_duty, current.duty_until = on_duty and kind != DutyKind.ABSTRACTED, until
    current.save(update_fields=["on_duty", "duty_until"])
    changes = audit.field_changes(before, current, ["on_duty", "duty_until"])
    spell = _record_spell(actor, current, on_duty=on_duty, until=until, now=now, kind=kind, reason=reason)
    if spell is not None:
        changes["duty_kind"] = ["", spell.kind]
        if spell.reason:
            changes["abstraction_reason"] = ["", spell.reason]
    if changes:
        audit.record(actor, "duty_status.changed", current, changes)
    person.on_duty, person.duty_until = current.on_duty, current.duty_until
    return changes


def _record_spell(
    actor: Actor,
    person: Person,
    *,
    on_duty: bool,
    until: dt.datetime | None,
    now: dt.datetime,
    kind: str,
    reason: str,
) -> DutySpell | None:
    """End the open stretch of duty now and, when on duty, start the new one."""
    for spell in DutySpell.objects.filter(person=person, ended_at__gt=now, started_at__lte=now):
        if spell.started_at >= now:
            spell.delete()
        else:
            spell.ended_at = now
            spell.save(update_fields=["ended_at"])
    if not on_duty or until is None:
        return None
    return DutySpell.objects.create(
        person=person,
        kind=kind,
        reason=reason if kind == DutyKind.ABSTRACTED else "",
        started_at=now,
        ended_at=until,
        recorded_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
    )


DUTY_KIND_OF_STATUS = {
    "on": DutyKind.COMMUNITY,
    "station": DutyKind.STATION,
    "abstracted": DutyKind.ABSTRACTED,
}


def duty_initial(person: Person, now: dt.datetime | None = None) -> dict[str, Any]:
    """The duty form's starting values: the person's current status and its reason."""
    now = now or timezone.now()
    spell = DutySpell.objects.filter(person=person, started_at__lte=now, ended_at__gt=now).first()
    if spell is None:
        status = "on" if person.on_duty else "off"
        return {"status": status, "until": person.duty_until}
    status = {v: k for k, v in DUTY_KIND_OF_STATUS.items()}[DutyKind(spell.kind)]
    return {"status": status, "until": spell.ended_at, "reason": spell.reason}


@transaction.atomic
def mark_details_verified(actor: Actor, person: Person, today: dt.date | None = None) -> None:
    """Someone confirmed today that this person's details are right."""
    check_can_edit(actor, person)
    current = Person.objects.select_for_update().get(pk=person.pk)
    before = copy.copy(current)
    current.details_verified_on = today or timezone.localdate()
    current.save(update_fields=["details_verified_on"])
    audit.record(
        actor, "details.verified", current, audit.field_changes(before, current, ["details_verified_on"])
    )
    person.details_verified_on = current.details_verified_on


def _membership_snapshot(m: Membership) -> dict[str, str]:
    return {"person": str(m.person_id), "neighbourhood": m.neighbourhood.code, "role": m.role}


@transaction.atomic
def add_member(actor: Actor, neighbourhood: Neighbourhood, person: Person, role: str) -> Membership:
    """Add someone already on the system; they must be in the actor's scope before the change."""
    check_can_manage(actor, neighbourhood)
    if not people_in_scope(actor).filter(pk=person.pk).exists():
        raise PermissionDenied("This person is not in your scope.")
    return _add_membership(actor, neighbourhood, person, role)


def _add_membership(actor: Actor, neighbourhood: Neighbourhood, person: Person, role: str) -> Membership:
    if Membership.objects.filter(person=person, neighbourhood=neighbourhood).exists():
        raise ValidationError("This person is already in the team", code="duplicate")
    membership = Membership.objects.create(person=person, neighbourhood=neighbourhood, role=role)
    snapshot = _membership_snapshot(membership)
    audit.record(actor, "membership.added", membership, {k: [None, v] for k, v in snapshot.items()})
    return membership


@transaction.atomic
def create_person_in_team(
    actor: Actor, neighbourhood: Neighbourhood, *, role: str, **person_fields: Any
) -> Membership:
    """A new person, straight into a team (the only way a supervisor creates people)."""
    check_can_manage(actor, neighbourhood)
    person = Person.objects.create(rank=role, **person_fields)
    audit_person_save(actor, None, person)
    return _add_membership(actor, neighbourhood, person, role)


@transaction.atomic
def remove_member(actor: Actor, membership: Membership) -> None:
    check_can_manage(actor, membership.neighbourhood)
    snapshot = _membership_snapshot(membership)
    audit.record(actor, "membership.removed", membership, {k: [v, None] for k, v in snapshot.items()})
    membership.delete()


TEAM_DETAIL_FIELDS = ["description", "email", "telephone"]


@transaction.atomic
def update_team_details(actor: Actor, neighbourhood: Neighbourhood, **fields: str) -> dict[str, list[Any]]:
    """The team's public description and how to reach it (the team page shows them first)."""
    if not scopes.can_act_on(actor, neighbourhood, roles=scopes.TEAM_PAGE_EDITORS):
        raise PermissionDenied("This team is not in your scope.")
    unknown = set(fields) - set(TEAM_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a team detail: {', '.join(sorted(unknown))}")
    current = Neighbourhood.objects.select_for_update().get(pk=neighbourhood.pk)
    before = copy.copy(current)
    for name, value in fields.items():
        setattr(current, name, value)
    changes = audit.field_changes(before, current, TEAM_DETAIL_FIELDS)
    if changes:
        current.save(update_fields=list(changes))  # the public pages' version moves with it
        audit.record(actor, "team_details.changed", current, changes)
    for name in fields:
        setattr(neighbourhood, name, getattr(current, name))
    return changes


def import_training(actor: Actor, data: bytes) -> training.ImportResult:
    """Import a learning-system CSV for the people in the actor's scope; audited as one entry."""
    if not scopes.has_role(actor, scopes.TRAINING_IMPORTERS):
        raise PermissionDenied("Only a sergeant, inspector or administrator may import training records.")
    result = training.import_training(data, people_in_scope(actor))
    if result.ok:
        audit.record_set(
            actor,
            "training.imported",
            TrainingRecord,
            result.created + result.updated,
            {"created": result.created, "updated": result.updated},
        )
    return result
