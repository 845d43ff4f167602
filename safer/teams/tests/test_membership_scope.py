"""Defect 9: a supervisor may not pull someone from another team into their own and then edit them.

Scope comes from the teams a person is in before the change, and the add-member list offers only
people the supervisor may already manage."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role
from safer.teams import actions
from safer.teams.models import Membership, Person, Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in


@pytest.fixture
def setting(db):
    """A sergeant of one team, a colleague in it, and an officer of a team outside their scope."""
    mine, theirs = create_neighbourhood(), create_neighbourhood()
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[mine])
    return mine, theirs, sergeant, create_person(mine), create_person(theirs)


@pytest.mark.parametrize("role", [Role.SERGEANT, Role.INSPECTOR])
def test_the_add_member_list_offers_only_people_the_user_may_manage(client: Client, setting, role):
    mine, theirs, _, colleague, stranger = setting
    elsewhere_in_my_scope = create_neighbourhood()
    neighbour = create_person(elsewhere_in_my_scope)
    sign_in(client, create_staff(role, neighbourhoods=[mine, elsewhere_in_my_scope]))
    page = client.get(reverse("teams:add-member", args=[mine.slug])).content.decode()
    assert f'value="{neighbour.pk}"' in page
    assert f'value="{stranger.pk}"' not in page
    assert f'value="{colleague.pk}"' not in page  # already in the team


@pytest.mark.parametrize("role", [Role.SERGEANT, Role.INSPECTOR])
def test_posting_a_person_outside_scope_is_refused_and_changes_nothing(client: Client, setting, role):
    mine, theirs, _, _, stranger = setting
    sign_in(client, create_staff(role, neighbourhoods=[mine]))
    memberships = list(Membership.objects.values().order_by("pk"))
    people = list(Person.objects.values().order_by("pk"))
    audit_count = AuditEvent.objects.count()
    response = client.post(
        reverse("teams:add-member", args=[mine.slug]), {"person": stranger.pk, "role": Rank.PC}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert list(Membership.objects.values().order_by("pk")) == memberships
    assert list(Person.objects.values().order_by("pk")) == people
    assert AuditEvent.objects.count() == audit_count


def test_the_reported_attack_leaves_the_other_teams_officer_unchanged(client: Client, setting):
    """Add, edit email and duty, remove: every step is refused and the public page keeps its address."""
    mine, theirs, sergeant, _, stranger = setting
    address = stranger.work_email
    sign_in(client, sergeant)
    client.post(reverse("teams:add-member", args=[mine.slug]), {"person": stranger.pk, "role": Rank.PC})
    edit = client.post(reverse("teams:person", args=[stranger.pk]), {"work_email": "attacker@example.org"})
    duty = client.post(reverse("teams:duty", args=[stranger.pk]), {"status": "off"})
    assert (edit.status_code, duty.status_code) == (404, 404)
    assert not Membership.objects.filter(person=stranger, neighbourhood=mine).exists()
    assert Person.objects.get(pk=stranger.pk).work_email == address
    public = client.get(reverse("web:neighbourhood", args=[theirs.slug])).content.decode()
    assert "attacker@example.org" not in public


def test_the_action_refuses_a_person_outside_scope_itself(setting):
    mine, _, sergeant, _, stranger = setting
    with pytest.raises(PermissionDenied):
        actions.add_member(sergeant, mine, stranger, Rank.PC)
    assert not Membership.objects.filter(person=stranger, neighbourhood=mine).exists()


def test_someone_in_no_team_is_only_for_the_whole_force(setting):
    mine, _, sergeant, _, _ = setting
    unattached = create_person()
    assert not actions.people_to_add(sergeant, mine).filter(pk=unattached.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.add_member(sergeant, mine, unattached, Rank.PC)
    administrator = create_staff(Role.ADMINISTRATOR)
    actions.add_member(administrator, mine, unattached, Rank.PC)
    assert Membership.objects.filter(person=unattached, neighbourhood=mine).exists()


def test_an_inspector_moves_people_between_teams_of_their_area(setting):
    area = create_area()
    one, two = create_neighbourhood(area=area), create_neighbourhood(area=area)
    officer = create_person(one)
    inspector = create_staff(Role.INSPECTOR, areas=[area])
    actions.add_member(inspector, two, officer, Rank.PC)
    actions.remove_member(inspector, Membership.objects.get(person=officer, neighbourhood=one))
    assert list(Membership.objects.filter(person=officer).values_list("neighbourhood", flat=True)) == [two.pk]
