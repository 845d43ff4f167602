"""Near-repeat prevention responses (moved from /crime/prevention/ in issue 8): planning, visits,
the audit entries, the old addresses and the access check in the actions themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.crime.models import Incident
from safer.crime.tests.test_repeats_and_audit import repeat_victims
from safer.crime.tests.test_views import incidents
from safer.places.models import Neighbourhood
from safer.problems.actions import plan_near_repeat_response, record_visit
from safer.problems.models import PreventionAction, PreventionVisit
from safer.testing import create_neighbourhood, create_staff, sign_in


def test_a_near_repeat_response_lists_streets_drafts_a_message_and_records_visits(
    client: Client, places: tuple[Neighbourhood, Neighbourhood]
) -> None:
    worcester, malvern = places
    incidents([1], victim="V7")
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[worcester]))
    burglary = Incident.objects.get()
    page = client.get("/problems/prevention/").content.decode()
    assert burglary.reference in page and "Plan visits" in page
    response = client.post("/problems/prevention/", {"incident": burglary.pk})
    action = PreventionAction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/problems/prevention/{action.pk}/"
    assert action.streets and all(s["distance_m"] <= 400 for s in action.streets)
    assert "burglary" in action.message_subject.lower() and burglary.victim_ref not in action.message_body
    from safer.alerts.models import Message

    assert action.alert_message_id is not None
    drafted = Message.objects.get(pk=action.alert_message_id)  # drafted in messaging, to the zone circle
    assert drafted.status == "draft" and drafted.target == "circle" and drafted.body == action.message_body
    detail = client.get(f"/problems/prevention/{action.pk}/").content.decode()
    assert action.streets[0]["name"] in detail
    client.post(
        f"/problems/prevention/{action.pk}/",
        {
            "target": action.streets[0]["name"],
            "households": 8,
            "delivered": "advice",
            "visited_on": timezone.localdate().isoformat(),
        },
    )
    assert PreventionVisit.objects.get().households == 8
    action.refresh_from_db()
    assert action.status == PreventionAction.Status.UNDER_WAY
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[malvern]))
    assert client.get(f"/problems/prevention/{action.pk}/").status_code == 404


def test_the_prevention_pages_audit_the_incidents_they_show(
    client: Client, worcester: Neighbourhood, recorded: list[tuple[str, str, str]]
) -> None:
    burglary = repeat_victims(1)[0]
    staff = create_staff(Role.PCSO, neighbourhoods=[worcester])
    action = plan_near_repeat_response(staff, burglary)
    recorded.clear()
    sign_in(client, staff)
    assert burglary.reference in client.get("/problems/prevention/").content.decode()
    assert recorded == [("crime.prevention.read", "crime.incident", "set of 2")]  # both burglaries
    event = AuditEvent.objects.filter(action="crime.prevention.read").get()
    assert burglary.pk in event.changes["ids"][1] and event.changes["responses"] == [None, [action.pk]]
    assert client.get(f"/problems/prevention/{action.pk}/").status_code == 200
    assert recorded[-1] == ("crime.prevention_action.read", "crime.incident", str(burglary.pk))
    detail = AuditEvent.objects.get(action="crime.prevention_action.read")
    assert detail.changes["prevention_action"] == [None, action.pk] and detail.actor_id == staff.pk


def test_the_old_crime_addresses_redirect_here(client: Client, worcester: Neighbourhood) -> None:
    listing = client.get("/crime/prevention/")
    assert listing.status_code == 301 and listing["Location"] == "/problems/prevention/"
    detail = client.get("/crime/prevention/17/")
    assert detail.status_code == 301 and detail["Location"] == "/problems/prevention/17/"


@pytest.mark.django_db
def test_the_actions_themselves_refuse_roles_and_places_outside_the_scope() -> None:
    here = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21))
    elsewhere = create_neighbourhood(box=(-2.36, 52.08, -2.29, 52.15))
    incidents([3], victim="V1")
    burglary = Incident.objects.get()
    assert burglary.neighbourhood == here
    outsiders = [
        create_staff(Role.VICTIM_SERVICE, neighbourhoods=[here]),
        create_staff(Role.PCSO, neighbourhoods=[elsewhere]),
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            plan_near_repeat_response(outsider, burglary)
    assert not PreventionAction.objects.exists()
    action = plan_near_repeat_response(create_staff(Role.PCSO, neighbourhoods=[here]), burglary)
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            record_visit(outsider, action, "High Street", 3, "advice", timezone.localdate())
    assert not PreventionVisit.objects.exists()
