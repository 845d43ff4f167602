"""Community's part of "today": road-safety staff see the Speed Watch sessions whose letters are
still to send, with the 15-day limit; the neighbourhood team sees requests to start a scheme; other
roles and other teams see neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.community.models import Letter, LetterStatus, Reading, RequestStatus, SchemeRequest
from safer.community.tests.helpers import csw_world
from safer.community.today import sections
from safer.testing import create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


def reading(session, speed: int, minute: int) -> Reading:  # type: ignore[no-untyped-def]
    return Reading.objects.create(
        session=session,
        registration=f"AB12CD{minute}",
        speed_mph=speed,
        seen_at=dt.time(8, minute),
        direction="N",
    )


def test_road_safety_sees_letters_due_and_the_team_sees_scheme_requests_and_nobody_else() -> None:
    nb, other = create_neighbourhood(), create_neighbourhood()
    session, _ = csw_world(nb)
    session.date = timezone.localdate() - dt.timedelta(days=16)
    session.save()
    reading(session, 45, 1)  # over the 30 mph threshold (35), no letter yet
    reading(session, 31, 2)  # under: owes nothing
    Letter.objects.create(reading=reading(session, 50, 3), registration="AB12CD3")
    Letter.objects.create(
        reading=reading(session, 50, 4), registration="AB12CD4", status=LetterStatus.NO_KEEPER
    )
    request = SchemeRequest.objects.create(
        neighbourhood=nb,
        name="Ash Grove Watch",
        type="street",
        postcode="WR12AB",
        reason="Thefts",
        contact_name="Sam Private",
        contact_email="sam@example.com",
        status=RequestStatus.WAITING,
    )

    road_safety = create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb])
    (letters,) = sections(road_safety, timezone.now())
    assert letters.total == 1 and letters.items[0].title.endswith(": 2 letters")
    assert letters.items[0].overdue and letters.items[0].when == session.date + dt.timedelta(days=15)
    assert sign_in(Client(), road_safety).get(letters.items[0].url).status_code == 200
    assert sections(road_safety, timezone.now(), counting=True)[0].total == 1

    pcso = create_staff(Role.PCSO, neighbourhoods=[nb])
    (requests,) = sections(pcso, timezone.now())
    assert [i.title for i in requests.items] == [f"Ash Grove Watch, {nb.name}"]
    assert "Sam Private" not in str(requests.items)
    assert requests.items[0].url.endswith(f"/{request.pk}/")
    assert sign_in(Client(), pcso).get(requests.items[0].url).status_code == 200

    assert sections(create_staff(Role.ROAD_SAFETY, neighbourhoods=[other]), timezone.now())[0].total == 0
    assert sections(create_staff(Role.PCSO, neighbourhoods=[other]), timezone.now())[0].total == 0
    assert sections(create_staff(Role.VOLUNTEER, neighbourhoods=[nb]), timezone.now()) == []
    assert sections(create_staff(Role.COORDINATOR, neighbourhoods=[nb]), timezone.now()) == []
