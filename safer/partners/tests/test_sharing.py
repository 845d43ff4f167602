"""The sharing API other apps rely on: an in-date agreement is the only way a partner sees anything,
only the listed data items, and every read is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.partners import sharing
from safer.partners.models import SharingAgreement
from safer.partners.models.sharing import AgreementStatus
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.testing import create_staff

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_agency_of_a_partner_is_their_agency() -> None:
    council = create_agency(name="Wyre Forest District Council")
    assert sharing.agency_of(create_partner(council)) == council


def test_agency_of_staff_and_unlinked_partners_is_none() -> None:
    assert sharing.agency_of(create_staff(Role.SERGEANT)) is None
    assert sharing.agency_of(create_staff(Role.PARTNER)) is None  # no PartnerAccount


def test_agency_of_a_partner_whose_role_changed_is_none() -> None:
    user = create_partner(create_agency())
    user.staff.role = Role.PC
    user.staff.save()
    assert sharing.agency_of(user) is None


def test_inactive_agency_shares_nothing() -> None:
    agency = create_agency(active=False)
    create_agreement(agency)
    user = create_partner(agency)
    assert sharing.agency_of(user) is None
    assert sharing.fields_for(user) == set()


def test_in_date_agreement_gives_its_data_items() -> None:
    agency = create_agency()
    create_agreement(agency, data_items=["title", "responses"])
    assert sharing.fields_shared_with(agency) == {"title", "responses"}


def test_fields_are_the_union_of_in_force_agreements() -> None:
    agency = create_agency()
    create_agreement(agency, data_items=["title"])
    create_agreement(agency, data_items=["assessment"])
    assert sharing.fields_shared_with(agency) == {"title", "assessment"}


def test_an_agreement_past_its_review_date_shares_nothing() -> None:
    agency = create_agency()
    agreement = create_agreement(
        agency, start=TODAY - dt.timedelta(days=400), review=TODAY - dt.timedelta(days=1)
    )
    assert sharing.fields_shared_with(agency) == set()
    assert not sharing.may_read(create_partner(agency))
    # ...but it did share on its last day.
    assert sharing.fields_shared_with(agency, on=agreement.review_date) == set(agreement.data_items)


def test_ended_draft_and_future_agreements_share_nothing() -> None:
    agency = create_agency()
    create_agreement(agency, end_date=TODAY - dt.timedelta(days=1))
    create_agreement(agency, status=AgreementStatus.DRAFT)
    create_agreement(agency, status=AgreementStatus.ENDED)
    create_agreement(agency, start=TODAY + dt.timedelta(days=1))
    assert sharing.agreements_in_date(agency).count() == 0
    assert sharing.fields_shared_with(agency) == set()


def test_another_agencys_agreement_shares_nothing_with_this_one() -> None:
    council, housing = create_agency(), create_agency(kind="housing")
    create_agreement(council)
    assert sharing.fields_shared_with(housing) == set()
    assert sharing.fields_for(create_partner(housing)) == set()


def test_no_agency_shares_nothing() -> None:
    assert sharing.fields_shared_with(None) == set()
    assert list(sharing.agreements_in_date(None)) == []


def test_only_shared_drops_unlisted_items() -> None:
    values = {"title": "Bins on fire", "victim_details": "Ann Example", "responses": []}
    assert sharing.only_shared(values, {"title", "responses"}) == {"title": "Bins on fire", "responses": []}


def test_record_partner_read_writes_an_audit_entry_naming_agency_fields_and_agreement() -> None:
    agency = create_agency()
    agreement = create_agreement(agency, data_items=["title", "responses"])
    user = create_partner(agency)
    event = sharing.record_partner_read(user, agreement, ["responses", "title"])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == user
    assert stored.action == "partners.shared.read"
    assert stored.object_type == "partners.sharingagreement"
    assert stored.changes == {
        "agency": agency.pk,
        "fields": ["responses", "title"],
        "agreements": [agreement.reference],
    }
    assert list(sharing.partner_reads(agreement)) == [stored]


def test_unknown_data_items_are_refused() -> None:
    agreement = SharingAgreement(
        reference="X",
        title="X",
        purpose="X",
        legal_basis="cda_s115",
        data_items=["title", "shoe_size"],
        retention="1 year",
        start_date=TODAY,
        review_date=TODAY,
    )
    with pytest.raises(ValidationError, match="shoe_size"):
        agreement.full_clean()


def test_review_date_before_start_is_refused() -> None:
    agreement = SharingAgreement(
        reference="Y",
        title="Y",
        purpose="Y",
        legal_basis="cda_s115",
        data_items=["title"],
        retention="1 year",
        start_date=TODAY,
        review_date=TODAY - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="review date"):
        agreement.full_clean()
