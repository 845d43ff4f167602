"""What "today" shows each role, the one-tap duty button, and the count in every staff header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import safer
from safer.accounts.models import AuditEvent, Role
from safer.alerts.models import Message, MessageStatus, Target
from safer.crime.models import ImportBatch
from safer.crime.today import expected_month
from safer.engagement.models import StationStatusChange
from safer.engagement.models.stations import StationStatus
from safer.lib.today import LIMIT
from safer.teams.models import Person
from safer.testing import (
    create_area,
    create_contact_message,
    create_correspondence,
    create_event,
    create_neighbourhood,
    create_person,
    create_priority,
    create_staff,
    create_station,
    sign_in,
)
from safer.today import views
from safer.today.providers import PROVIDERS
from safer.today.templatetags.today_tags import when

pytestmark = pytest.mark.django_db


def pcso_with_person(nb):  # type: ignore[no-untyped-def]
    user = create_staff(Role.PCSO, neighbourhoods=[nb])
    person = create_person(nb, user=user)
    return user, person


def page(user: User) -> str:
    client = sign_in(Client(), user)
    response = client.get(reverse("today:today"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_pcso_sees_the_messages_to_answer_with_their_words_and_a_link_to_reply() -> None:
    nb = create_neighbourhood(name="Malvern Link")
    user, _ = pcso_with_person(nb)
    message = create_contact_message(nb, body="The streetlight on Church Lane has been out for a week.")
    create_contact_message(create_neighbourhood(), body="Someone else's team entirely.")
    html = page(user)
    assert "The streetlight on Church Lane has been out for a week." in html
    assert message.reference in html
    assert reverse("contact:message", args=[message.pk]) in html
    assert "Someone else&#x27;s team" not in html


def test_a_pcso_sees_events_today_and_tomorrow_but_not_next_week() -> None:
    nb = create_neighbourhood()
    user, _ = pcso_with_person(nb)
    now = timezone.now()
    create_event(nb, title="Street surgery by the library", start=now + dt.timedelta(hours=1))
    create_event(nb, title="Beat meeting next week", start=now + dt.timedelta(days=6))
    html = page(user)
    assert "Street surgery by the library" in html
    assert "Beat meeting next week" not in html


def test_a_pcso_sees_the_station_status_they_set_and_when_it_lapses() -> None:
    nb = create_neighbourhood()
    user, _ = pcso_with_person(nb)
    now = timezone.now()
    mine = create_station(nb, name="Malvern Front Counter", status=StationStatus.OPEN, status_set_at=now)
    StationStatusChange.objects.create(station=mine, status=StationStatus.OPEN, by=user, at=now)
    theirs = create_station(nb, name="Upton Front Counter", status=StationStatus.OPEN, status_set_at=now)
    StationStatusChange.objects.create(station=theirs, status=StationStatus.OPEN, at=now)
    html = page(user)
    assert "Malvern Front Counter: Open now" in html and "Status lapses tomorrow at midnight" in html
    assert "Upton Front Counter" not in html


def test_one_tap_puts_a_pcso_on_duty_to_the_end_of_a_shift_and_another_takes_them_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TODAY_SHIFT_HOURS = 8
    nb = create_neighbourhood()
    user, person = pcso_with_person(nb)
    client = sign_in(Client(), user)
    assert "Go on duty until" in client.get(reverse("today:today")).content.decode()
    response = client.post(reverse("today:duty"), {"status": "on"})
    assert response["Location"] == reverse("today:today")
    person.refresh_from_db()
    hours = (person.duty_until - timezone.now()).total_seconds() / 3600
    assert person.on_duty and 8 <= hours <= 8.25 and person.duty_until.minute % 15 == 0
    assert AuditEvent.objects.filter(action="duty_status.changed", object_id=str(person.pk)).exists()
    assert "Go off duty" in client.get(reverse("today:today")).content.decode()
    client.post(reverse("today:duty"), {"status": "off"})
    person.refresh_from_db()
    assert not person.on_duty and person.duty_until is None


def test_the_duty_button_refuses_nonsense_and_an_account_with_no_person() -> None:
    nb = create_neighbourhood()
    user, person = pcso_with_person(nb)
    client = sign_in(Client(), user)
    client.post(reverse("today:duty"), {"status": "maybe"})
    person.refresh_from_db()
    assert not person.on_duty
    loner = sign_in(Client(), create_staff(Role.PC, neighbourhoods=[nb]))
    response = loner.post(reverse("today:duty"), {"status": "on"}, follow=True)
    assert "not linked to a person in a team" in response.content.decode()


def test_a_shift_never_ends_more_than_a_day_ahead(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TODAY_SHIFT_HOURS = 24
    now = timezone.now()
    assert views.shift_end(now) < now + dt.timedelta(hours=24)


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("10:45:00", "18:45"),
        ("10:45:30", "19:00"),  # on a quarter hour to the minute, but 30 s past it
        ("10:46:00", "19:00"),
        ("10:59:59.5", "19:00"),
    ],
)
def test_a_shift_ends_at_the_next_quarter_hour_never_before_a_full_shift(  # type: ignore[no-untyped-def]
    settings, clock: str, expected: str
) -> None:
    settings.TODAY_SHIFT_HOURS = 8
    now = timezone.make_aware(dt.datetime.fromisoformat(f"2026-06-10T{clock}"))
    end = views.shift_end(now)
    assert timezone.localtime(end).strftime("%H:%M") == expected
    assert end >= now + dt.timedelta(hours=8)


def test_a_sergeant_sees_approvals_overdue_replies_letters_and_reviews_in_their_teams() -> None:
    nb = create_neighbourhood()
    sergeant = create_staff(Role.SERGEANT, neighbourhoods=[nb])
    author = create_staff(Role.PCSO, neighbourhoods=[nb])
    alert = Message.objects.create(
        force=nb.force,
        title="Car crime on Elm Road",
        body="Lock your car.",
        kind="crime",
        target=Target.NEIGHBOURHOODS,
        author=author,
        status=MessageStatus.AWAITING_APPROVAL,
        needs_approval=True,
    )
    alert.neighbourhoods.add(nb)
    late = create_contact_message(
        nb, body="Still no reply about the dog.", received=timezone.now() - dt.timedelta(days=4)
    )
    create_contact_message(nb, body="Only just arrived.")
    create_correspondence(
        nb, subject="Letter from the MP", reply_due=timezone.localdate() - dt.timedelta(days=2)
    )
    create_priority(
        nb,
        issue="Anti-social behaviour in the park",
        issue_date=timezone.localdate() - dt.timedelta(days=120),
    )
    html = page(sergeant)
    assert "Car crime on Elm Road" in html and reverse("alerts:staff-message", args=[alert.pk]) in html
    assert "Still no reply about the dog." in html and late.reference in html
    assert "Only just arrived." not in html
    assert "Letter from the MP" in html
    assert "Anti-social behaviour in the park" in html


def test_an_inspector_sees_their_areas_work_and_a_place_for_the_charter() -> None:
    area = create_area()
    nb = create_neighbourhood(area=area)
    inspector = create_staff(Role.INSPECTOR, areas=[area])
    create_contact_message(nb, body="Overdue in the area.", received=timezone.now() - dt.timedelta(days=5))
    html = page(inspector)
    assert "Overdue in the area." in html
    assert "Charter promises that slipped this month" in html


def test_an_analyst_sees_which_crime_data_is_behind() -> None:
    analyst = create_staff(Role.ANALYST, scope_level="force")
    wanted = expected_month(timezone.localdate())
    ImportBatch.objects.create(kind="street", force="west-mercia", month=wanted, source="street.csv")
    html = page(analyst)
    assert "Outcomes: never imported" in html and "Stop and search: never imported" in html
    assert "Street-level crime: " not in html


def test_the_count_of_things_to_do_is_in_the_header_of_other_staff_pages() -> None:
    nb = create_neighbourhood()
    user, _ = pcso_with_person(nb)
    for _ in range(3):
        create_contact_message(nb)
    client = sign_in(Client(), user)
    html = client.get(reverse("contact:inbox")).content.decode()
    assert '<span class="sn-count">3<span class="govuk-visually-hidden"> to do</span></span>' in html


def test_a_section_lists_at_most_the_limit_and_says_how_many_there_are() -> None:
    nb = create_neighbourhood()
    user, _ = pcso_with_person(nb)
    for _ in range(LIMIT + 2):
        create_contact_message(nb)
    html = page(user)
    assert f"See all {LIMIT + 2}" in html
    assert html.count(">Reply<span") == LIMIT


def test_signing_in_links_the_account_to_the_person_with_its_work_email() -> None:
    nb = create_neighbourhood()
    person = create_person(nb, work_email="pat.one@force.example")
    user = create_staff(Role.PCSO, neighbourhoods=[nb])
    user.email = "Pat.One@force.example"
    user.save()
    sign_in(Client(), user)
    person.refresh_from_db()
    assert person.user == user
    assert Person.objects.filter(user=user).count() == 1


def test_every_apps_today_module_is_listed_as_a_provider() -> None:
    root = Path(safer.__file__).parent
    modules = {
        f"safer.{p.parent.name}.today.sections" for p in root.glob("*/today.py") if p.parent.name != "lib"
    }
    assert modules == set(PROVIDERS)


def test_due_times_read_as_people_say_them() -> None:
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    assert when(now + dt.timedelta(hours=6), now) == "today at 3pm"
    assert when(now + dt.timedelta(days=1, hours=3), now) == "tomorrow at midday"
    assert when(now + dt.timedelta(days=3), now) == "Thu 10 Dec at 9am"
    assert when(dt.date(2026, 11, 30), now) == "30 November 2026"


def test_a_pcso_logs_a_patrol_from_today_in_two_taps_and_an_analyst_is_not_offered_it() -> None:
    nb = create_neighbourhood()
    user, _ = pcso_with_person(nb)
    html = page(user)
    assert reverse("engagement:staff-patrols") in html and "Log a patrol" in html
    client = sign_in(Client(), user)
    assert client.get(reverse("engagement:staff-patrols")).status_code == 200
    analyst = create_staff(Role.ANALYST, neighbourhoods=[nb])
    assert reverse("engagement:staff-patrols") not in page(analyst)
