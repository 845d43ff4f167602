"""The demo's volunteers and groups: specials' and volunteers' hours for the demo people, a cadet
unit and a Mini Police unit with fictional children, an advisory group per area with meetings,
advice and actions, a custody visiting rota with visits and reports, ride-alongs, youth sessions and
meetings with community groups. Everything is fictional and labelled "(demo)"; it replaces the
demo's earlier rows, so it gives the same data however often it runs (dates move with today)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safer.accounts.scopes import CADET_LEADERS
from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import Person, Rank
from safer.volunteers.models import (
    Advice,
    AdvisoryAction,
    AdvisoryGroup,
    AdvisoryMeeting,
    AdvisoryMember,
    Cadet,
    CadetSession,
    CadetUnit,
    CustodySuite,
    CustodyVisit,
    CustodyVisitor,
    GroupContact,
    RideAlong,
    RotaSlot,
    SpecialDuty,
    SupportShift,
    YouthSession,
)

SEED = 20261207
DEMO = " (demo)"
GIVEN = [
    "Alex",
    "Sam",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Taylor",
    "Jamie",
    "Charlie",
    "Robin",
    "Frankie",
    "Ellis",
]
FAMILY = ["Ashdown", "Brookfield", "Carrow", "Dunmore", "Elsworth", "Fernley", "Glenmoor", "Hartwell"]


def _aware(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _clear() -> None:
    # Visits and the rota first: they protect the visitors they name.
    models: list[Any] = [CustodyVisit, RotaSlot, CustodyVisitor, CustodySuite, AdvisoryGroup, CadetUnit]
    models += [SpecialDuty, SupportShift, YouthSession, GroupContact, RideAlong]
    for model in models:
        model.objects.filter(is_demo=True).delete()


def _hours(rng: np.random.Generator, today: dt.date, neighbourhoods: list[Neighbourhood]) -> int:
    """About two months of duties: most specials near the 16-hour minimum, some well below it."""
    rows: list[SpecialDuty | SupportShift] = []
    people = Person.objects.filter(is_demo=True, rank__in=[Rank.SPECIAL, Rank.VOLUNTEER]).prefetch_related(
        "memberships"
    )
    for person in people:
        home = next((m.neighbourhood for m in person.memberships.all()), neighbourhoods[0])
        keen = rng.random() < 0.7
        for days_ago in range(0, 60, 4 if keen else 9):
            day = today - dt.timedelta(days=days_ago)
            hours = Decimal(str(rng.choice([2, 3, 4, 5, 6, 8])))
            if person.rank == Rank.SPECIAL:
                kind = str(rng.choice(SpecialDuty.DutyType.values, p=[0.4, 0.2, 0.15, 0.1, 0.1, 0.05]))
                rows.append(
                    SpecialDuty(
                        person=person, neighbourhood=home, date=day, duty_type=kind, hours=hours, is_demo=True
                    )
                )
            else:
                role = str(rng.choice(SupportShift.VolunteerRole.values[:4]))
                rows.append(
                    SupportShift(
                        person=person, neighbourhood=home, date=day, role=role, hours=hours, is_demo=True
                    )
                )
    SpecialDuty.objects.bulk_create([r for r in rows if isinstance(r, SpecialDuty)])
    SupportShift.objects.bulk_create([r for r in rows if isinstance(r, SupportShift)])
    return len(rows)


def _cadets(rng: np.random.Generator, today: dt.date, nb: Neighbourhood) -> int:
    # Every cadet leader account leads the demo units: the demo's own `demo-cadet-leader` (made by
    # the earlier accounts step, scoped to this neighbourhood) and any other.
    leaders = User.objects.filter(staff__role__in=CADET_LEADERS)
    made = 0
    for kind, name, ages in [
        (CadetUnit.Kind.CADETS, f"{nb.name} Volunteer Police Cadets{DEMO}", (13, 17)),
        (CadetUnit.Kind.MINI, f"{nb.name} Mini Police{DEMO}", (8, 10)),
    ]:
        unit = CadetUnit.objects.create(
            name=name, kind=kind, neighbourhood=nb, meeting_place=f"{nb.name} community hall", is_demo=True
        )
        unit.leaders.set(leaders)
        cadets = []
        for i in range(12 if kind == CadetUnit.Kind.CADETS else 8):
            age = int(rng.integers(ages[0], ages[1] + 1))
            dob = today.replace(year=today.year - age) - dt.timedelta(days=int(rng.integers(30, 300)))
            cadets.append(
                Cadet.objects.create(
                    unit=unit,
                    given_name=GIVEN[i % len(GIVEN)],
                    family_name=f"{FAMILY[(i * 3) % len(FAMILY)]}{DEMO}",
                    date_of_birth=dob,
                    joined_on=today - dt.timedelta(days=200),
                    carer_name=f"Parent of {GIVEN[i % len(GIVEN)]}{DEMO}",
                    carer_phone="+447700900" + f"{500 + i:03d}",
                    health_form_on=today - dt.timedelta(days=int(rng.integers(5, 90))),
                    is_demo=True,
                )
            )
        for week in range(10):
            day = today - dt.timedelta(days=7 * week + 2)
            volunteering = week % 4 == 1
            session = CadetSession.objects.create(
                unit=unit,
                date=day,
                kind=CadetSession.Kind.VOLUNTEERING if volunteering else CadetSession.Kind.MEETING,
                topic="Marshalling the town carnival"
                if volunteering
                else str(rng.choice(["First aid", "Drill", "Road safety", "Online safety"])),
                hours=Decimal("3") if volunteering else Decimal("2"),
                enrolled=len(cadets),
                is_demo=True,
            )
            session.present.set([c for c in cadets if rng.random() < 0.8])
        made += len(cadets)
    return made


def _advisory(rng: np.random.Generator, today: dt.date, areas: list[PolicingArea]) -> int:
    for area in areas:
        group = AdvisoryGroup.objects.create(
            name=f"{area.name} Independent Advisory Group{DEMO}",
            kind=AdvisoryGroup.Kind.GEOGRAPHIC,
            area=area,
            is_demo=True,
        )
        for i, name in enumerate(
            ["Priya Example", "Tom Example", "Grace Example", "Yusuf Example", "Mair Example"]
        ):
            AdvisoryMember.objects.create(
                group=group,
                name=f"{name}{DEMO}",
                declared_interests=[
                    "none",
                    "Trustee of a youth charity",
                    "Parish councillor",
                    "none",
                    "Works for the county council",
                ][i],
                confidentiality_signed_on=today - dt.timedelta(days=300),
                joined_on=today - dt.timedelta(days=300),
                is_demo=True,
            )
        for months_ago in (1, 3, 5):
            AdvisoryMeeting.objects.create(
                group=group,
                date=today - dt.timedelta(days=30 * months_ago + 3),
                members_present=int(rng.integers(4, 6)),
                notes="Stop and search figures reviewed; neighbourhood priorities discussed.",
                is_demo=True,
            )
        asked = _aware(today - dt.timedelta(days=20), 21)
        Advice.objects.create(
            group=group,
            kind=Advice.Kind.CRITICAL_INCIDENT,
            subject="Serious assault outside a town-centre bar",
            requested_at=asked,
            given_at=asked + dt.timedelta(hours=2),
            advice="Brief community leaders early; increase visible patrols for a week.",
            is_demo=True,
        )
        Advice.objects.create(
            group=group,
            kind=Advice.Kind.POLICY,
            subject="Body-worn video policy review",
            requested_at=_aware(today - dt.timedelta(days=60), 10),
            given_at=_aware(today - dt.timedelta(days=40), 10),
            advice="Tell people when the camera is switched on.",
            is_demo=True,
        )
        for i, (due, closed) in enumerate([(-40, -45), (-20, -15), (-5, None), (20, None)]):
            AdvisoryAction.objects.create(
                group=group,
                description=[
                    "Publish stop and search data by ward",
                    "Invite the group to a custody tour",
                    "Share the new hate crime leaflet",
                    "Report back on patrol changes",
                ][i],
                owner="Neighbourhood inspector",
                due_on=today + dt.timedelta(days=due),
                closed_on=None if closed is None else today + dt.timedelta(days=closed),
                outcome="" if closed is None else "Done.",
                is_demo=True,
            )
    return len(areas)


def _custody(rng: np.random.Generator, today: dt.date, areas: list[PolicingArea]) -> int:
    visits = 0
    monday = today - dt.timedelta(days=today.weekday())
    for area in areas:
        suite = CustodySuite.objects.create(name=f"{area.name} custody suite{DEMO}", area=area, is_demo=True)
        visitors = [
            CustodyVisitor.objects.create(
                name=f"Visitor {chr(65 + i)} {area.name}{DEMO}",
                area=area,
                vetted_on=today - dt.timedelta(days=400),
                is_demo=True,
            )
            for i in range(4)
        ]
        for week in range(1, 9):
            start = monday - dt.timedelta(days=7 * week)
            pair = rng.choice(4, size=2, replace=False)
            first, second = visitors[int(pair[0])], visitors[int(pair[1])]
            RotaSlot.objects.create(
                suite=suite, week_starting=start, first_visitor=first, second_visitor=second, is_demo=True
            )
            if rng.random() < 0.85:  # most weeks are kept
                arrived = _aware(start + dt.timedelta(days=int(rng.integers(0, 7))), int(rng.integers(9, 21)))
                held = int(rng.integers(3, 12))
                offered = held - int(rng.integers(0, 3))
                issues = str(
                    rng.choice(
                        [
                            "",
                            "",
                            "Cell 3 toilet blocked.",
                            "A detainee asked for a blanket and had not had one.",
                        ]
                    )
                )
                CustodyVisit.objects.create(
                    suite=suite,
                    first_visitor=first,
                    second_visitor=second,
                    arrived_at=arrived,
                    left_at=arrived + dt.timedelta(minutes=int(rng.integers(50, 120))),
                    detainees_in_custody=held,
                    detainees_offered=offered,
                    detainees_seen=offered - int(rng.integers(0, 2)),
                    conditions="Clean; temperature comfortable.",
                    issues_raised=issues,
                    response="Dealt with on the day by the custody sergeant." if issues and week > 1 else "",
                    responded_at=arrived + dt.timedelta(hours=30) if issues and week > 1 else None,
                    is_demo=True,
                )
                visits += 1
    return visits


def _engagement(
    rng: np.random.Generator, today: dt.date, neighbourhoods: list[Neighbourhood], areas: list[PolicingArea]
) -> None:
    for i, nb in enumerate(neighbourhoods):
        if i % 3 != 2:  # two thirds of teams reached young people this quarter
            YouthSession.objects.create(
                neighbourhood=nb,
                date=today - dt.timedelta(days=int(rng.integers(3, 80))),
                setting=str(rng.choice(["primary", "secondary", "club"])),
                organisation=f"{nb.name} school{DEMO}",
                topic=str(
                    rng.choice(["Online safety", "Knife crime", "Anti-social behaviour", "Road safety"])
                ),
                attendance=int(rng.integers(15, 120)),
                is_demo=True,
            )
        if i % 4 != 3:
            GroupContact.objects.create(
                neighbourhood=nb,
                date=today - dt.timedelta(days=int(rng.integers(3, 80))),
                kind=str(rng.choice(GroupContact.Kind.values)),
                group_name=f"{nb.name} residents' association{DEMO}",
                purpose="Introductions and local priorities",
                is_demo=True,
            )
    for i, area in enumerate(areas):
        nb = next((n for n in neighbourhoods if area in n.areas.all()), neighbourhoods[0])
        for j, status in enumerate(["completed", "completed", "booked", "vetting", "received"]):
            RideAlong.objects.create(
                reference=f"RA-DEMO{i}{j}",
                name=f"Applicant {i}{j}{DEMO}",
                email=f"applicant{i}{j}@example.org",
                phone="+447700900900",
                date_of_birth=dt.date(1985, 6, 1),
                area=area,
                reason="To see the job first-hand.",
                lives_in_force_area=True,
                has_convictions=False,
                restrictions_acknowledged_at=timezone.now(),
                status=status,
                neighbourhood=nb if status in ("completed", "booked") else None,
                booked_for=_aware(today + dt.timedelta(days=10), 14) if status == "booked" else None,
                completed_on=today - dt.timedelta(days=30 * (j + 1)) if status == "completed" else None,
                feedback="Eye-opening: I had no idea how much time goes on paperwork."
                if status == "completed"
                else "",
                rating=5 if status == "completed" else None,
                is_demo=True,
            )


def load_demo_volunteers() -> str:
    today = timezone.localdate()
    rng = np.random.default_rng(SEED)
    neighbourhoods = list(Neighbourhood.objects.order_by("name").prefetch_related("areas"))
    areas = list(PolicingArea.objects.current().order_by("name"))
    if not neighbourhoods or not areas:
        return "no neighbourhoods or areas to add volunteers to"
    with transaction.atomic():
        _clear()
        hours = _hours(rng, today, neighbourhoods)
        cadets = _cadets(rng, today, neighbourhoods[0])
        groups = _advisory(rng, today, areas)
        visits = _custody(rng, today, areas)
        _engagement(rng, today, neighbourhoods, areas)
    return f"{hours} volunteer duties, {cadets} cadets, {groups} advisory groups, {visits} custody visits"
