"""The repeat-victims page (moved from /crime/ in issue 8): totals, pages, contacts, the scorecard
measure, the audit entry, and the access check in the action itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.crime.incidents import import_incidents
from safer.crime.models import Incident
from safer.crime.tests.test_incidents import write
from safer.crime.tests.test_repeats_and_audit import numbers, repeat_victims
from safer.crime.tests.test_views import incidents
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_staff, sign_in
from safer.victims.actions import record_victim_contact
from safer.victims.models import RepeatVictimContact

PAGE = "/victims/repeat-victims/"


def test_the_totals_count_every_repeat_and_the_table_shows_50_a_page(
    client: Client, worcester: Neighbourhood
) -> None:
    repeats = repeat_victims(60)
    for incident in repeats[-12:]:  # the newest twelve, all on page 1, contacted the same day
        RepeatVictimContact.objects.create(
            incident=incident, method="phone", contacted_on=timezone.localdate(incident.occurred_at)
        )
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[worcester]))
    first = client.get(PAGE).content.decode()
    assert numbers(first, "Repeat-victim incidents") == "60"
    # the other 48 happened 14 days ago or more: past 2 working days, whatever the holidays
    assert numbers(first, "Contacted within the agreed time") == "12 of 60"
    assert numbers(first, "Not contacted, overdue") == "48"
    assert numbers(first, "Not contacted, not yet due") == "0"
    assert numbers(first, "Repeat-offender incidents") == "60"
    victims = first[first.index('id="victims"') : first.index('aria-label="Repeat victims pages"')]
    assert victims.count("-1</td>") == 50 and "1 to 50 of 60" in victims
    assert 'href="?offenders_page=1&amp;page=2" aria-label="Page 2"' in first
    assert '<nav class="govuk-pagination" aria-label="Repeat offenders pages">' in first
    second = client.get(f"{PAGE}?page=2&offenders_page=1").content.decode()
    assert numbers(second, "Contacted within the agreed time") == "12 of 60"
    victims = second[second.index('id="victims"') : second.index('aria-label="Repeat victims pages"')]
    assert victims.count("-1</td>") == 10 and "51 to 60 of 60" in victims
    oldest = repeats[0]  # the table is newest first, so the oldest repeat is on page 2
    assert oldest.reference in victims and f'<option value="{oldest.pk}">' in second
    response = client.post(
        f"{PAGE}?page=2",
        {"incident": oldest.pk, "method": "visit", "contacted_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?page=2"
    # contacted today, 61 days after the incident: recorded, but late
    after = client.get(PAGE).content.decode()
    assert numbers(after, "Contacted within the agreed time") == "12 of 60"
    assert numbers(after, "Contacted late") == "1" and numbers(after, "Not contacted, overdue") == "47"


def test_the_repeat_victims_page_audits_the_incidents_it_shows(
    client: Client, worcester: Neighbourhood, recorded: list[tuple[str, str, str]]
) -> None:
    repeats = repeat_victims(55)
    sign_in(client, create_staff(Role.VICTIM_SERVICE, neighbourhoods=[worcester]))
    client.get(f"{PAGE}?page=2")
    assert recorded == [("crime.repeat_victims.read", "crime.incident", "set of 55")]
    event = AuditEvent.objects.get(action="crime.repeat_victims.read")
    shown = set(event.changes["ids"][1])
    assert {i.pk for i in repeats[:5]} <= shown  # the victims' page 2 (the oldest five)
    assert event.changes["victim_incidents"] == [None, 55] and event.changes["page"] == [None, 2]


def test_repeat_victims_are_listed_contacts_recorded_and_the_metric_counts_them(
    client: Client, places: tuple[Neighbourhood, Neighbourhood]
) -> None:
    worcester, _ = places
    incidents([100, 30, 10], victim="V1")  # 10 days: past 2 working days even over Christmas
    incidents([50], victim="V2")
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[worcester]))
    page = client.get(PAGE).content.decode()
    assert "RV11" in page and "RV12" in page and "RV20" not in page
    period = Period(timezone.localdate() - dt.timedelta(days=60), timezone.localdate())
    metric = get_metric("crime.repeat_victims_contacted")
    assert metric is not None
    nbs = Neighbourhood.objects.filter(pk=worcester.pk)
    assert metric.compute(nbs, period).value == 0
    target = Incident.objects.get(reference="RV11")
    on_the_day = timezone.localdate(target.occurred_at).isoformat()
    response = client.post(PAGE, {"incident": target.pk, "method": "visit", "contacted_on": on_the_day})
    assert response.status_code == 302
    contact = RepeatVictimContact.objects.get(incident=target)
    assert AuditEvent.objects.filter(
        action="crime.repeat_victim.contacted",
        object_type="victims.repeatvictimcontact",
        object_id=str(contact.pk),
    ).exists()
    assert metric.compute(nbs, period).value == 50.0  # RV11 in time, RV12 never contacted
    bad = client.post(PAGE, {"incident": target.pk, "method": "visit", "contacted_on": "soon"})
    assert "There is a problem" in bad.content.decode()


def test_the_old_crime_address_redirects_here_keeping_the_page(
    client: Client, worcester: Neighbourhood
) -> None:
    response = client.get("/crime/repeat-victims/?page=2&offenders_page=1")
    assert response.status_code == 301 and response["Location"] == f"{PAGE}?page=2&offenders_page=1"


@pytest.mark.django_db
def test_the_action_itself_refuses_roles_and_places_outside_the_scope() -> None:
    here = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    elsewhere = create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15))
    incidents([30, 5], victim="V1")
    incident = Incident.objects.get(reference="RV11")
    assert incident.neighbourhood == here
    today = timezone.localdate()
    for outsider in (
        create_staff(Role.PARTNER, neighbourhoods=[here]),
        create_staff(Role.VICTIM_SERVICE, neighbourhoods=[elsewhere]),
    ):
        with pytest.raises(PermissionDenied):
            record_victim_contact(outsider, incident, "visit", today, False)
    assert not RepeatVictimContact.objects.exists()
    record_victim_contact(
        create_staff(Role.VICTIM_SERVICE, neighbourhoods=[here]), incident, "visit", today, True
    )
    assert RepeatVictimContact.objects.get().referred_to_victim_service


@pytest.mark.django_db
def test_reimporting_an_incident_keeps_its_victim_contacts(tmp_path: Path) -> None:
    import_incidents(write(tmp_path, "CR1,2025-03-14T21:30,burglary,52.19,-2.22,,,,,V1,"))
    RepeatVictimContact.objects.create(incident=Incident.objects.get(), method="visit")
    path = write(tmp_path, "CR1,2025-03-14T22:30,burglary,52.2,-2.22,,,,,V1,")
    call_command("import_incidents", str(path), "--no-progress", verbosity=0)
    incident = Incident.objects.get()
    assert incident.occurred_at.hour == 22
    assert RepeatVictimContact.objects.filter(incident=incident).exists()
