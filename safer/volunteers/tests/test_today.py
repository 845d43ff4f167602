"""Volunteers' part of "today": supervisors see overdue advisory-group actions and waiting ride-along
applications, the custody inspector the visit issues waiting for a response, each with a link that
opens; other roles and other areas see none of it, and no applicant is named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in
from safer.volunteers.models import RideAlong
from safer.volunteers.tests.factories import (
    create_action,
    create_group,
    create_ride_along,
    create_suite,
    create_visit,
)
from safer.volunteers.today import sections

pytestmark = pytest.mark.django_db


def found(user: Any) -> dict[str, list[str]]:
    client = sign_in(Client(), user)
    result: dict[str, list[str]] = {}
    for s in sections(user, timezone.now()):
        for item in s.items:
            assert client.get(item.url).status_code == 200, item.url
        result[s.key] = [i.title for i in s.items]
    return result


def test_supervisors_and_the_custody_inspector_see_their_volunteer_work_and_nobody_else_does() -> None:
    area = create_area()
    nb, other = create_neighbourhood(area=area), create_neighbourhood(area=create_area())
    today = timezone.localdate()
    group = create_group(area, name="Malvern IAG")
    create_action(group, description="Brief on stop and search", due_on=today - dt.timedelta(days=3))
    create_action(group, description="Not due yet")
    create_action(group, description="Done", due_on=today - dt.timedelta(days=9), closed_on=today)
    suite = create_suite(area, name="Worcester custody")
    visit = create_visit(suite)
    create_visit(suite, issues_raised="")
    create_visit(suite, response="Blankets restocked.")
    ride = create_ride_along(area, name="Jo Applicant")
    create_ride_along(area, status=RideAlong.Status.COMPLETED)

    sergeant = found(create_staff(Role.SERGEANT, neighbourhoods=[nb]))
    assert sergeant == {
        "advisory-actions": ["Malvern IAG: Brief on stop and search"],
        "ride-alongs": [f"{ride.reference}, {area.name}"],
    }
    assert "Jo Applicant" not in str(sergeant)
    inspector = found(create_staff(Role.INSPECTOR, neighbourhoods=[nb]))
    visited = timezone.localtime(visit.arrived_at)
    assert inspector["custody-issues"] == [f"Worcester custody, visit of {visited:%-d %B}"]

    assert found(create_staff(Role.INSPECTOR, neighbourhoods=[other])) == {
        "advisory-actions": [],
        "custody-issues": [],
        "ride-alongs": [],
    }
    assert sections(create_staff(Role.PC, neighbourhoods=[nb]), timezone.now()) == []
    assert sections(create_staff(Role.VOLUNTEER, neighbourhoods=[nb]), timezone.now()) == []
