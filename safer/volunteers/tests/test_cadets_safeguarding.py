"""Cadets are children: their records are seen only by their own unit's leaders and the
safeguarding lead. Every other role, an administrator and a leader of another unit included, gets
403 or 404 on the unit's pages and finds no cadet's name in any list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in
from safer.volunteers import access, actions
from safer.volunteers.models import Cadet, CadetSession
from safer.volunteers.tests.factories import create_cadet, create_unit

LISTS = [
    "volunteers:staff-home",
    "volunteers:cadets",
    "volunteers:specials",
    "volunteers:youth",
    "volunteers:groups",
    "volunteers:advisory",
    "volunteers:custody",
    "volunteers:ride-alongs",
]


@pytest.fixture
def world(db: None) -> dict[str, object]:
    nb = create_neighbourhood(area=create_area())
    leader = create_staff(Role.CADET_LEADER, neighbourhoods=[nb])
    other_leader = create_staff(Role.CADET_LEADER, neighbourhoods=[nb])
    unit = create_unit(nb, leaders=[leader], name="Worcester Cadets")
    other_unit = create_unit(nb, leaders=[other_leader], name="Malvern Mini Police", kind="mini")
    cadet = create_cadet(unit, given_name="Zebedee", family_name="Quartermaine")
    return {
        "nb": nb,
        "leader": leader,
        "other_leader": other_leader,
        "unit": unit,
        "other_unit": other_unit,
        "cadet": cadet,
    }


def _pages(unit_pk: int) -> list[str]:
    return [
        reverse("volunteers:cadet-unit", args=[unit_pk]),
        reverse("volunteers:cadet-add", args=[unit_pk]),
        reverse("volunteers:cadet-session-add", args=[unit_pk]),
    ]


def test_the_units_leader_and_the_safeguarding_lead_see_the_cadets(client: Client, world: dict) -> None:
    for user in (world["leader"], create_staff(Role.SAFEGUARDING, neighbourhoods=[world["nb"]])):
        sign_in(client, user)
        for url in _pages(world["unit"].pk):
            assert client.get(url).status_code == 200
        assert "Quartermaine" in client.get(_pages(world["unit"].pk)[0]).content.decode()
    reads = AuditEvent.objects.filter(action="volunteers.cadets.read")
    assert reads.count() == 4 and reads.values("actor").distinct().count() == 2  # every read, by each


@pytest.mark.parametrize("role", [r for r in Role.values if r not in (Role.CADET_LEADER, Role.SAFEGUARDING)])
def test_every_other_role_is_refused_and_finds_no_cadet_in_any_list(
    client: Client, world: dict, role: str
) -> None:
    user = create_staff(role, neighbourhoods=[world["nb"]])
    sign_in(client, user)
    for url in _pages(world["unit"].pk):
        assert client.get(url).status_code in (403, 404), (role, url)
    for url in _pages(world["unit"].pk)[1:]:  # the two forms; the unit's page itself is GET only
        assert client.post(url, {"given_name": "X", "topic": "X"}).status_code in (403, 404), (role, url)
    for name in LISTS:
        response = client.get(reverse(name))
        assert "Quartermaine" not in response.content.decode(), (role, name)
    assert not access.cadets(user).exists()
    assert Cadet.objects.count() == 1 and not CadetSession.objects.exists()


def test_a_leader_of_another_unit_is_refused_and_sees_only_their_own_unit(
    client: Client, world: dict
) -> None:
    sign_in(client, world["other_leader"])
    for url in _pages(world["unit"].pk):
        assert client.get(url).status_code == 404
    page = client.get(reverse("volunteers:cadets")).content.decode()
    assert "Malvern Mini Police" in page and "Worcester Cadets" not in page and "Quartermaine" not in page


def test_a_safeguarding_lead_outside_the_units_scope_is_refused(client: Client, world: dict) -> None:
    elsewhere = create_neighbourhood(area=create_area())
    sign_in(client, create_staff(Role.SAFEGUARDING, neighbourhoods=[elsewhere]))
    assert client.get(_pages(world["unit"].pk)[0]).status_code == 404
    assert "Worcester Cadets" not in client.get(reverse("volunteers:cadets")).content.decode()


def test_an_administrator_sets_up_units_but_never_opens_their_cadets(client: Client, world: dict) -> None:
    sign_in(client, create_staff(Role.ADMINISTRATOR))
    page = client.get(reverse("volunteers:cadets")).content.decode()
    assert "Worcester Cadets" in page and "Quartermaine" not in page
    assert reverse("volunteers:cadet-unit", args=[world["unit"].pk]) not in page
    assert client.get(_pages(world["unit"].pk)[0]).status_code == 403


def test_the_actions_refuse_outsiders_and_cadets_of_another_unit(world: dict) -> None:
    unit, other = world["unit"], world["other_unit"]
    intruder = create_cadet(other)
    session = CadetSession(unit=unit, date=timezone.localdate(), topic="Drill")
    with pytest.raises(PermissionDenied):
        actions.record_cadet_session(world["other_leader"], session, [world["cadet"]])
    with pytest.raises(PermissionDenied):
        actions.record_cadet_session(world["leader"], session, [world["cadet"], intruder])
    assert not CadetSession.objects.exists()
    actions.record_cadet_session(world["leader"], session, [world["cadet"]])
    assert session.enrolled == 1 and list(session.present.all()) == [world["cadet"]]


def test_a_cadet_of_the_wrong_age_for_the_unit_is_refused_with_a_clear_message(
    client: Client, world: dict
) -> None:
    sign_in(client, world["leader"])
    today = timezone.localdate()
    data = {
        "given_name": "Young",
        "family_name": "Person",
        "date_of_birth": (today.replace(year=today.year - 9) - dt.timedelta(days=5)).isoformat(),
        "joined_on": today.isoformat(),
        "carer_name": "Pat",
        "carer_phone": "07700 900222",
    }
    response = client.post(reverse("volunteers:cadet-add", args=[world["unit"].pk]), data)
    assert response.status_code == 400
    assert "must be 13 to 18 when they join; this child is 9" in response.content.decode()
    assert Cadet.objects.count() == 1
    data["carer_phone"] = "not a phone"
    data["date_of_birth"] = (today.replace(year=today.year - 14)).isoformat()
    assert client.post(reverse("volunteers:cadet-add", args=[world["unit"].pk]), data).status_code == 400
    data["carer_phone"] = "07700 900222"
    assert client.post(reverse("volunteers:cadet-add", args=[world["unit"].pk]), data).status_code == 302
    assert Cadet.objects.count() == 2
    event = AuditEvent.objects.get(action="volunteers.cadet.enrolled")
    assert "Young" not in str(event.changes) and "Person" not in str(event.changes)
