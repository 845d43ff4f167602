"""The access matrix itself: it fails on a view that lets another team's object be changed, and the
completeness check names a staff URL that has no row. (A URL conf of deliberately faulty views.)"""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.test import override_settings
from django.urls import include, path, reverse
from django.views.decorators.http import require_POST

from safer.accounts import scopes
from safer.accounts.tests import test_access_matrix_is_complete as completeness
from safer.accounts.tests.matrix import Everyone, Row, check_everyone
from safer.teams.actions import people_in_scope
from safer.teams.models import Person


@scopes.require_role(*scopes.TEAM_EDITORS)
@require_POST
def unscoped_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The defect 9 kind of fault: the role is checked, the person's team is not."""
    Person.objects.filter(pk=pk).update(work_email="changed@example.org")
    return HttpResponse(status=302, headers={"Location": "/"})


@scopes.require_role(*scopes.TEAM_EDITORS)
@require_POST
def scoped_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(people_in_scope(request.user), pk=pk)
    Person.objects.filter(pk=person.pk).update(work_email="changed@example.org")
    return HttpResponse(status=302, headers={"Location": "/"})


def page_that_writes_before_checking(request: HttpRequest, pk: int) -> HttpResponse:
    """A GET that changes data before it refuses: a refused GET is compared by row counts."""
    Person.objects.create(given_name="Made by", family_name="a refused page", rank="pc")
    if scopes.role_of(request.user) not in TEAM:
        return HttpResponse(status=403)
    return HttpResponse("ok")


faulty = (
    [
        path("writes/<int:pk>/", page_that_writes_before_checking, name="writes"),
        path("unscoped/<int:pk>/", unscoped_edit, name="unscoped"),
        path("scoped/<int:pk>/", scoped_edit, name="scoped"),
    ],
    "faulty",
)
urlpatterns = [path("staff/faulty/", include(faulty)), path("staff/", include("safer.accounts.urls"))]

TEAM = scopes.TEAM_EDITORS


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_matrix_fails_a_view_that_changes_another_teams_person() -> None:
    row = Row("unscoped", lambda w: reverse("faulty:unscoped", args=[w.person.pk]), "post", TEAM, ok=(302,))
    with pytest.raises(AssertionError, match="on another team: 302"):
        check_everyone(row)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_matrix_passes_the_same_view_with_its_scope_checked() -> None:
    check_everyone(
        Row("scoped", lambda w: reverse("faulty:scoped", args=[w.person.pk]), "post", TEAM, ok=(302,))
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_matrix_fails_a_refused_page_that_adds_a_row() -> None:
    row = Row("writes", lambda w: reverse("faulty:writes", args=[w.person.pk]), "get", TEAM, scoped=False)
    with pytest.raises(AssertionError, match="refused but data changed"):
        check_everyone(row)


@override_settings(ROOT_URLCONF=__name__)
def test_the_completeness_check_finds_staff_urls_without_rows() -> None:
    routes = completeness.staff_routes()
    assert {"faulty:unscoped", "faulty:scoped"} <= set(routes)
    assert completeness.allowed_methods(routes["faulty:unscoped"][1]) == {"POST"}


# The same faults with the accounts built once for the module (matrix_everyone), as the apps' rows run:
# each subject's savepoint is undone, so a fault is still caught and one row's writes never reach
# the next.


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_accounts_built_once_still_catch_a_change_to_another_teams_person(matrix_everyone: Everyone) -> None:
    row = Row("unscoped", lambda w: reverse("faulty:unscoped", args=[w.person.pk]), "post", TEAM, ok=(302,))
    with pytest.raises(AssertionError, match="on another team: 302"):
        check_everyone(row, matrix_everyone)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_accounts_built_once_still_catch_a_refused_page_that_adds_a_row(matrix_everyone: Everyone) -> None:
    row = Row("writes", lambda w: reverse("faulty:writes", args=[w.person.pk]), "get", TEAM, scoped=False)
    with pytest.raises(AssertionError, match="refused but data changed"):
        check_everyone(row, matrix_everyone)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_accounts_built_once_leave_no_row_behind_for_the_next(matrix_everyone: Everyone) -> None:
    people = Person.objects.count()
    check_everyone(
        Row("scoped", lambda w: reverse("faulty:scoped", args=[w.person.pk]), "post", TEAM, ok=(302,)),
        matrix_everyone,
    )
    assert Person.objects.count() == people
    home = matrix_everyone.home.person
    home.refresh_from_db()
    assert home.work_email != "changed@example.org"
