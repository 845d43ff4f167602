"""Who may open which staff page: every row below, for every role, anonymous and unverified.

To add a page, append a Row to ROWS (or keep a ROWS list in your app's own test_access_matrix.py
and parametrize it the same way): see safer/accounts/README.md.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from safer.accounts.models import Role
from safer.accounts.tests.matrix import Everyone, Row, check_everyone
from safer.teams.models import Membership, Person
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in

ADMIN = frozenset({Role.ADMINISTRATOR})
EDITORS = frozenset({Role.PCSO, Role.PC, Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})
SUPERVISORS = frozenset({Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR})


def _contact_data(w):
    return {"work_mobile": "07700 900456", "work_email": "new@example.police.uk", "biography": "Hello"}


ROWS: list[Row] = [
    Row("staff home", lambda w: reverse("accounts:home")),
    Row("staff list", lambda w: reverse("accounts:staff-list"), allowed=ADMIN),
    Row("staff edit", lambda w: reverse("accounts:staff-edit", args=[w.other_user.pk]), allowed=ADMIN),
    Row(
        "staff edit (post)",
        lambda w: reverse("accounts:staff-edit", args=[w.other_user.pk]),
        "post",
        ADMIN,
        data=lambda w: {"role": "pc", "scope_level": "force"},
        ok=(302,),
    ),
    Row(
        "set-up link (post)",
        lambda w: reverse("accounts:enrolment-link", args=[w.other_user.pk]),
        "post",
        ADMIN,
    ),
    Row("audit log", lambda w: reverse("accounts:audit"), allowed=ADMIN),
    Row("team list", lambda w: reverse("teams:list"), allowed=EDITORS),
    Row("team page", lambda w: reverse("teams:team", args=[w.neighbourhood.slug]), allowed=EDITORS),
    Row("person", lambda w: reverse("teams:person", args=[w.person.pk]), allowed=EDITORS),
    Row(
        "person (post)",
        lambda w: reverse("teams:person", args=[w.person.pk]),
        "post",
        EDITORS,
        data=_contact_data,
        ok=(302,),
    ),
    Row("duty", lambda w: reverse("teams:duty", args=[w.person.pk]), allowed=EDITORS),
    Row(
        "duty (post)",
        lambda w: reverse("teams:duty", args=[w.person.pk]),
        "post",
        EDITORS,
        data=lambda w: {"status": "off"},
        ok=(302,),
    ),
    Row("verify (post)", lambda w: reverse("teams:verify", args=[w.person.pk]), "post", EDITORS, ok=(302,)),
    Row(
        "add member", lambda w: reverse("teams:add-member", args=[w.neighbourhood.slug]), allowed=SUPERVISORS
    ),
    Row(
        "add member (post)",
        lambda w: reverse("teams:add-member", args=[w.neighbourhood.slug]),
        "post",
        SUPERVISORS,
        data=lambda w: {"given_name": "New", "family_name": "Person", "role": "pc"},
        ok=(302,),
    ),
    # Issue 14: training records imported from the learning system (no team in the URL).
    Row("training import", lambda w: reverse("teams:training-import"), allowed=SUPERVISORS, scoped=False),
    Row(
        "training import (post)",
        lambda w: reverse("teams:training-import"),
        "post",
        SUPERVISORS,
        data=lambda w: {},
        scoped=False,
    ),
    Row(
        "remove member",
        lambda w: reverse("teams:remove-member", args=[w.neighbourhood.slug, w.membership.pk]),
        allowed=SUPERVISORS,
    ),
    Row(
        "remove member (post)",
        lambda w: reverse("teams:remove-member", args=[w.neighbourhood.slug, w.membership.pk]),
        "post",
        SUPERVISORS,
        ok=(302,),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)


# Out of scope: a PCSO of one team against another team's person and page.


@pytest.fixture
def two_teams():
    home = create_neighbourhood()
    away = create_neighbourhood()
    return home, away, create_person(home), create_person(away, work_mobile="07700 900999")


@pytest.mark.django_db
def test_it_hides_another_teams_person_from_a_pcso(client, two_teams):
    home, away, _, stranger = two_teams
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[home]))
    for name in ("teams:person", "teams:duty"):
        assert client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert client.get(reverse("teams:team", args=[away.slug])).status_code == 404


@pytest.mark.django_db
def test_it_changes_nothing_when_a_pcso_posts_to_another_teams_person(client, two_teams):
    home, away, _, stranger = two_teams
    before = Person.objects.values().get(pk=stranger.pk)
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[home]))
    responses = [
        client.post(reverse("teams:person", args=[stranger.pk]), {"work_mobile": "07700 900111"}),
        client.post(reverse("teams:duty", args=[stranger.pk]), {"status": "off"}),
        client.post(reverse("teams:verify", args=[stranger.pk])),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert Person.objects.values().get(pk=stranger.pk) == before


@pytest.mark.django_db
def test_it_stops_a_sergeant_managing_a_team_outside_their_areas(client):
    mine, theirs = create_area(), create_area()
    away = create_neighbourhood(area=theirs)
    stranger = create_person(away)
    sign_in(client, create_staff(Role.SERGEANT, areas=[mine]))
    membership = Membership.objects.get(person=stranger)
    response = client.post(reverse("teams:remove-member", args=[away.slug, membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_it_lets_an_inspector_edit_people_anywhere_in_their_area(client):
    area = create_area()
    nb = create_neighbourhood(area=area)
    person = create_person(nb)
    sign_in(client, create_staff(Role.INSPECTOR, areas=[area]))
    response = client.post(reverse("teams:duty", args=[person.pk]), {"status": "off"})
    assert response.status_code == 302
    assert client.get(reverse("teams:person", args=[person.pk])).status_code == 200
