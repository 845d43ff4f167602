"""Small factories for the partners app's tests (and other apps' tests that need a partner)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from safer.accounts.models import Role
from safer.partners.models import Agency, AgencyKind, PartnerAccount, SharingAgreement
from safer.partners.models.sharing import AgreementStatus
from safer.testing import create_staff

_seq = itertools.count(1)


def create_agency(**overrides: Any) -> Agency:
    n = next(_seq)
    values: dict[str, Any] = {"name": f"Agency {n}", "kind": AgencyKind.COUNCIL}
    values.update(overrides)
    return Agency.objects.create(**values)


def create_agreement(
    *parties: Agency,
    data_items: list[str] | None = None,
    start: dt.date | None = None,
    review: dt.date | None = None,
    **overrides: Any,
) -> SharingAgreement:
    today = timezone.localdate()
    n = next(_seq)
    values: dict[str, Any] = {
        "reference": f"ISA-T-{n}",
        "title": f"Agreement {n}",
        "purpose": "Reducing anti-social behaviour",
        "legal_basis": "cda_s115",
        "data_items": data_items if data_items is not None else ["title", "summary", "responses"],
        "retention": "12 months after the plan closes",
        "status": AgreementStatus.SIGNED,
        "start_date": start or today - dt.timedelta(days=30),
        "review_date": review or today + dt.timedelta(days=180),
    }
    values.update(overrides)
    agreement = SharingAgreement.objects.create(**values)
    agreement.parties.set(parties)
    return agreement


def create_partner(agency: Agency, **overrides: Any) -> User:
    """A partner-role account (password and TOTP device, as staff) working for `agency`."""
    user = create_staff(Role.PARTNER, **overrides)
    PartnerAccount.objects.create(user=user, agency=agency, job_title="ASB officer")
    return user
