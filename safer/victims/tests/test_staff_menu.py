"""The back-office menu leads each role to the victims page it may open, and no further."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from safer.accounts.models import Role
from safer.testing import create_neighbourhood, create_staff, sign_in


@pytest.mark.django_db
def test_the_victim_service_finds_repeat_victims_in_its_menu(client: Client) -> None:
    user = create_staff(Role.VICTIM_SERVICE, neighbourhoods=[create_neighbourhood()])
    page = sign_in(client, user).get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("victims:repeats")}"' in page
    assert f'href="{reverse("crime:overview")}"' not in page
    assert sign_in(client, user).get(reverse("victims:repeats")).status_code == 200


@pytest.mark.django_db
def test_a_contact_centre_account_is_offered_neither(client: Client) -> None:
    user = create_staff(Role.CONTACT_CENTRE, neighbourhoods=[create_neighbourhood()])
    page = sign_in(client, user).get(reverse("accounts:home")).content.decode()
    assert reverse("victims:repeats") not in page


@pytest.mark.django_db
def test_officers_find_victim_records_and_the_dpo_finds_the_log_in_the_menu(client: Client) -> None:
    nb = create_neighbourhood()
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    page = sign_in(client, pc).get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("victims:records")}"' in page and reverse("victims:log") not in page
    dpo = create_staff(Role.DATA_PROTECTION_OFFICER, neighbourhoods=[nb])
    page = sign_in(client, dpo).get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("victims:log")}"' in page and f'href="{reverse("victims:records")}"' not in page
