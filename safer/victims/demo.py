"""The demo's victims data, on the crime app's synthetic incidents (run after them): contacts with
repeat victims, and fictional, labelled victim records at every state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safer.crime.models import Incident
from safer.crime.queries import repeat_incidents
from safer.victims.models import RepeatVictimContact
from safer.victims.records import ConsentRecord, Entitlement, Leaflet, NeedsAssessment, Referral, Victim

SEED = 20190101


def load_demo_victim_contacts() -> str:
    """About half the repeat victims of the last year contacted, older ones more often, on the day
    of the incident or up to 3 days after (so some on time, some late), never after today. Replaces
    the demo's earlier contacts, so it gives the same rows however often it runs."""
    now = timezone.now()
    today = timezone.localdate(now)
    rng = np.random.default_rng(SEED)
    with transaction.atomic():
        RepeatVictimContact.objects.filter(incident__is_synthetic=True).delete()
        repeats = repeat_incidents(
            Incident.objects.filter(is_synthetic=True), now - dt.timedelta(days=365), now
        )
        contacts = [
            RepeatVictimContact(
                incident=r.incident,
                method=str(rng.choice(["visit", "phone", "letter"])),
                contacted_on=min(
                    timezone.localdate(r.incident.occurred_at) + dt.timedelta(days=int(rng.integers(0, 4))),
                    today,
                ),
            )
            for r in repeats
            if rng.random() < (0.7 if r.incident.occurred_at < now - dt.timedelta(days=60) else 0.35)
        ]
        RepeatVictimContact.objects.bulk_create(contacts)
    return f"{len(contacts)} contacts with repeat victims"


# Victim records (issue 10): fictional victims, labelled, on the synthetic incidents of the demo
# PC's own neighbourhood, one at each state a record goes through.

DEMO_OFFICER = "demo-pc"


def _age(victim: Any, days: float) -> None:
    """Move a record and its clocks `days` into the past, as if it had been made then."""
    shift = dt.timedelta(days=days)
    Victim.objects.filter(pk=victim.pk).update(created_at=F("created_at") - shift)
    clocks = Entitlement.objects.filter(victim=victim)
    clocks.update(due_at=F("due_at") - shift, created_at=F("created_at") - shift)
    clocks.filter(met_at__isnull=False).update(met_at=F("met_at") - shift)
    Referral.objects.filter(victim=victim).update(created_at=F("created_at") - shift)
    Leaflet.objects.filter(victim=victim).update(issued_at=F("issued_at") - shift)
    ConsentRecord.objects.filter(victim=victim).update(recorded_at=F("recorded_at") - shift)
    NeedsAssessment.objects.filter(victim=victim).update(assessed_at=F("assessed_at") - shift)
    victim.refresh_from_db()


def _contact(n: int, **fields: Any) -> dict[str, Any]:
    return {
        "kind": Victim.Kind.PERSON,
        "name": f"Demo Victim {n} (fictional)",
        "phone": f"+4477009001{n:02d}",
        "email": f"demo-victim-{n}@example.invalid",
        "address": f"{n} Example Road (fictional)",
        "method": Victim.Method.PHONE,
        "update_every_days": 14,
        **fields,
    }


def load_demo_victims() -> str:
    """Victims at every state: referred with consent, declined, referral overdue, enhanced, an
    update missed, consent not yet asked, and one erased at the end of retention. Rebuilt each
    run. Referrals are recorded, never emailed: the demo sends nothing."""
    from safer.accounts.scopes import neighbourhoods_in_scope
    from safer.victims import recording, retention

    Victim.objects.filter(is_demo=True).delete()
    oic = User.objects.filter(username=DEMO_OFFICER).first()
    if oic is None:
        return "no demo victims (no demo PC account)"
    incidents = list(
        Incident.objects.filter(is_synthetic=True, neighbourhood__in=neighbourhoods_in_scope(oic)).order_by(
            "-occurred_at"
        )[:7]
    )
    if len(incidents) < 7:
        return "no demo victims (too few synthetic incidents in the demo PC's area)"
    made = []
    with transaction.atomic():

        def record(n: int, consent: str = "", **fields: Any) -> Victim:
            victim = recording.create_victim(oic, [incidents[n - 1]], _contact(n, **fields), consent=consent)
            Victim.objects.filter(pk=victim.pk).update(is_demo=True)
            made.append(victim)
            return victim

        given = record(1, "given", domestic_abuse=True, phone_unsafe=True, safe_phone="+447700900199")
        recording.assess(oic, given, ["most_serious"], "Wants help with safety planning", "")
        _demo_referral(given, Referral.Outcome.CONTACTED)
        _demo_leaflet(oic, given)
        _age(given, 6)
        _age(record(2, "declined"), 3)
        _age(record(3), 5)  # opt-out, no referral made: overdue
        enhanced = record(
            4, "not_objected", under_18=True, kind=Victim.Kind.GUARDIAN, acting_for="Their child"
        )
        recording.assess(oic, enhanced, ["vulnerable", "persistent"], "School-based support", "")
        recording.record_decision(oic, enhanced, "Suspect interviewed under caution", timezone.now())
        missed = record(5, "not_objected")
        _age(missed, 20)
        recording.record_decision(
            oic, missed, "Suspect released on bail", timezone.now() - dt.timedelta(days=12)
        )
        record(6, sexual_offence=True)  # explicit consent needed, not asked yet
        erased = record(7, "not_objected")
        _demo_referral(erased, Referral.Outcome.ACCEPTED)
        _age(erased, 400)
        retention.erase(erased, None, "End of retention (demo)")
    return f"{len(made)} demo victims"


def _demo_referral(victim: Victim, outcome: str) -> None:
    """A referral as if sent and answered (the demo sends no email)."""
    from django.conf import settings

    now = timezone.now()
    Referral.objects.create(
        victim=victim,
        service=settings.VICTIMS_SUPPORT_SERVICE["name"],
        sent_to=settings.VICTIMS_SUPPORT_SERVICE["email"],
        delivered_at=now,
        outcome=outcome,
        outcome_at=now,
        created_by=victim.officer_in_charge,
    )
    victim.entitlements.filter(kind=Entitlement.Kind.REFERRAL).update(met_at=now)


def _demo_leaflet(oic: Any, victim: Victim) -> None:
    from safer.victims import sharing

    sharing.issue_leaflet(oic, victim, Leaflet.Variant.STANDARD, Leaflet.Channel.PRINT)
