"""The repeat-victims page's totals and pages, and the audit entry every staff read of incident data
writes through accounts.audit.record."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.models import AuditEvent, Role
from safer.crime.actions import plan_near_repeat_response
from safer.crime.incidents import IncidentRow, save_incidents
from safer.crime.models import Incident, RepeatVictimContact
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


def test_the_totals_count_every_repeat_and_the_table_shows_50_a_page(
    client: Client, worcester: Neighbourhood
) -> None:
    repeats = repeat_victims(60)
    for incident in repeats[-12:]:  # the newest twelve, all on page 1
        RepeatVictimContact.objects.create(incident=incident, method="phone")
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[worcester]))
    first = client.get("/crime/repeat-victims/").content.decode()
    assert numbers(first, "Repeat-victim incidents") == "60"
    assert numbers(first, "Contacted after the repeat") == "12 of 60"
    assert numbers(first, "Repeat-offender incidents") == "60"
    victims = first[first.index('id="victims"') : first.index('aria-label="Repeat victims pages"')]
    assert victims.count("-1</td>") == 50 and "1 to 50 of 60" in victims
    assert 'href="?offenders_page=1&amp;page=2" aria-label="Page 2"' in first
    assert '<nav class="govuk-pagination" aria-label="Repeat offenders pages">' in first
    second = client.get("/crime/repeat-victims/?page=2&offenders_page=1").content.decode()
    assert numbers(second, "Contacted after the repeat") == "12 of 60"
    victims = second[second.index('id="victims"') : second.index('aria-label="Repeat victims pages"')]
    assert victims.count("-1</td>") == 10 and "51 to 60 of 60" in victims
    oldest = repeats[0]  # the table is newest first, so the oldest repeat is on page 2
    assert oldest.reference in victims and f'<option value="{oldest.pk}">' in second
    response = client.post(
        "/crime/repeat-victims/?page=2",
        {"incident": oldest.pk, "method": "visit", "contacted_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == "/crime/repeat-victims/?page=2"
    assert numbers(client.get("/crime/repeat-victims/").content.decode(), "Contacted after the repeat") == (
        "13 of 60"
    )


def test_the_repeat_victims_page_audits_the_incidents_it_shows(
    client: Client, worcester: Neighbourhood, recorded: list[tuple[str, str, str]]
) -> None:
    repeats = repeat_victims(55)
    sign_in(client, create_staff(Role.VICTIM_SERVICE, neighbourhoods=[worcester]))
    client.get("/crime/repeat-victims/?page=2")
    assert recorded == [("crime.repeat_victims.read", "crime.incident", "set of 55")]
    event = AuditEvent.objects.get(action="crime.repeat_victims.read")
    shown = set(event.changes["ids"][1])
    assert {i.pk for i in repeats[:5]} <= shown  # the victims' page 2 (the oldest five)
    assert event.changes["victim_incidents"] == [None, 55] and event.changes["page"] == [None, 2]


def test_the_prevention_pages_audit_the_incidents_they_show(
    client: Client, worcester: Neighbourhood, recorded: list[tuple[str, str, str]]
) -> None:
    burglary = repeat_victims(1)[0]
    staff = create_staff(Role.PCSO, neighbourhoods=[worcester])
    action = plan_near_repeat_response(staff, burglary)
    recorded.clear()
    sign_in(client, staff)
    assert burglary.reference in client.get("/crime/prevention/").content.decode()
    assert recorded == [("crime.prevention.read", "crime.incident", "set of 2")]  # both burglaries
    event = AuditEvent.objects.filter(action="crime.prevention.read").get()
    assert burglary.pk in event.changes["ids"][1] and event.changes["responses"] == [None, [action.pk]]
    assert client.get(f"/crime/prevention/{action.pk}/").status_code == 200
    assert recorded[-1] == ("crime.prevention_action.read", "crime.incident", str(burglary.pk))
    detail = AuditEvent.objects.get(action="crime.prevention_action.read")
    assert detail.changes["prevention_action"] == [None, action.pk] and detail.actor_id == staff.pk


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
