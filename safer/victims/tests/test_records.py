"""Recording a victim: the consent model from the offence, the clocks in working days, the flags
from incident data, needs assessments and their history, decisions and updates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import Role
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.victims import actions
from safer.victims.records import ConsentRecord, Entitlement, Victim
from safer.victims.tests.factories import incident, officer, victim
from safer.victims.workdays import add_working_days, due_after, is_working_day

pytestmark = pytest.mark.django_db


def test_working_days_skip_weekends_and_england_and_wales_bank_holidays() -> None:
    assert not is_working_day(dt.date(2026, 12, 25)) and not is_working_day(dt.date(2026, 12, 28))
    assert add_working_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 30)
    assert add_working_days(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)  # Good Friday, Easter Monday
    assert add_working_days(dt.date(2026, 8, 28), 1) == dt.date(2026, 9, 1)  # summer bank holiday (England)
    start = dt.datetime(2026, 12, 24, 10, tzinfo=timezone.get_current_timezone())
    assert due_after(start, 2).date() == dt.date(2026, 12, 30)


def test_a_domestic_abuse_victim_needs_explicit_consent_and_the_clocks_start() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    with pytest.raises(ValidationError, match="explicit consent"):
        victim(pc, [incident(nb)], consent=ConsentRecord.Choice.NOT_OBJECTED, domestic_abuse=True)
    assert not Victim.objects.exists()
    v = victim(pc, [incident(nb)], domestic_abuse=True)
    assert v.consent_model == Victim.Consent.EXPLICIT and "domestic abuse" in v.consent_rule
    assert v.officer_in_charge == pc and v.is_vulnerable and v.retention_group == "group-2"
    kinds = {e.kind: e for e in v.entitlements.all()}
    assert set(kinds) == set(Entitlement.Kind.values) - {Entitlement.Kind.DECISION_UPDATE}
    referral_due = timezone.localdate(kinds["referral"].due_at)
    assert referral_due == add_working_days(timezone.localdate(v.created_at), 2)


def test_a_burglary_victim_is_opt_out_and_a_second_incident_makes_them_a_repeat_victim() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    first = incident(nb, "burglary", days_ago=200, victim_ref="REPEAT-1")
    v = victim(
        pc, [incident(nb, "burglary", victim_ref="REPEAT-1")], consent=ConsentRecord.Choice.NOT_OBJECTED
    )
    assert v.consent_model == Victim.Consent.OPT_OUT and v.is_repeat and first.pk
    lone = victim(pc, [incident(nb, "burglary", victim_ref="ONCE")])
    assert not lone.is_repeat and not lone.is_vulnerable


def test_an_officer_cannot_record_a_victim_of_another_teams_incident() -> None:
    nb, other = create_neighbourhood(), create_neighbourhood()
    with pytest.raises(PermissionDenied):
        victim(officer(nb), [incident(other)])
    with pytest.raises(PermissionDenied):
        victim(create_staff(Role.ANALYST, neighbourhoods=[nb]), [incident(nb)])


def test_enhanced_rights_shorten_the_decision_update_to_one_working_day_and_history_is_kept() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")])
    now = timezone.now()
    five = actions.record_decision(pc, v, "Suspect arrested", now)
    assert timezone.localdate(five.due_at) == add_working_days(timezone.localdate(now), 5)
    actions.assess(pc, v, [], "Wants to know about bail", "")
    actions.assess(pc, v, ["persistent", "vulnerable"], "Afraid of the suspect", "Polish")
    assert v.assessments.count() == 2 and v.is_enhanced
    one = actions.record_decision(pc, v, "Suspect released on bail", now)
    assert timezone.localdate(one.due_at) == add_working_days(timezone.localdate(now), 1)
    assert v.entitlements.get(kind="assessment").met_at is not None
    met = actions.record_update(pc, v, timezone.now())
    assert met == 3  # both decision updates and the scheduled one
    nxt = v.entitlements.filter(kind="scheduled", met_at__isnull=True).get()
    assert nxt.due_at > timezone.now() + dt.timedelta(days=13)


def test_the_form_refuses_a_referral_choice_without_explicit_consent_and_changes_nothing(
    client: Client,
) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    found = incident(nb)
    sign_in(client, pc)
    data = {
        "kind": "person",
        "name": "Alex Fictional",
        "method": "phone",
        "phone": "07700 900456",
        "update_every_days": "14",
        "domestic_abuse": "on",
        "consent": "not_objected",
    }
    response = client.post(reverse("victims:new", args=[found.pk]), data)
    assert response.status_code == 200 and "Explicit consent is needed first" in response.content.decode()
    assert not Victim.objects.exists()
    data["consent"] = "given"
    response = client.post(reverse("victims:new", args=[found.pk]), data)
    v = Victim.objects.get()
    assert response.status_code == 302 and v.consents.get().choice == "given"
    assert v.phone == "+447700900456"
    again = client.get(reverse("victims:new", args=[found.pk])).content.decode()
    assert "already has 1 victim record." in again and "Alex Fictional" not in again


def test_the_victim_changes_their_contact_agreement_and_a_further_incident_is_linked(client: Client) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")])
    scheduled = v.entitlements.get(kind="scheduled")
    later = incident(nb, "domestic-abuse", victim_ref="OTHER")
    sign_in(client, pc)
    assert client.get(reverse("victims:contact", args=[v.pk])).status_code == 200
    data = {"name": "Alex Fictional", "method": "email", "email": "new@example.org", "update_every_days": "7"}
    response = client.post(reverse("victims:contact", args=[v.pk]), {**data, "more": "NOPE"})
    assert "No incident with that crime reference" in response.content.decode()
    response = client.post(reverse("victims:contact", args=[v.pk]), {**data, "more": later.reference})
    assert response.status_code == 302
    v.refresh_from_db()
    scheduled.refresh_from_db()
    assert v.email == "new@example.org" and v.method == "email" and v.update_every_days == 7
    assert scheduled.due_at == scheduled.created_at + dt.timedelta(days=7)
    assert set(v.incidents.all()) == {later, *v.incidents.all()} and v.incidents.count() == 2
    assert v.consent_model == Victim.Consent.EXPLICIT  # the new incident is domestic abuse
