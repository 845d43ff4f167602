"""Victims' part of "today": the officer in charge and their sergeant see the overdue update by
reference and right only, with a link that opens the record; another PC or team sees nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import Role
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.victims import actions
from safer.victims.logs import ProcessingLog
from safer.victims.tests.factories import CONTACT, incident, officer, victim
from safer.victims.today import sections

pytestmark = pytest.mark.django_db


def test_the_officer_and_sergeant_see_the_overdue_update_by_reference_and_nobody_else_does() -> None:
    nb, other = create_neighbourhood(), create_neighbourhood()
    pc = officer(nb)
    v = victim(pc, [incident(nb, "burglary")])
    actions.record_decision(pc, v, "Suspect arrested", timezone.now() - dt.timedelta(days=12))
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    logged = ProcessingLog.objects.count()
    for user in (pc, sergeant):
        (found,) = sections(user, timezone.now())
        overdue = [i for i in found.items if i.overdue]
        assert [i.title for i in overdue] == [f"{v.reference}: Update on a key investigation decision"]
        assert overdue[0].url == reverse("victims:detail", args=[v.pk])
        assert found.total >= 1 and sections(user, timezone.now(), counting=True)[0].total == found.total
        text = " ".join(f"{i.title} {i.text}" for i in found.items)
        assert all(str(value) not in text for value in CONTACT.values() if isinstance(value, str))
        assert sign_in(Client(), user).get(overdue[0].url).status_code == 200
    assert ProcessingLog.objects.count() == logged + 2  # only the two openings, not the listing
    assert sections(officer(nb), timezone.now())[0].total == 0  # another PC: not theirs
    assert sections(create_staff(Role.SERGEANT, neighbourhoods=[other]), timezone.now())[0].total == 0
    assert sections(create_staff(Role.ANALYST, neighbourhoods=[nb]), timezone.now()) == []
    assert sections(create_staff(Role.VICTIM_SERVICE, neighbourhoods=[nb]), timezone.now()) == []
