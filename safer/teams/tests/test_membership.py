"""Adding and removing team members: sergeants, inspectors and administrators only; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role
from safer.teams import actions
from safer.teams.models import Membership, Person, Rank
from safer.testing import create_neighbourhood, create_person, create_staff, sign_in


@pytest.fixture
def team(db):
    return create_neighbourhood()


def test_it_adds_a_new_person_to_the_team(client, team):
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[team]))
    response = client.post(
        reverse("teams:add-member", args=[team.slug]),
        {"given_name": "Alex", "family_name": "New", "collar_number": "9999", "role": Rank.PC},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(neighbourhood=team, person__family_name="New")
    assert membership.role == Rank.PC
    assert AuditEvent.objects.filter(action="person.created").exists()
    added = AuditEvent.objects.get(action="membership.added")
    assert added.changes["neighbourhood"] == [None, team.code]


def test_it_adds_someone_already_on_the_system(client, team):
    their_team = create_neighbourhood()
    other = create_person(their_team)
    sign_in(client, create_staff(Role.INSPECTOR, neighbourhoods=[team, their_team]))
    response = client.post(
        reverse("teams:add-member", args=[team.slug]), {"person": other.pk, "role": Rank.PCSO}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(neighbourhood=team, person=other).exists()


def test_it_asks_for_a_person(client, team):
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[team]))
    response = client.post(reverse("teams:add-member", args=[team.slug]), {"role": Rank.PC})
    assert "Choose someone already on the system, or enter a first name" in response.content.decode()
    assert not Membership.objects.exists()


def test_it_removes_a_member_and_audits_it(client, team):
    person = create_person(team)
    membership = Membership.objects.get(person=person)
    sign_in(client, create_staff(Role.SERGEANT, neighbourhoods=[team]))
    assert client.post(reverse("teams:remove-member", args=[team.slug, membership.pk])).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.get(action="membership.removed").changes["role"] == [membership.role, None]


def test_it_stops_a_pc_adding_or_removing_members(client, team):
    person = create_person(team)
    membership = Membership.objects.get(person=person)
    pc = create_staff(Role.PC, neighbourhoods=[team])
    sign_in(client, pc)
    assert client.post(reverse("teams:remove-member", args=[team.slug, membership.pk])).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.remove_member(pc, membership)
    with pytest.raises(PermissionDenied):
        actions.add_member(pc, team, create_person(), Rank.PC)


def test_the_actions_check_scope_themselves(team):
    outsider = create_staff(Role.PCSO, neighbourhoods=[create_neighbourhood()])
    person = create_person(team)
    with pytest.raises(PermissionDenied):
        actions.update_contact_details(outsider, person, work_email="x@example.police.uk")
    assert Person.objects.get(pk=person.pk).work_email != "x@example.police.uk"
    analyst = create_staff(Role.ANALYST, neighbourhoods=[team])
    with pytest.raises(PermissionDenied):
        actions.mark_details_verified(analyst, person)
