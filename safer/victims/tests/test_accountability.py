"""Who reads victim records, and the s62 log of every read and disclosure: a PCSO of another team,
a partner and an analyst without a recorded purpose read nothing; an analyst with one reads within
scope, the purpose logged; the data protection officer sees the log; the due lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.victims import actions
from safer.victims.logs import ProcessingLog
from safer.victims.queries import due_for
from safer.victims.records import Entitlement, Leaflet, Referral, Victim
from safer.victims.tests.factories import incident, officer, victim

pytestmark = pytest.mark.django_db


def record_pages(v: Victim) -> list[str]:
    leaflet = Leaflet.objects.create(victim=v, channel="print", crime_reference="X")
    return [
        reverse("victims:records"),
        reverse("victims:detail", args=[v.pk]),
        reverse("victims:leaflet-pdf", args=[leaflet.pk]),
        reverse("victims:due"),
    ]


def test_a_pcso_of_another_team_a_partner_and_an_analyst_without_purpose_read_nothing(client: Client) -> None:
    nb, elsewhere = create_neighbourhood(), create_neighbourhood()
    v = victim(officer(nb), [incident(nb)], name="Alex Fictional")
    pages = record_pages(v)
    before = ProcessingLog.objects.count()
    for user in (
        create_staff(Role.PCSO, neighbourhoods=[elsewhere]),
        create_staff(Role.PARTNER, neighbourhoods=[nb]),
        create_staff(Role.ANALYST, neighbourhoods=[nb]),
        create_staff(Role.PCSO, neighbourhoods=[nb]),  # same team, not the officer in charge
        create_staff(Role.ADMINISTRATOR),
    ):
        sign_in(client, user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), url
            assert (
                "Alex Fictional" not in response.content.decode()
                and v.reference not in response.content.decode()
            )
        assert len(due_for(user)) == 0
    assert ProcessingLog.objects.count() == before  # nothing was read, so nothing was logged


def test_every_read_is_logged_with_its_justification_and_an_analysts_purpose(client: Client) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb)])
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    analyst = create_staff(Role.ANALYST, neighbourhoods=[nb])
    for user in (pc, sergeant):
        assert sign_in(client, user).get(reverse("victims:detail", args=[v.pk])).status_code == 200
    sign_in(client, analyst)
    assert client.get(reverse("victims:detail", args=[v.pk])).status_code == 404
    until = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("victims:purpose"), {"purpose": "Domestic abuse repeat analysis", "valid_until": until}
    )
    assert response.status_code == 302
    assert client.get(reverse("victims:detail", args=[v.pk])).status_code == 200
    listed = sign_in(client, sergeant).get(reverse("victims:records"))
    assert v.reference in listed.content.decode()
    assert ProcessingLog.objects.filter(victim=v, actor=sergeant, detail__startswith="listed").count() == 1
    sign_in(client, analyst)
    reads = ProcessingLog.objects.filter(victim=v, operation="consultation").exclude(
        detail__startswith="listed"
    )
    reads = reads.order_by("at", "id")
    assert [(r.actor, r.justification) for r in reads] == [
        (pc, "Officer in charge of the investigation"),
        (sergeant, "Supervision of the officer in charge"),
        (analyst, "Analysis: Domestic abuse repeat analysis"),
    ]
    too_long = (timezone.localdate() + dt.timedelta(days=90)).isoformat()
    response = client.post(
        reverse("victims:purpose"), {"purpose": "Anything at all, for ever", "valid_until": too_long}
    )
    assert response.status_code == 200 and "up to 30 days" in response.content.decode()


def test_the_dpo_sees_every_read_and_disclosure_and_the_log_cannot_change(client: Client) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")])
    sign_in(client, pc).get(reverse("victims:detail", args=[v.pk]))
    actions.issue_leaflet(pc, v, "standard", "print")
    dpo = create_staff(Role.DATA_PROTECTION_OFFICER, neighbourhoods=[nb])
    page = sign_in(client, dpo).get(reverse("victims:log"), {"victim": v.reference}).content.decode()
    for words in (
        "Collection",
        "Combination",
        "Consultation",
        "Disclosure",
        "The victim, printed",
        pc.username,
    ):
        assert words in page
    assert "Alex Fictional" not in page  # the log names the record, never the person
    assert AuditEvent.objects.filter(action="victims.processing_log.read", actor=dpo).exists()
    entry = ProcessingLog.objects.first()
    assert entry is not None
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        ProcessingLog.objects.all().delete()
    assert sign_in(client, pc).get(reverse("victims:log")).status_code == 403


def test_an_overdue_update_shows_on_the_officers_and_the_sergeants_list_only() -> None:
    nb, other = create_neighbourhood(), create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")])
    actions.record_decision(pc, v, "Suspect arrested", timezone.now() - dt.timedelta(days=12))
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    for user in (pc, sergeant):
        lists = due_for(user)
        assert [e.trigger for e in lists.overdue] == ["Suspect arrested"]
        assert all(e.kind != Entitlement.Kind.DECISION_UPDATE for e in lists.due_today)
    assert len(due_for(create_staff(Role.SERGEANT, neighbourhoods=[other]))) == 0
    assert len(due_for(officer(nb))) == 0  # another PC on the team: not theirs


def test_victim_service_staff_record_a_referral_outcome_but_change_nothing_else(client: Client) -> None:
    nb = create_neighbourhood()
    v = victim(officer(nb), [incident(nb, "burglary")])
    referral = Referral.objects.create(victim=v, service="Victim Advice Line", sent_to="x@example.org")
    staff = create_staff(Role.VICTIM_SERVICE, neighbourhoods=[nb])
    sign_in(client, staff)
    assert (
        client.post(reverse("victims:outcome", args=[referral.pk]), {"outcome": "accepted"}).status_code
        == 302
    )
    assert client.post(reverse("victims:consent", args=[v.pk]), {"choice": "declined"}).status_code == 403
    referral.refresh_from_db()
    assert referral.outcome == "accepted" and not v.consents.exists()
