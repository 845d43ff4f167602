"""The demo step: plans at every stage on the real crime months, idempotent, with the closed plan's
assessment counted from the crime table and its public summary approved."""

from __future__ import annotations

import pytest

from safer.accounts.models import Role
from safer.crime.tests.test_pages_in_browser import setup_data
from safer.partners.tests.factories import create_agency, create_agreement
from safer.problems.demo import load_demo_plans
from safer.problems.models import Plan, PlanLink, PlanShare, Stage
from safer.testing import create_neighbourhood, create_priority, create_staff


@pytest.mark.django_db
def test_the_demo_builds_a_plan_at_every_stage_once() -> None:
    nb = setup_data()
    create_staff(Role.PC, neighbourhoods=[nb], username="demo-pc")
    create_staff(Role.INSPECTOR, neighbourhoods=[nb], username="demo-inspector")
    create_staff(Role.SERGEANT, neighbourhoods=[nb], username="demo-sergeant")
    elsewhere = create_neighbourhood()
    create_priority(elsewhere, issue="Speeding on the bypass")
    create_priority(nb, issue="Shoplifting in the high street")
    council = create_agency(name="Worcester City Council")
    create_agreement(council)
    load_demo_plans()
    first = sorted(Plan.objects.values_list("stage", flat=True))
    load_demo_plans()
    assert sorted(Plan.objects.values_list("stage", flat=True)) == first
    assert set(first) == set(Stage.values) - {Stage.OBJECTIVE}  # every plan starts with its objective
    closed = Plan.objects.get(stage=Stage.CLOSED)
    assert closed.assessment.target_before > 0 and closed.write_up.public_approved_at is not None
    assert PlanShare.objects.filter(agency=council).count() == 1
    assert all(p.is_demo and p.crimes.exists() for p in Plan.objects.all())
    # Plans past scanning work on their own team's priority, never another team's; once each.
    linked = PlanLink.objects.filter(kind=PlanLink.Kind.PRIORITY)
    assert set(linked.values_list("label", flat=True)) == {"Shoplifting in the high street"}
    assert linked.count() == Plan.objects.exclude(stage=Stage.SCANNING).count() > 0
