"""The staff pages: empty states, pagination, validation that changes nothing, the specials' monthly
minimum, the advisory action log, custody reports and their response, and ride-along handling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.teams.models import Rank
from safer.testing import create_area, create_neighbourhood, create_person, create_staff, sign_in
from safer.volunteers.models import AdvisoryAction, CustodyVisit, RideAlong, RotaSlot, SpecialDuty
from safer.volunteers.tests.factories import (
    create_action,
    create_group,
    create_ride_along,
    create_suite,
    create_visit,
    create_visitor,
)

TODAY = timezone.localdate()


@pytest.fixture
def team(db: None) -> dict[str, Any]:
    area = create_area()
    nb = create_neighbourhood(area=area, name="Alpha")
    return {"area": area, "nb": nb, "sergeant": create_staff(Role.SERGEANT, neighbourhoods=[nb])}


def test_empty_lists_say_so_and_full_ones_page_25_at_a_time(client: Client, team: dict) -> None:
    sign_in(client, team["sergeant"])
    for name, sentence in [
        ("volunteers:specials", "No hours have been recorded for special constables"),
        ("volunteers:support", "No hours have been recorded for police support volunteers"),
        ("volunteers:youth", "No youth engagement sessions have been recorded"),
        ("volunteers:groups", "No meetings with community groups have been recorded"),
        ("volunteers:advisory", "No advisory groups have been set up"),
        ("volunteers:ride-alongs", "No ride-along applications yet."),
    ]:
        assert sentence in client.get(reverse(name)).content.decode(), name
    special = create_person(team["nb"], rank=Rank.SPECIAL, given_name="Robin", family_name="Special")
    SpecialDuty.objects.bulk_create(
        SpecialDuty(
            person=special,
            neighbourhood=team["nb"],
            date=TODAY - dt.timedelta(days=i),
            duty_type="patrol",
            hours=1,
        )
        for i in range(30)
    )
    first = client.get(reverse("volunteers:specials")).content.decode()
    assert "1 to 25 of 30" in first and 'aria-label="Page 2"' in first
    assert "26 to 30 of 30" in client.get(reverse("volunteers:specials") + "?page=2").content.decode()


def test_the_specials_page_flags_those_below_the_monthly_minimum(
    client: Client, team: dict, settings: Any
) -> None:
    settings.SPECIALS_MONTHLY_MINIMUM_HOURS = 16
    busy = create_person(team["nb"], rank=Rank.SPECIAL, given_name="Busy", family_name="Bee")
    quiet = create_person(team["nb"], rank=Rank.SPECIAL, given_name="Quiet", family_name="Mouse")
    first = TODAY.replace(day=1)
    SpecialDuty.objects.create(
        person=busy, neighbourhood=team["nb"], date=first, duty_type="patrol", hours=Decimal("10")
    )
    SpecialDuty.objects.create(
        person=busy, neighbourhood=team["nb"], date=first, duty_type="event", hours=Decimal("6")
    )
    SpecialDuty.objects.create(
        person=quiet, neighbourhood=team["nb"], date=first, duty_type="training", hours=Decimal("3")
    )
    page = sign_in(client, team["sergeant"]).get(reverse("volunteers:specials")).content.decode()
    assert "<strong>1 of 2</strong> is below that" in page
    quiet_row = page[page.index("Quiet Mouse") : page.index("Busy Bee")]  # lowest hours first
    assert "Training: 3<" in quiet_row and "Below 16 hours" in quiet_row
    busy_row = page[page.index("Busy Bee") :]
    assert "Neighbourhood patrol: 10<" in busy_row and "Reached" in busy_row.split("</tr>")[0]


def test_bad_hours_are_refused_with_clear_messages_and_nothing_saved(client: Client, team: dict) -> None:
    special = create_person(team["nb"], rank=Rank.SPECIAL)
    pcso = create_person(team["nb"], rank=Rank.PCSO)
    sign_in(client, team["sergeant"])
    url = reverse("volunteers:specials-add")
    base = {"person": special.pk, "neighbourhood": team["nb"].pk, "duty_type": "patrol", "hours": "4"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"hours": "30"}, "less than or equal to 24"),
        ({"hours": "abc"}, "Enter a number"),
        ({"date": (TODAY + dt.timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"person": pcso.pk}, "Select a valid choice"),  # not a special constable
    ]
    for changes, message in cases:
        response = client.post(url, {**base, "date": TODAY.isoformat(), **changes})
        assert response.status_code == 400 and message in response.content.decode(), changes
        assert "There is a problem" in response.content.decode()
    assert not SpecialDuty.objects.exists()
    assert client.post(url, {**base, "date": TODAY.isoformat()}).status_code == 302
    duty = SpecialDuty.objects.get()
    assert duty.recorded_by == team["sergeant"]
    assert AuditEvent.objects.filter(action="volunteers.specialduty.created", object_id=str(duty.pk)).exists()


def test_an_advisory_action_is_closed_once_and_shown_on_time_or_late(client: Client, team: dict) -> None:
    group = create_group(team["area"], name="Alpha IAG")
    action = create_action(group, due_on=TODAY - dt.timedelta(days=3))
    sign_in(client, create_staff(Role.INSPECTOR, neighbourhoods=[team["nb"]]))
    page = client.get(reverse("volunteers:advisory-group", args=[group.pk])).content.decode()
    assert "Overdue" in page
    close = reverse("volunteers:advisory-action-close", args=[action.pk])
    bad = client.post(close, {f"a{action.pk}-closed_on": "", f"a{action.pk}-outcome": ""})
    assert bad.status_code == 400 and AdvisoryAction.objects.get().closed_on is None
    client.post(
        close, {f"a{action.pk}-closed_on": TODAY.isoformat(), f"a{action.pk}-outcome": "Briefing shared"}
    )
    assert AdvisoryAction.objects.get().closed_on == TODAY
    assert "Closed late" in client.get(reverse("volunteers:advisory-group", args=[group.pk])).content.decode()
    client.post(
        close,
        {f"a{action.pk}-closed_on": (TODAY - dt.timedelta(days=9)).isoformat(), f"a{action.pk}-outcome": "x"},
    )
    assert AdvisoryAction.objects.get().closed_on == TODAY  # closing again changes nothing


def test_advice_and_members_are_validated(client: Client, team: dict) -> None:
    group = create_group(team["area"])
    sign_in(client, team["sergeant"])
    advice = client.post(
        reverse("volunteers:advisory-advice-add", args=[group.pk]),
        {
            "kind": "critical",
            "subject": "Incident",
            "requested_at": "2026-03-02T10:00",
            "given_at": "2026-03-01T10:00",
        },
    )
    assert advice.status_code == 400 and "before it was asked for" in advice.content.decode()
    member = client.post(
        reverse("volunteers:advisory-member-add", args=[group.pk]), {"name": "Jo", "joined_on": TODAY}
    )
    assert member.status_code == 400 and "declared interests" in member.content.decode()
    assert not group.advice.exists() and not group.members.exists()


def test_custody_visits_go_in_pairs_and_the_inspector_answers_their_issues(
    client: Client, team: dict
) -> None:
    suite = create_suite(team["area"], name="Example Custody")
    a, b = create_visitor(team["area"]), create_visitor(team["area"])
    inspector = create_staff(Role.INSPECTOR, neighbourhoods=[team["nb"]])
    sign_in(client, inspector)
    tuesday = TODAY - dt.timedelta(days=TODAY.weekday() - 1 if TODAY.weekday() >= 1 else 6)
    rota = client.post(
        reverse("volunteers:custody-rota-add"),
        {
            "suite": suite.pk,
            "week_starting": tuesday.isoformat(),
            "first_visitor": a.pk,
            "second_visitor": a.pk,
        },
    )
    text = rota.content.decode()
    assert (
        rota.status_code == 400 and "Enter a Monday" in text and "choose a second, different visitor" in text
    )
    assert not RotaSlot.objects.exists()
    now = timezone.localtime()
    report = {
        "suite": suite.pk, "first_visitor": a.pk, "second_visitor": b.pk,
        "arrived_at": (now - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "left_at": (now - dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "admission_delay_minutes": "20",
        "detainees_in_custody": "3", "detainees_offered": "4", "detainees_seen": "5",
    }  # fmt: skip
    text = client.post(reverse("volunteers:custody-visit-add"), report).content.decode()
    for message in (
        "must be after the time you arrived",
        "More detainees were offered",
        "A delay must be explained",
    ):
        assert message in text
    assert not CustodyVisit.objects.exists()
    visit = create_visit(suite)
    page = reverse("volunteers:custody-visit", args=[visit.pk])
    assert "Cell 4 had no blanket." in client.get(page).content.decode()
    assert client.post(page, {"response": ""}).status_code == 400
    client.post(page, {"response": "Blankets restocked the same day."})
    visit.refresh_from_db()
    assert visit.responded_by == inspector and visit.response_time is not None
    assert "Blankets restocked" in client.get(page).content.decode()


def test_a_ride_along_moves_through_vetting_and_booking_to_feedback(client: Client, team: dict) -> None:
    ride = create_ride_along(team["area"])
    sign_in(client, team["sergeant"])
    move = reverse("volunteers:ride-along-move", args=[ride.pk])
    assert client.post(move, {"status": "completed"}).status_code == 400  # not a next step from received
    assert client.post(move, {"status": "vetting"}).status_code == 302
    assert client.post(move, {"status": "refused"}).status_code == 400  # a refusal needs its reason
    client.post(move, {"status": "approved"})
    booked = client.post(move, {"status": "booked"})
    assert (
        "Choose the team" in booked.content.decode()
        and "Enter when the shift starts" in booked.content.decode()
    )
    later = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(move, {"status": "booked", "neighbourhood": team["nb"].pk, "booked_for": later})
    client.post(
        move,
        {"status": "completed", "completed_on": TODAY.isoformat(), "feedback": "Eye-opening.", "rating": "5"},
    )
    ride.refresh_from_db()
    assert (ride.status, ride.neighbourhood, ride.rating, ride.feedback) == (
        RideAlong.Status.COMPLETED, team["nb"], 5, "Eye-opening.",
    )  # fmt: skip
    assert list(
        AuditEvent.objects.filter(action="volunteers.ride_along.moved")
        .order_by("pk")
        .values_list("changes__status", flat=True)
    ) == [["received", "vetting"], ["vetting", "approved"], ["approved", "booked"], ["booked", "completed"]]
