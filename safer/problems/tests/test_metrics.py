"""Every problems.* promise in the charters has a measure, and the measures count what they say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

from safer.accounts.models import Role
from safer.crime.models import Incident
from safer.lib.metrics import REGISTRY, Period
from safer.places.models import Neighbourhood
from safer.problems import metrics, plans
from safer.problems.tests.factories import E0, N0, new_plan
from safer.testing import create_neighbourhood, create_staff

CHARTERS = Path(__file__).resolve().parents[2] / "charter" / "charters"


def test_every_problems_key_in_the_charters_is_registered() -> None:
    keys = set()
    for path in CHARTERS.glob("*.yaml"):
        for promise in yaml.safe_load(path.read_text())["promises"]:
            if str(promise.get("metric", "")).startswith("problems."):
                keys.add(promise["metric"])
    assert len(keys) >= 12
    assert keys <= set(REGISTRY), sorted(keys - set(REGISTRY))


@pytest.mark.django_db
def test_the_measures_count_plans_responses_reviews_and_repeat_locations() -> None:
    nb = create_neighbourhood()
    parish = nb.parishes.create(name="Upton")
    nb.parishes.create(name="Kempsey")
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    covered = new_plan(pc, nb, parish=parish)
    new_plan(pc, nb, easting=E0 + 5000)
    today = timezone.localdate()
    plans.add_response(
        pc,
        covered,
        {
            "kind": "diversion",
            "description": "Youth club",
            "due": today,
            "owner_kind": "voluntary",
            "owner_name": "Scouts",
        },
    )
    plans.review(sergeant, covered, "On track")
    now = timezone.now()
    for ref, e in (("LOC-A", E0 + 10), ("LOC-B", E0 + 3000)):
        for k in range(3):
            Incident.objects.create(
                reference=f"{ref}-{k}",
                occurred_at=now - dt.timedelta(days=k * 10),
                category="asb",
                latitude=52.19,
                longitude=-2.22,
                easting=e,
                northing=N0,
                location_ref=ref,
                neighbourhood=nb,
            )
    period = Period(today - dt.timedelta(days=89), today)
    nbs = Neighbourhood.objects.filter(pk=nb.pk)
    assert metrics.repeat_locations_with_plan(nbs, period).value == 50.0
    assert metrics.plans_supervised(nbs, period).value == 50.0
    assert metrics.plans_with_voluntary_action(nbs, period).value == 50.0
    assert metrics.plans_with_partner_action(nbs, period).value == 50.0
    assert metrics.plans_with_hub_action(nbs, period).value == 0.0
    assert metrics.parishes_with_plan(nbs, period).value == 50.0
    assert metrics.youth_early_interventions(nbs, period).value == 1
    assert metrics.plans_shared_with_partners(nbs, period).value == 0.0
    assert metrics.plans_assessed(nbs, period).value is None  # nothing closed yet
