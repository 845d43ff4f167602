"""The partners demo step on the demo's places and accounts: an agreement about to lapse, one
lapsed, the demo partner linked to the council, forums with meetings, case reviews at every stage."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from safer.partners import sharing
from safer.partners.demo import load_demo_partners
from safer.partners.models import CaseReviewApplication, ForumMeeting, SharingAgreement
from safer.partners.reminders import due_reminders

pytestmark = pytest.mark.django_db


def test_the_demo_has_partners_an_expiring_agreement_and_case_reviews(demo_data: None) -> None:
    partner = User.objects.get(username="demo-partner")
    agency = sharing.agency_of(partner)
    assert agency is not None and agency.name == "Worcester City Council"
    assert "responses" in sharing.fields_for(partner) and "victim_details" not in sharing.fields_for(partner)
    assert [a.reference for a in due_reminders(timezone.localdate())] == ["ISA-DEMO-001"]
    lapsed = SharingAgreement.objects.get(reference="ISA-DEMO-003")
    assert not lapsed.in_force()
    assert ForumMeeting.objects.count() > 20
    stages = set(CaseReviewApplication.objects.values_list("stage", flat=True))
    assert {"received", "acknowledged", "met", "reviewed", "not_met", "closed"} <= stages
    # Running it again gives the same rows, not twice as many.
    counts = (
        SharingAgreement.objects.count(),
        CaseReviewApplication.objects.count(),
        ForumMeeting.objects.count(),
    )
    load_demo_partners()
    assert (
        SharingAgreement.objects.count(),
        CaseReviewApplication.objects.count(),
        ForumMeeting.objects.count(),
    ) == counts
