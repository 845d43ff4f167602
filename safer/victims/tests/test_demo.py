from __future__ import annotations

import pytest

from safer.crime.demo import load_synthetic_incidents
from safer.testing import create_neighbourhood
from safer.victims.demo import load_demo_victim_contacts
from safer.victims.models import RepeatVictimContact


@pytest.mark.django_db
def test_the_demo_contacts_sit_on_synthetic_repeats_and_are_rebuilt_not_added_again() -> None:
    create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), centre_lat=52.19, centre_lng=-2.22)
    load_synthetic_incidents(count=400)
    summary = load_demo_victim_contacts()
    first = set(RepeatVictimContact.objects.values_list("incident__reference", "method", "contacted_on"))
    assert first and summary == f"{len(first)} contacts with repeat victims"
    assert all(reference.startswith("SYN-") for reference, _, _ in first)
    load_demo_victim_contacts()
    again = set(RepeatVictimContact.objects.values_list("incident__reference", "method", "contacted_on"))
    assert again == first and RepeatVictimContact.objects.count() == len(first)
    load_synthetic_incidents(count=400)  # new incidents take the old contacts with them
    assert not RepeatVictimContact.objects.exists()
