"""Administrators change roles and scopes; every change is audited as role.changed / scope.changed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from safer.accounts.models import AuditEvent, Role, ScopeLevel, StaffProfile
from safer.accounts.scopes import neighbourhoods_in_scope
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in


@pytest.fixture
def admin_client(client, db):
    sign_in(client, create_staff(Role.ADMINISTRATOR))
    return client


def test_it_changes_a_role_and_scope_and_audits_both(admin_client):
    first, second = create_neighbourhood(), create_neighbourhood()
    user = create_staff(Role.PCSO, neighbourhoods=[first])
    response = admin_client.post(
        reverse("accounts:staff-edit", args=[user.pk]),
        {
            "role": Role.SERGEANT,
            "scope_level": ScopeLevel.NEIGHBOURHOODS,
            "neighbourhoods": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=user)
    assert profile.role == Role.SERGEANT
    assert set(neighbourhoods_in_scope(user)) == {first, second}
    role_event = AuditEvent.objects.get(action="role.changed", object_id=str(profile.pk))
    assert role_event.changes == {"role": ["pcso", "sergeant"]}
    scope_event = AuditEvent.objects.get(action="scope.changed", object_id=str(profile.pk))
    assert scope_event.changes == {"neighbourhoods": [[first.code], sorted([first.code, second.code])]}


def test_it_moves_an_account_to_an_area_scope(admin_client):
    area = create_area()
    nb = create_neighbourhood(area=area)
    user = create_staff(Role.INSPECTOR, neighbourhoods=[create_neighbourhood()])
    admin_client.post(
        reverse("accounts:staff-edit", args=[user.pk]),
        {"role": Role.INSPECTOR, "scope_level": ScopeLevel.AREAS, "areas": [area.pk]},
    )
    user = User.objects.get(pk=user.pk)  # without the profile cached before the change
    assert list(neighbourhoods_in_scope(user)) == [nb]
    assert not AuditEvent.objects.filter(action="role.changed").exists()
    event = AuditEvent.objects.get(action="scope.changed")
    assert event.changes["scope_level"] == ["neighbourhoods", "areas"]
    assert event.changes["areas"] == [[], [area.slug]]


def test_it_requires_neighbourhoods_for_a_neighbourhood_scope(admin_client):
    user = create_staff(Role.PC, neighbourhoods=[create_neighbourhood()])
    response = admin_client.post(
        reverse("accounts:staff-edit", args=[user.pk]),
        {"role": Role.ADMINISTRATOR, "scope_level": ScopeLevel.NEIGHBOURHOODS},
    )
    assert response.status_code == 200
    assert "Choose at least one neighbourhood" in response.content.decode()
    assert StaffProfile.objects.get(user=user).role == Role.PC
    assert not AuditEvent.objects.exists()


def test_it_shows_the_home_page_for_the_account(client, db):
    nb = create_neighbourhood(name="Malvern Hills")
    user = create_staff(Role.PCSO, neighbourhoods=[nb])
    from safer.testing import create_person

    create_person(nb, details_verified_on=None, given_name="Stale", family_name="Details")
    sign_in(client, user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert "PCSO" in html and "Named neighbourhoods" in html
    assert reverse("teams:team", args=[nb.slug]) in html
    assert "Stale Details" in html and "never checked" in html


def test_it_shows_an_analyst_no_team_editing(client, db):
    nb = create_neighbourhood(name="Malvern Hills")
    sign_in(client, create_staff(Role.ANALYST, neighbourhoods=[nb]))
    html = client.get(reverse("accounts:home")).content.decode()
    assert "Malvern Hills" in html
    assert reverse("teams:team", args=[nb.slug]) not in html
    assert "cannot edit team pages" in html
