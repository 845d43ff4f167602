"""The compose form offers only targets the author may send to: nothing it offers is then refused
as outside their patch."""

from __future__ import annotations

import pytest
from django.test import Client

from safer.accounts.models import Role, ScopeLevel
from safer.accounts.scopes import neighbourhoods_in_scope
from safer.alerts.forms import ComposeForm
from safer.alerts.models import Target
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in


def _form(user: object) -> ComposeForm:
    return ComposeForm(scope=neighbourhoods_in_scope(user))  # type: ignore[arg-type]


def _targets(form: ComposeForm) -> set[str]:
    return {value for value, _ in form.fields["target"].choices}  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_pcso_is_not_offered_the_area_around_their_one_neighbourhood(client: Client) -> None:
    area = create_area()
    mine, _theirs = create_neighbourhood(area=area), create_neighbourhood(area=area)
    pcso = create_staff(Role.PCSO, neighbourhoods=[mine])
    form = _form(pcso)
    assert list(form.fields["areas"].queryset) == []  # type: ignore[attr-defined]
    assert Target.AREAS not in _targets(form) and Target.FORCE not in _targets(form)
    assert Target.NEIGHBOURHOODS in _targets(form)
    sign_in(client, pcso)
    page = client.get("/alerts/staff/new/").content.decode()
    assert area.name not in page and "The whole force" not in page


@pytest.mark.django_db
def test_an_area_wholly_in_scope_is_offered() -> None:
    area = create_area()
    first, second = create_neighbourhood(area=area), create_neighbourhood(area=area)
    inspector = create_staff(Role.INSPECTOR, neighbourhoods=[first, second])
    form = _form(inspector)
    assert list(form.fields["areas"].queryset) == [area]  # type: ignore[attr-defined]
    assert Target.AREAS in _targets(form)


@pytest.mark.django_db
def test_only_a_force_wide_scope_is_offered_the_whole_force(settings: object) -> None:
    nb = create_neighbourhood()
    settings.FORCE_ID = nb.force.slug  # type: ignore[attr-defined]
    create_neighbourhood(force=nb.force)
    inspector = create_staff(Role.INSPECTOR, scope_level=ScopeLevel.FORCE)
    assert Target.FORCE in _targets(_form(inspector))
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    assert Target.FORCE not in _targets(_form(sergeant))


@pytest.mark.django_db
def test_send_later_is_a_date_time_picker_whose_value_comes_back() -> None:
    nb = create_neighbourhood()
    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    form = ComposeForm({"scheduled_for": "2030-01-07T09:30"}, scope=neighbourhoods_in_scope(pcso))
    form.is_valid()
    assert "scheduled_for" not in form.errors
    assert 'type="datetime-local"' in str(form["scheduled_for"])
    assert 'value="2030-01-07T09:30"' in str(form["scheduled_for"])
