from __future__ import annotations

from typing import Any

import pytest

from safer.accounts.models import Role
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff
from safer.volunteers.demo import load_demo_volunteers
from safer.volunteers.models import (
    AdvisoryGroup,
    AdvisoryMeeting,
    Cadet,
    CadetUnit,
    CustodyVisit,
    RotaSlot,
    SpecialDuty,
)


def snapshot() -> dict[str, int]:
    models: list[Any] = [
        AdvisoryGroup,
        AdvisoryMeeting,
        Cadet,
        CadetUnit,
        CustodyVisit,
        RotaSlot,
        SpecialDuty,
    ]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_the_demo_has_an_iag_with_meetings_a_rota_cadets_and_specials_hours_and_is_rebuilt_not_added() -> (
    None
):
    nb = create_neighbourhood(area=create_area(name="North"))
    create_person(nb, rank=Rank.SPECIAL, is_demo=True)
    leader = create_staff(Role.CADET_LEADER, neighbourhoods=[nb])
    summary = load_demo_volunteers()
    first = snapshot()
    assert all(first.values()), first
    assert "cadets" in summary and "custody visits" in summary
    assert all(u.name.endswith("(demo)") for u in CadetUnit.objects.all())
    assert all(c.family_name.endswith("(demo)") for c in Cadet.objects.all())
    assert set(CadetUnit.objects.values_list("leaders", flat=True)) == {leader.pk}
    assert all(s.first_visitor_id != s.second_visitor_id for s in RotaSlot.objects.all())
    load_demo_volunteers()
    assert snapshot() == first
