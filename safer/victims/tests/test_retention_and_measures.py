"""Retention: a record is erased on its review date (the scheduled job), unless a supervisor's
review retained it; erasure leaves the counts, so every victims.* measure still counts the victim.
Each measure is checked against a count made here by hand."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from safer.accounts.models import Role
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.schedule.jobs import JOBS
from safer.testing import create_neighbourhood, create_staff
from safer.victims import actions
from safer.victims.logs import ProcessingLog
from safer.victims.records import Victim
from safer.victims.tests.factories import incident, officer, victim

pytestmark = pytest.mark.django_db
CHARTERS = Path(__file__).resolve().parents[2] / "charter" / "charters"


def measure(key: str, nb: Neighbourhood) -> tuple[float | None, float | None, float | None]:
    today = timezone.localdate()
    found = get_metric(key)
    assert found is not None, key
    m = found.compute(Neighbourhood.objects.filter(pk=nb.pk), Period(today - dt.timedelta(days=30), today))
    return m.value, m.numerator, m.denominator


def test_every_victims_promise_in_the_charters_has_a_registered_measure() -> None:
    keys = set()
    for path in CHARTERS.glob("*.yaml"):
        keys |= set(re.findall(r"metric:\s*(victims\.[a-z_]+)", path.read_text()))
    assert keys and all(get_metric(k) is not None for k in keys), keys


def test_a_record_is_erased_at_the_end_of_retention_and_the_measures_still_count_it(settings) -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    kept, gone = (victim(pc, [incident(nb, "burglary")], consent="not_objected") for _ in range(2))
    for v in (kept, gone):
        actions.assess(pc, v, ["vulnerable"], "Lives alone", "")
        actions.refer(pc, v)
        actions.issue_leaflet(pc, v, "standard", "print")
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    past = timezone.localdate() - dt.timedelta(days=1)
    Victim.objects.filter(pk__in=[kept.pk, gone.pk]).update(review_on=past)
    actions.record_retention_review(
        sergeant,
        kept,
        "retain",
        "Linked to an open investigation",
        timezone.localdate() + dt.timedelta(days=365),
    )
    keys = [
        "victims.referrals_made",
        "victims.leaflets_complete",
        "victims.vulnerable_victims_with_plan",
        "victims.vulnerable_contacted_in_time",
    ]
    before = {key: measure(key, nb) for key in keys}
    assert before["victims.referrals_made"] == (100.0, 2, 2)
    assert before["victims.leaflets_complete"] == (100.0, 2, 2)
    assert before["victims.vulnerable_victims_with_plan"] == (100.0, 2, 2)
    assert "victims_retention" in [job.command for job in JOBS]
    call_command("victims_retention", verbosity=0)
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.is_erased and not kept.is_erased
    assert gone.name == gone.phone == gone.email == gone.address == "" and not gone.incidents.exists()
    assert not gone.assessments.exclude(needs="").exists() and gone.leaflets.get().crime_reference == ""
    assert kept.name == "Alex Fictional"
    erasure = ProcessingLog.objects.get(operation="erasure", victim=gone)
    assert erasure.actor is None and "End of retention" in erasure.justification
    assert {key: measure(key, nb) for key in before} == before


def test_measures_match_a_count_by_hand() -> None:
    nb = create_neighbourhood()
    pc = officer(nb)
    referred = victim(pc, [incident(nb, "burglary")])
    actions.refer(pc, referred)
    declined = victim(pc, [incident(nb, "burglary")], consent="declined")
    waiting = victim(pc, [incident(nb, "burglary")])
    assert declined.pk and waiting.pk
    assert measure("victims.referrals_made", nb) == (50.0, 1, 2)  # the declined victim is not eligible
    assert measure("victims.referrals_within_two_working_days", nb) == (100.0, 1, 1)  # others not due yet
    actions.record_decision(pc, waiting, "Suspect arrested", timezone.now() - dt.timedelta(days=20))
    actions.record_decision(pc, referred, "Suspect charged", timezone.now() - dt.timedelta(hours=1))
    actions.record_update(pc, referred, timezone.now())
    # judged: waiting's decision update (missed), referred's decision and scheduled updates (met)
    value, met, judged = measure("victims.updates_on_time", nb)
    assert (met, judged) == (2, 3) and value == pytest.approx(200 / 3)
    actions.refer(pc, referred, "safeguarding")
    assert measure("victims.safeguarding_referrals", nb)[0] == 1.0
    assert measure("victims.early_help_referrals", nb)[0] == 0.0
