"""What the staff and partner pages show: a partner whose agreement lapsed, or of another agency,
sees nothing; staff see the agreement's state and can review it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.partners.models import ForumMeeting
from safer.partners.models.forums import Forum, ForumKind
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.testing import create_staff, sign_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_a_partner_sees_their_agreements_and_the_items_shared(client: Client) -> None:
    council = create_agency(name="Wychavon District Council")
    create_agreement(council, data_items=["title", "responses"], reference="ISA-1")
    sign_in(client, create_partner(council))
    html = client.get(reverse("partners:my-agency")).content.decode()
    assert "ISA-1" in html and "Responses and actions" in html and "Victims" not in html


def test_a_partner_whose_agreement_lapsed_sees_nothing(client: Client) -> None:
    council = create_agency()
    create_agreement(
        council,
        reference="ISA-OLD",
        start=TODAY - dt.timedelta(days=400),
        review=TODAY - dt.timedelta(days=1),
    )
    sign_in(client, create_partner(council))
    html = client.get(reverse("partners:my-agency")).content.decode()
    assert "nothing is shared with you" in html and "ISA-OLD" in html  # named only as the lapsed one


def test_a_partner_of_another_agency_sees_nothing_of_this_ones(client: Client) -> None:
    council, housing = create_agency(), create_agency(name="Housing Trust")
    create_agreement(council, reference="ISA-COUNCIL")
    sign_in(client, create_partner(housing))
    html = client.get(reverse("partners:my-agency")).content.decode()
    assert "ISA-COUNCIL" not in html and "nothing is shared with you" in html


def test_partners_cannot_open_the_staff_pages(client: Client) -> None:
    sign_in(client, create_partner(create_agency()))
    assert client.get(reverse("partners:agencies")).status_code == 403


def test_staff_see_which_agreements_have_lapsed(client: Client) -> None:
    council = create_agency()
    create_agreement(council, reference="ISA-LIVE")
    create_agreement(
        council,
        reference="ISA-GONE",
        start=TODAY - dt.timedelta(days=400),
        review=TODAY - dt.timedelta(days=3),
    )
    sign_in(client, create_staff(Role.PC))
    html = client.get(reverse("partners:agreements")).content.decode()
    assert "In force" in html and "Expired: nothing shared" in html


def test_a_bad_review_date_is_refused_with_nothing_changed(client: Client) -> None:
    agreement = create_agreement(create_agency())
    sign_in(client, create_staff(Role.SERGEANT))
    response = client.post(
        reverse("partners:agreement-review", args=[agreement.pk]),
        {"reviewed_on": TODAY.isoformat(), "next_review_date": (TODAY - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400 and "must be after the review" in response.content.decode()
    before = agreement.review_date
    agreement.refresh_from_db()
    assert agreement.review_date == before and not agreement.reviews.exists()


def test_a_review_moves_the_review_date_and_is_audited(client: Client) -> None:
    agreement = create_agreement(create_agency())
    sign_in(client, create_staff(Role.ANALYST))
    following = TODAY + dt.timedelta(days=300)
    client.post(
        reverse("partners:agreement-review", args=[agreement.pk]),
        {"reviewed_on": TODAY.isoformat(), "next_review_date": following.isoformat()},
    )
    agreement.refresh_from_db()
    assert agreement.review_date == following
    assert AuditEvent.objects.filter(
        action="partners.agreement.reviewed", object_id=str(agreement.pk)
    ).exists()


def test_a_second_meeting_on_the_same_day_is_refused(client: Client) -> None:
    forum = Forum.objects.create(name="Tasking", kind=ForumKind.TASKING)
    ForumMeeting.objects.create(forum=forum, held_on=TODAY)
    sign_in(client, create_staff(Role.SERGEANT))
    response = client.post(reverse("partners:meeting-add", args=[forum.pk]), {"held_on": TODAY.isoformat()})
    assert response.status_code == 400 and "already has a meeting" in response.content.decode()


def test_attendance_and_actions_are_recorded(client: Client) -> None:
    council = create_agency()
    forum = Forum.objects.create(name="CSP", kind=ForumKind.CSP)
    forum.members.add(council)
    meeting = ForumMeeting.objects.create(forum=forum, held_on=TODAY)
    sign_in(client, create_staff(Role.INSPECTOR))
    client.post(
        reverse("partners:meeting-attendance", args=[meeting.pk]), {"agency": "", "status": "present"}
    )
    client.post(
        reverse("partners:meeting-attendance", args=[meeting.pk]),
        {"agency": str(council.pk), "status": "apologies"},
    )
    client.post(
        reverse("partners:meeting-action", args=[meeting.pk]),
        {"description": "Map the lighting", "owner_agency": str(council.pk)},
    )
    assert meeting.police_attended
    assert meeting.actions.get().owner_agency == council
    bad = client.post(
        reverse("partners:meeting-attendance", args=[meeting.pk]), {"agency": "99999", "status": "present"}
    )
    assert bad.status_code == 400
