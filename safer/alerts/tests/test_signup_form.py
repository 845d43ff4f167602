"""The sign-up form's wording: its neighbourhood list starts with an instruction, and every example
it gives comes from the force's own data (or is generic), never from one force's patch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safer.alerts.forms import SignupForm
from safer.places.models import Postcode
from safer.testing import create_force, create_neighbourhood

WEST_MERCIA_EXAMPLES = ("WR3 8SP", "52.19,-2.22")


def dyfed_powys(settings: Any) -> Any:
    settings.FORCE_ID = "dyfed-powys"
    force = create_force(slug="dyfed-powys", name="Dyfed-Powys Police")
    return create_neighbourhood(force=force, name="Carmarthen Town", box=(-4.32, 51.85, -4.29, 51.87))


@pytest.mark.django_db
def test_the_neighbourhood_list_starts_by_asking_to_choose_one(client: Client) -> None:
    create_neighbourhood(name="Claines")
    page = client.get("/alerts/sign-up/").content.decode()
    first_option = re.search(
        r'<select[^>]*name="neighbourhood"[^>]*>\s*<option value="" selected>([^<]*)</option>', page
    )
    assert first_option is not None and first_option.group(1) == "Choose a neighbourhood"
    assert ">None</option>" not in page


@pytest.mark.django_db
def test_examples_come_from_the_forces_own_postcodes_and_neighbourhoods(
    client: Client, settings: Any
) -> None:
    nb = dyfed_powys(settings)
    Postcode.objects.create(postcode="SA311AA", latitude=51.86, longitude=-4.31, neighbourhood=nb)
    elsewhere = create_neighbourhood(force=create_force(), name="Aaa First By Name")
    Postcode.objects.create(postcode="WR38SP", latitude=52.2, longitude=-2.2, neighbourhood=elsewhere)

    page = client.get("/alerts/sign-up/").content.decode()
    assert "A full postcode, like SA31 1AA, or an address with its postcode" in page
    assert "like 51.86,-4.30" in page
    for example in WEST_MERCIA_EXAMPLES:
        assert example not in page

    form = SignupForm(data={"email": "a@example.com", "home": "the old vicarage", "consent": "on"})
    assert not form.is_valid()
    assert form.errors["home"] == ["Enter a postcode, like SA31 1AA, or an address with its postcode"]


@pytest.mark.django_db
def test_without_data_the_hints_are_generic(client: Client, settings: Any) -> None:
    settings.FORCE_ID = "a-force-with-nothing-imported"
    create_neighbourhood()  # another force's
    page = client.get("/alerts/sign-up/").content.decode()
    assert "For example, a full postcode, or an address with its postcode" in page
    assert "A full postcode, or a latitude and longitude separated by a comma<" in page
    for example in WEST_MERCIA_EXAMPLES:
        assert example not in page
    form = SignupForm(data={"email": "a@example.com", "home": "the old vicarage", "consent": "on"})
    assert not form.is_valid()
    assert form.errors["home"] == ["Enter a full postcode, or an address with its postcode"]
