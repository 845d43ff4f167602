"""Writes about victims. Each checks the doer's role and scope (accounts.scopes), is one transaction
and leaves an audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from safer.accounts import audit
from safer.accounts.scopes import VICTIM_READERS, has_role, in_scope
from safer.crime.models import Incident
from safer.victims.models import RepeatVictimContact

User = AbstractBaseUser | AnonymousUser


def _staff(user: User) -> Any:
    """The signed-in account to record as the doer (None for anonymous, which views never allow)."""
    return user if user.is_authenticated else None


def record_victim_contact(
    user: User, incident: Incident, method: str, contacted_on: dt.date, referred: bool
) -> RepeatVictimContact:
    if (
        not has_role(user, VICTIM_READERS)
        or not in_scope(user, Incident.objects.filter(pk=incident.pk)).exists()
    ):
        raise PermissionDenied("Your role or area does not let you record contacts for this incident.")
    with transaction.atomic():
        contact = RepeatVictimContact.objects.create(
            incident=incident,
            method=method,
            contacted_on=contacted_on,
            referred_to_victim_service=referred,
            recorded_by=_staff(user),
        )
        # The action name is unchanged since the move out of crime, so one search finds every entry.
        audit.record(user, "crime.repeat_victim.contacted", contact, {"method": [None, method]})
    return contact


# Victim records (issue 10): each write checks access itself (victims.access, on the role sets of
# accounts.scopes), is one transaction, and leaves a DPA 2018 s62 log entry (victims.logs).
from safer.victims.recording import (  # noqa: E402
    assess,
    change_contact,
    create_victim,
    meet,
    record_consent,
    record_decision,
    record_purpose,
    record_referral_outcome,
    record_retention_review,
    record_update,
)
from safer.victims.sharing import issue_leaflet, refer  # noqa: E402

__all__ = [
    "assess",
    "change_contact",
    "create_victim",
    "issue_leaflet",
    "meet",
    "record_consent",
    "record_decision",
    "record_purpose",
    "record_referral_outcome",
    "record_retention_review",
    "record_update",
    "record_victim_contact",
    "refer",
]
