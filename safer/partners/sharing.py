"""What a partner agency may read, and the audit of every read: the one API other apps use.

A partner account (`partner` role, linked to an agency by PartnerAccount) may read a shared record
only while one of its agency's signed agreements is in force, and then only the data items those
agreements list. Apps that share records (problems' plans) call:

    agency = agency_of(user)                 # None: not a partner, or no agency
    fields = fields_shared_with(agency)      # empty set: nothing may be shown
    shown = only_shared(values, fields)      # drop what is not listed
    record_partner_read(user, plan, shown)   # one audit entry per read

Names here are stable: other apps depend on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from safer.accounts import audit, scopes
from safer.accounts.models import AuditEvent
from safer.partners.models import DATA_ITEMS, Agency, PartnerAccount, SharingAgreement
from safer.partners.models.sharing import AgreementStatus

User = AbstractBaseUser | AnonymousUser

READ_ACTION = "partners.shared.read"


def agency_of(user: User) -> Agency | None:
    """The agency a signed-in partner works for; None for anyone else (staff, anonymous, a partner
    account not linked to an agency, or linked to an agency no longer active)."""
    if user.pk is None or not scopes.has_role(user, scopes.PARTNERS):
        return None
    account = PartnerAccount.objects.select_related("agency").filter(user_id=user.pk).first()
    if account is None or not account.agency.active:
        return None
    return account.agency


def in_force_filter(on: dt.date) -> Q:
    """Agreements signed, started, and neither past their review date nor ended on `on`."""
    return Q(status=AgreementStatus.SIGNED, start_date__lte=on, review_date__gte=on) & (
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )


def agreements_in_date(agency: Agency | None, on: dt.date | None = None) -> QuerySet[SharingAgreement]:
    """The agency's agreements in force on `on` (today by default)."""
    if agency is None:
        return SharingAgreement.objects.none()
    on = on or timezone.localdate()
    return SharingAgreement.objects.filter(in_force_filter(on), parties=agency).distinct()


def fields_shared_with(agency: Agency | None, on: dt.date | None = None) -> set[str]:
    """Every data item (names from models.DATA_ITEMS) that some in-force agreement lets the agency
    receive on `on`. Empty when it has none: then nothing at all may be shown to it."""
    fields: set[str] = set()
    for items in agreements_in_date(agency, on).values_list("data_items", flat=True):
        fields.update(item for item in items if item in DATA_ITEMS)
    return fields


def fields_for(user: User, on: dt.date | None = None) -> set[str]:
    """fields_shared_with(agency_of(user)): what this signed-in partner may read today."""
    return fields_shared_with(agency_of(user), on)


def may_read(user: User, on: dt.date | None = None) -> bool:
    """True if the user is a partner whose agency has at least one agreement in force."""
    return bool(fields_for(user, on))


def only_shared(values: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`values` keyed by data item, keeping only the items in `fields`."""
    allowed = set(fields)
    return {key: value for key, value in values.items() if key in allowed}


def record_partner_read(user: User, obj: Model, fields: Iterable[str]) -> AuditEvent:
    """Write the audit entry for one read of `obj` by a partner: who, which agency, which data items
    were shown, and the agreements that allowed it."""
    agency = agency_of(user)
    shown = sorted(set(fields))
    agreements = list(agreements_in_date(agency).values_list("reference", flat=True)) if agency else []
    return audit.record(
        user,
        READ_ACTION,
        obj,
        {"agency": agency.pk if agency else None, "fields": shown, "agreements": agreements},
    )


def partner_reads(obj: Model) -> QuerySet[AuditEvent]:
    """Every audited partner read of `obj`, newest first."""
    return AuditEvent.objects.filter(
        action=READ_ACTION, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )
