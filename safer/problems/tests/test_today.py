"""Problems' part of "today": each role sees its own plan work with a link that opens; another role
or another team's account sees none of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.problems.models import AnalysisRequest, Plan, Response, Stage
from safer.problems.today import sections
from safer.testing import create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


def plan(nb: Any, stage: str, submitted: bool, review_due: dt.date, owner: Any = None) -> Plan:
    return Plan.objects.create(
        title=f"Plan at {stage}",
        objective="Fewer reports",
        neighbourhood=nb,
        stage=stage,
        submitted_at=timezone.now() if submitted else None,
        easting=384_000.0,
        northing=251_000.0,
        first_month="2024-01",
        last_month="2024-03",
        review_due=review_due,
        owner=owner,
    )


def found(user: Any) -> dict[str, list[str]]:
    """Each section's item titles, after checking every item's link opens for this account."""
    client = sign_in(Client(), user)
    result: dict[str, list[str]] = {}
    for s in sections(user, timezone.now()):
        for item in s.items:
            assert client.get(item.url).status_code == 200, item.url
        assert sections(user, timezone.now(), counting=True)[len(result)].total == s.total
        result[s.key] = [i.title.split(" ")[0].rstrip(":") for i in s.items]
    return result


def test_each_role_sees_its_plan_work_and_nobody_else_does() -> None:
    nb, other = create_neighbourhood(), create_neighbourhood()
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    today = timezone.localdate()
    scanning = plan(nb, Stage.SCANNING, True, today - dt.timedelta(days=3), owner=pc)
    assessment = plan(nb, Stage.ASSESSMENT, True, today + dt.timedelta(days=20))
    quiet = plan(nb, Stage.RESPONSE, False, today + dt.timedelta(days=20), owner=pc)
    response = Response.objects.create(
        plan=quiet, kind="situational", description="Fix the lights", due=today, owner_user=pc
    )
    Response.objects.create(
        plan=quiet, kind="situational", description="Later", due=today + dt.timedelta(days=60)
    )
    AnalysisRequest.objects.create(neighbourhood=nb, plan=quiet, question="When does it peak?")

    assert found(pc) == {
        "problems-responses": [quiet.reference],
        "problems-my-reviews": [scanning.reference],
    }
    assert sections(pc, timezone.now())[0].items[0].url.endswith(f"/responses/{response.pk}/")
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    assert found(sergeant) == {
        "problems-sign-offs": [scanning.reference],
        "problems-reviews": [scanning.reference],
    }
    assert found(create_staff(Role.INSPECTOR, neighbourhoods=[nb])) == {
        "problems-closures": [assessment.reference]
    }
    assert found(create_staff(Role.ANALYST, neighbourhoods=[nb])) == {"problems-requests": ["Analysis"]}

    assert found(create_staff(Role.PC, neighbourhoods=[nb])) == {
        "problems-responses": [],
        "problems-my-reviews": [],
    }
    assert found(create_staff(Role.SERGEANT, neighbourhoods=[other])) == {
        "problems-sign-offs": [],
        "problems-reviews": [],
    }
    assert found(create_staff(Role.ANALYST, neighbourhoods=[other])) == {"problems-requests": []}
    assert sections(create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb]), timezone.now()) == []
