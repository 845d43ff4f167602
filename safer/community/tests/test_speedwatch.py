"""West Mercia's rules for Speed Watch: groups of 6 trained volunteers aged 18 to 80, sessions of at
least 3 in daylight hours and at most 2 hours, sites approved only when safe; readings keyed by
the id made where they were written, so a resend from the phone or a double post stores one."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import Role
from safer.community.actions import speedwatch as actions
from safer.community.models import GroupStatus, Reading, SiteStatus
from safer.community.tests.helpers import create_csw_group, create_site, csw_world
from safer.testing import create_neighbourhood, create_staff, sign_in


def _reading(**overrides: str) -> dict[str, str]:
    item = {
        "client_id": str(uuid.uuid4()),
        "registration": "ab12 cde",
        "speed": "41",
        "direction": "N",
        "time": "08:00",
    }
    item.update(overrides)
    return item


@pytest.mark.django_db
def test_a_resent_queue_stores_each_reading_once_and_bad_ones_are_named(client: Client) -> None:
    session, (volunteer, *_) = csw_world(create_neighbourhood())
    good, bad = _reading(), _reading(speed="fast")
    sign_in(client, volunteer)
    url = reverse("community:csw-sync", args=[session.pk])
    for _ in range(2):
        answer = client.post(
            url, json.dumps({"readings": [good, bad]}), content_type="application/json"
        ).json()
        assert answer["stored"] == [good["client_id"]]
        assert "speed 'fast'" in answer["errors"][bad["client_id"]][0]
    assert Reading.objects.count() == 1 and Reading.objects.get().registration == "AB12CDE"
    assert client.post(url, "not json", content_type="application/json").status_code == 400


@pytest.mark.django_db
def test_the_form_without_javascript_posted_twice_stores_one_reading(client: Client) -> None:
    session, (volunteer, *_) = csw_world(create_neighbourhood())
    sign_in(client, volunteer)
    data = {**_reading(), "speed": "38"}
    for _ in range(2):
        assert client.post(reverse("community:csw-record", args=[session.pk]), data).status_code == 302
    assert Reading.objects.count() == 1


@pytest.mark.django_db
def test_readings_wait_for_three_volunteers_and_only_booked_volunteers_record() -> None:
    nb = create_neighbourhood()
    session, (a, b, c) = csw_world(nb)
    session.volunteers.remove(c)
    with pytest.raises(ValidationError, match="At least 3 volunteers"):
        actions.record_readings(a, session, [_reading()])
    session.volunteers.add(c)
    outsider = create_staff(Role.VOLUNTEER, neighbourhoods=[nb])
    with pytest.raises(PermissionDenied):
        actions.record_readings(outsider, session, [_reading()])


@pytest.mark.django_db
def test_a_group_starts_only_with_six_trained_volunteers_and_an_approved_site() -> None:
    nb = create_neighbourhood()
    people = [create_staff(Role.VOLUNTEER, neighbourhoods=[nb]) for _ in range(5)]
    group = create_csw_group(nb, volunteers=people, status=GroupStatus.SETTING_UP)
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    with pytest.raises(ValidationError, match="at least 6 trained volunteers"):
        actions.set_group_status(sergeant, group, GroupStatus.ACTIVE)
    actions.add_volunteer(
        sergeant, group, create_staff(Role.VOLUNTEER), dt.date(1970, 1, 1), dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="approved site"):
        actions.set_group_status(sergeant, group, GroupStatus.ACTIVE)
    create_site(group)
    actions.set_group_status(sergeant, group, GroupStatus.ACTIVE)
    with pytest.raises(ValidationError, match="aged 18 to 80"):
        actions.add_volunteer(sergeant, group, create_staff(Role.VOLUNTEER), dt.date(1940, 1, 1), None)
    with pytest.raises(ValidationError, match="volunteer role"):
        actions.add_volunteer(sergeant, group, create_staff(Role.PCSO), dt.date(1970, 1, 1), None)


@pytest.mark.django_db
def test_sessions_are_booked_in_daylight_hours_for_two_hours_at_most() -> None:
    nb = create_neighbourhood()
    session, (volunteer, *_) = csw_world(nb)
    site = session.site
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="between 7am and 10pm"):
        actions.book_session(volunteer, site, tomorrow, dt.time(6, 0), dt.time(7, 30))
    with pytest.raises(ValidationError, match="two hours at most"):
        actions.book_session(volunteer, site, tomorrow, dt.time(9, 0), dt.time(11, 30))
    booked = actions.book_session(volunteer, site, tomorrow, dt.time(9, 0), dt.time(11, 0))
    assert list(booked.volunteers.all()) == [volunteer]


@pytest.mark.django_db
def test_a_site_is_approved_only_with_sight_lines_and_a_safe_place_and_only_by_road_safety() -> None:
    nb = create_neighbourhood()
    site = create_site(create_csw_group(nb), status=SiteStatus.PROPOSED)
    officer = create_staff(Role.ROAD_SAFETY, neighbourhoods=[nb])
    with pytest.raises(ValidationError, match="safe place"):
        actions.check_site(officer, site, sight_lines_ok=True, safe_place_ok=False, notes="", approve=True)
    with pytest.raises(PermissionDenied):
        actions.check_site(
            create_staff(Role.SERGEANT, neighbourhoods=[nb]),
            site,
            sight_lines_ok=True,
            safe_place_ok=True,
            notes="",
            approve=True,
        )
    actions.check_site(
        officer, site, sight_lines_ok=True, safe_place_ok=True, notes="Wide verge", approve=True
    )
    site.refresh_from_db()
    assert site.status == SiteStatus.APPROVED and site.checked_by == officer


@pytest.mark.django_db
def test_a_parish_council_asks_for_speed_watch(client: Client) -> None:
    from safer.community.models import SpeedWatchGroup
    from safer.places.models import Postcode

    nb = create_neighbourhood()
    Postcode.objects.create(postcode="WR74AA", latitude=52.2, longitude=-2.1, neighbourhood=nb)
    data = {
        "council_name": "Crowle Parish Council",
        "clerk_name": "A Clerk",
        "clerk_email": "clerk@example.org",
        "roads": "Main Road",
        "concern": "Speeding by the school",
        "postcode": "WR7 4AA",
    }
    assert client.post(reverse("community:csw-request"), data).status_code == 200
    group = SpeedWatchGroup.objects.get()
    assert group.neighbourhood == nb and group.status == GroupStatus.REQUESTED
