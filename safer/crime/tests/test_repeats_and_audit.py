"""The audit entry every staff read of incident data writes through accounts.audit.record (the
repeat-victims and prevention pages, which moved to the victims and problems apps, test theirs
there with the helpers below)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.models import AuditEvent, Role
from safer.crime.incidents import IncidentRow, save_incidents
from safer.crime.models import Incident
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_staff, sign_in


@pytest.fixture
def worcester(db: None) -> Neighbourhood:
    return create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), name="Worcester Central")


def repeat_victims(count: int) -> list[Incident]:
    """`count` victims with two burglaries each (the second one a repeat), newest victims first."""
    now = timezone.now()
    rows = [
        IncidentRow(
            f"R{v:03d}-{k}",
            now - dt.timedelta(days=2 + v + 20 * (1 - k)),
            "burglary-residential",
            52.18 + v * 0.0002,
            -2.22,
            None,
            None,
            victim_ref=f"V{v:03d}",
            offender_refs=f"O{v:03d}",
        )
        for v in range(count)
        for k in (0, 1)
    ]
    save_incidents(rows, "test")
    return list(Incident.objects.filter(reference__endswith="-1").order_by("occurred_at"))


def numbers(page: str, label: str) -> str:
    found = re.search(rf"{re.escape(label)}</dt><dd class=\"govuk-summary-list__value\">([^<]+)</dd>", page)
    assert found is not None, label
    return found.group(1)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every entry written through accounts.audit (record or record_set): (action, type, id)."""
    calls: list[tuple[str, str, str]] = []
    real_record, real_set = audit.record, audit.record_set

    def spy(actor: Any, action: str, obj: Any, changes: Any = None) -> AuditEvent:
        event = real_record(actor, action, obj, changes)
        calls.append((action, event.object_type, event.object_id))
        return event

    def spy_set(actor: Any, action: str, model: Any, count: int, changes: Any = None) -> AuditEvent:
        event = real_set(actor, action, model, count, changes)
        calls.append((action, event.object_type, event.object_id))
        return event

    monkeypatch.setattr(audit, "record", spy)
    monkeypatch.setattr(audit, "record_set", spy_set)
    return calls


def test_the_near_repeat_analysis_audits_the_incidents_it_read(
    client: Client, worcester: Neighbourhood, recorded: list[tuple[str, str, str]]
) -> None:
    repeat_victims(4)
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    client.get("/crime/near-repeat/")
    assert recorded == []  # the empty form shows no incident
    start = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    end = timezone.localdate().isoformat()
    page = client.get(
        f"/crime/near-repeat/?category=burglary*&start={start}&end={end}&spatial=0,100,200&temporal=0,7,14"
        "&metric=manhattan&permutations=9&seed=1"
    ).content.decode()
    assert "8 incidents" in page
    assert recorded == [("crime.near_repeat.read", "crime.incident", "set of 8")]
    event = AuditEvent.objects.get(action="crime.near_repeat.read")
    assert event.changes["category"] == [None, "burglary*"] and event.changes["start"] == [None, start]
