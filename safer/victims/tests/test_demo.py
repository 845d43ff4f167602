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


@pytest.mark.django_db
def test_the_demo_victims_cover_every_state_are_labelled_and_are_rebuilt() -> None:
    from safer.accounts.models import Role
    from safer.testing import create_staff
    from safer.victims.demo import load_demo_victims
    from safer.victims.queries import due_for
    from safer.victims.records import Victim

    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), centre_lat=52.19, centre_lng=-2.22)
    load_synthetic_incidents(count=200)
    assert load_demo_victims() == "no demo victims (no demo PC account)"
    pc = create_staff(Role.PC, neighbourhoods=[nb], username="demo-pc")
    assert load_demo_victims() == "7 demo victims"
    victims = Victim.objects.all()
    assert all(v.is_demo for v in victims) and all(
        "(fictional)" in v.name for v in victims if not v.is_erased
    )
    states = {
        "consent given": victims.filter(consents__choice="given").exists(),
        "declined": victims.filter(consents__choice="declined").exists(),
        "enhanced": any(v.is_enhanced for v in victims),
        "erased": victims.filter(erased_at__isnull=False).exists(),
    }
    assert all(states.values()), states
    overdue = {e.kind for e in due_for(pc).overdue}
    assert {"referral", "decision"} <= overdue
    assert load_demo_victims() == "7 demo victims" and Victim.objects.count() == 7
