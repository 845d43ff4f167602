from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.test.utils import override_settings

import safer
from safer.lib.api import ApiError
from safer.places.lookups import current_force, get_force, get_neighbourhood
from safer.testing import create_force, create_neighbourhood

pytestmark = pytest.mark.django_db


@override_settings(FORCE_ID="west-mercia")
def test_the_current_force_is_the_one_the_settings_name_among_several() -> None:
    create_force(slug="warwickshire", name="Warwickshire Police")
    ours = create_force(slug="west-mercia", name="West Mercia Police")
    assert current_force() == ours


@override_settings(FORCE_ID="west-mercia")
def test_there_is_no_current_force_before_its_data_is_loaded() -> None:
    create_force(slug="warwickshire")
    assert current_force() is None


@override_settings(FORCE_ID="west-mercia")
def test_a_renamed_force_shows_its_new_name_on_the_next_page(client: Client) -> None:
    force = create_force(slug="west-mercia", name="West Mercia Police")
    assert client.get("/").context["force"].name == "West Mercia Police"
    force.name = "West Mercia Constabulary"
    force.save()
    assert current_force().name == "West Mercia Constabulary"  # type: ignore[union-attr]
    assert client.get("/").context["force"].name == "West Mercia Constabulary"


def test_an_unknown_police_uk_id_is_a_404_for_the_api() -> None:
    create_force(slug="west-mercia")
    assert get_force("west-mercia").slug == "west-mercia"
    with pytest.raises(ApiError) as raised:
        get_force("atlantis")
    assert raised.value.status == 404


def test_a_neighbourhood_is_found_only_in_its_own_force() -> None:
    nb = create_neighbourhood(code="WR1", force=create_force(slug="west-mercia"))
    create_force(slug="warwickshire")
    assert get_neighbourhood("west-mercia", "WR1") == nb
    with pytest.raises(ApiError):
        get_neighbourhood("warwickshire", "WR1")


def test_only_lookups_fetches_the_force_by_its_setting() -> None:
    """One current_force(): no app looks the force up by FORCE_ID itself (filters by it are fine)."""
    root = Path(safer.__file__).resolve().parent
    pattern = re.compile(r"Force\.objects\.\w+\(\s*slug=settings\.FORCE_ID")
    found = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if "tests" not in path.parts and pattern.search(path.read_text())
    ]
    assert found == ["places/lookups.py"]
