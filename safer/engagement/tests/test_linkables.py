"""Priorities as linkable records (a problem-solving plan links them through safer.lib.linkables)."""

from __future__ import annotations

from django.utils import timezone

from safer.accounts.models import Role
from safer.lib import linkables
from safer.testing import create_neighbourhood, create_priority, create_staff


def test_engagement_registers_open_priorities_in_the_users_scope(team):
    mine = create_priority(team.neighbourhood, issue="Speeding on the Homend")
    create_priority(team.neighbourhood, issue="Old problem", closed_on=timezone.localdate())
    other_team = create_neighbourhood(area=team.area)
    theirs = create_priority(other_team, issue="Their priority")

    found = linkables.find("priority", team.pcso, [team.neighbourhood.pk])
    assert [(f.ref, f.label, f.neighbourhood_id) for f in found] == [
        (str(mine.pk), "Speeding on the Homend", team.neighbourhood.pk)
    ]
    assert found[0].url == f"/engagement/staff/teams/{team.neighbourhood.slug}/priorities/{mine.pk}/"
    # Another team's priority is not returned, asked for by neighbourhood or by ref.
    assert linkables.find("priority", team.pcso, [other_team.pk]) == []
    assert linkables.find_one("priority", team.pcso, str(theirs.pk)) is None
    assert linkables.find_one("priority", team.pcso, str(mine.pk)) == found[0]
    # Their own sergeant finds it.
    theirs_sergeant = create_staff(Role.SERGEANT, neighbourhoods=[other_team])
    assert linkables.find_one("priority", theirs_sergeant, str(theirs.pk)) is not None


def test_unreadable_refs_and_accounts_without_a_scope_find_nothing(team, django_user_model):
    create_priority(team.neighbourhood)
    assert linkables.find("priority", team.pcso, None, refs=["abc", "-1", "9" * 40]) == []
    resident = django_user_model.objects.create_user(username="resident")
    assert linkables.find("priority", resident, None) == []


def test_a_long_issue_is_shortened_for_the_label(team):
    create_priority(team.neighbourhood, issue="word " * 100)
    (found,) = linkables.find("priority", team.pcso, None)
    assert len(found.label) <= 120 and found.label.endswith("…")


def test_the_staff_priorities_list_offers_a_plan_for_each_open_priority(client, team):
    from django.urls import reverse

    from safer.testing import sign_in

    open_one = create_priority(team.neighbourhood, issue="Speeding")
    closed = create_priority(team.neighbourhood, issue="Parking", closed_on=timezone.localdate())
    sign_in(client, team.pcso)
    html = client.get(reverse("engagement:staff-priorities")).content.decode()
    start = reverse("problems:plan-start")
    assert f"{start}?source=priority&amp;priority={open_one.pk}" in html
    assert f'priority={closed.pk}"' not in html
