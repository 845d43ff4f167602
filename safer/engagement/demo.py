"""The engagement part of the demo: events (engagement-vehicle visits going round every current
area's teams each week), stations and their A-board status, parish councils with agreements and
meetings, a survey per neighbourhood with answers and the concerns they raised, priorities and
correspondence.

Seeded, so every run gives the same data relative to the day it runs; it deletes its own rows
(`is_demo=True`, and what hangs off them) and makes them again, so running it twice leaves one copy.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from django.utils import timezone
from django.utils.text import slugify

from safer.engagement.models import (
    Answer,
    Concern,
    ConcernCategory,
    ConcernSource,
    Correspondence,
    CorrespondenceChannel,
    CouncilAgreement,
    CouncilMeeting,
    Event,
    EventKind,
    EventStatus,
    MeetingMode,
    OpeningHours,
    ParishCouncil,
    Priority,
    Question,
    QuestionKind,
    Station,
    StationStatus,
    StationStatusChange,
    Survey,
    SurveyResponse,
    UpdateFrequency,
    WriterKind,
)
from safer.places.lookups import current_force
from safer.places.models import Force, Neighbourhood, Parish, PolicingArea
from safer.teams.models import Membership, Person, Rank

SEED = 2026
VEHICLE_BLURB = (
    "Come and talk to your neighbourhood team, get crime-prevention advice "
    "and have your bike or tools marked."
)
STATION_TEAMS = [
    "HE01",
    "HE06",
    "HE07",
    "SH01",
    "SH06",
    "SH07",
    "TW01",
    "TW02",
    "NW01",
    "NW08",
    "NW12",
    "SW01",
    "SW07",
    "SW12",
]
ISSUES = {
    ConcernCategory.ASB_NUISANCE: (
        "Groups of young people causing a nuisance around {place} in the evenings.",
        "Extra evening patrols, a dispersal order at weekends and work with the youth service on a new "
        "Friday club.",
    ),
    ConcernCategory.SPEEDING: (
        "Speeding through {place}, especially at school times.",
        "Speed checks with the Community Speed Watch group and two enforcement days with the road "
        "policing unit.",
    ),
    ConcernCategory.DRUGS: (
        "Drug dealing reported near {place}.",
        "Warrants executed at two addresses and the area's lighting improved with the council.",
    ),
    ConcernCategory.ASB_ENVIRONMENTAL: (
        "Fly-tipping and graffiti in {place}.",
        "Joint patrols with council wardens, cameras at the worst spots and the graffiti cleared.",
    ),
    ConcernCategory.VEHICLE_CRIME: (
        "Thefts from cars parked in {place} overnight.",
        "Crime-prevention leaflets delivered to 300 homes and an arrest after a series of thefts.",
    ),
    ConcernCategory.RURAL_CRIME: (
        "Theft of equipment from farms around {place}.",
        "Farm Watch relaunched, property marking events held and patrols at night with the rural crime team.",
    ),
}
SUBJECTS = [
    "Parking outside the school",
    "Noise from a licensed venue",
    "Speeding on the main road",
    "Follow-up on a reported burglary",
    "Anti-social behaviour in the park",
    "Request for a PCSO visit",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _clear() -> None:
    # Children go with their parents (cascade); concerns from demo surveys go with the responses.
    for model in (Event, Station, ParishCouncil, Survey, Concern, Priority, Correspondence):
        model.objects.filter(is_demo=True).delete()


def _teams() -> dict[int, list[Person]]:
    people: dict[int, list[Person]] = defaultdict(list)
    for m in (
        Membership.objects.select_related("person")
        .filter(role__in=[Rank.PC, Rank.PCSO, Rank.SERGEANT])
        .order_by("pk")
    ):
        people[m.neighbourhood_id].append(m.person)
    return people


def _publish(event: Event, now: dt.datetime, notice_days: float) -> None:
    published = min(event.start - dt.timedelta(days=notice_days), now - dt.timedelta(hours=2))
    event.status = EventStatus.PUBLISHED
    event.published_at = published
    event.notice_days = round((event.start - published).total_seconds() / 86400, 2)


def _events(rng: random.Random, force: Force, teams: dict[int, list[Person]], now: dt.datetime) -> int:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    made: list[tuple[Event, list[Person]]] = []
    areas = PolicingArea.objects.current(today).filter(force=force).order_by("slug")
    for area in areas:
        nbs = list(area.neighbourhoods.order_by("code"))
        if not nbs:
            continue
        turn = 0
        # The vehicle goes round the area's teams in turn, at least twice a week and often enough
        # that every team has had it within ten weeks (so each one's notice can be measured).
        per_week = max(2, math.ceil(len(nbs) / 10))
        for week in range(-14, 7):
            for _ in range(per_week):
                nb = nbs[turn % len(nbs)]
                turn += 1
                day = monday + dt.timedelta(weeks=week, days=rng.randrange(6))
                hour = rng.choice([9, 10, 11, 13])
                event = Event(
                    neighbourhood=nb,
                    kind=EventKind.VEHICLE,
                    is_demo=True,
                    title=f"Engagement vehicle in {nb.name}",
                    description=VEHICLE_BLURB,
                    address=f"Market Square, {nb.name}",
                    latitude=nb.centre_lat,
                    longitude=nb.centre_lng,
                    start=_at(day, hour),
                    end=_at(day, hour + 3),
                )
                # Most visits are advertised two or three weeks ahead; about one in seven at short notice.
                _publish(event, now, rng.uniform(2, 5) if rng.random() < 0.14 else rng.uniform(8, 21))
                if event.end < now:
                    event.attendance = rng.randrange(4, 40)
                    event.issues_raised = rng.choice(
                        ["Parking near the school", "Speeding", "Nuisance motorbikes", ""]
                    )
                made.append((event, rng.sample(teams.get(nb.pk, []), k=min(2, len(teams.get(nb.pk, []))))))
    for nb in Neighbourhood.objects.filter(force=force).order_by("code"):
        first = monday - dt.timedelta(weeks=8) + dt.timedelta(days=1 + rng.randrange(3))
        meeting = Event(
            neighbourhood=nb,
            kind=EventKind.BEAT_MEETING,
            is_demo=True,
            title=f"{nb.name} beat meeting",
            description="Hear what the team has been doing and raise the issues that matter to you.",
            address=f"{nb.name} Community Centre",
            start=_at(first, 19),
            end=_at(first, 20, 30),
            rrule="FREQ=MONTHLY;COUNT=6",
        )
        _publish(meeting, now, 30)
        made.append((meeting, teams.get(nb.pk, [])[:1]))
        if nb.code == "SW01":
            surgery_day = monday - dt.timedelta(weeks=3) + dt.timedelta(days=5)
            surgery = Event(
                neighbourhood=nb,
                kind=EventKind.SURGERY,
                is_demo=True,
                title="Saturday beat surgery",
                address="Crowngate Shopping Centre, Worcester",
                start=_at(surgery_day, 10),
                end=_at(surgery_day, 12),
                rrule="FREQ=WEEKLY;COUNT=12",
            )
            _publish(surgery, now, 14)
            cancelled_day = today + dt.timedelta(days=9)
            drop_in = Event(
                neighbourhood=nb,
                kind=EventKind.DROP_IN,
                is_demo=True,
                title="Cathedral Square drop-in",
                address="Cathedral Square, Worcester",
                start=_at(cancelled_day, 11),
                end=_at(cancelled_day, 13),
                cancelled_at=now,
                cancellation_reason="The square is closed for resurfacing.",
                cancellation_notice="Demo data: no alert was sent",
            )
            _publish(drop_in, now, 20)
            drop_in.status = EventStatus.CANCELLED
            made += [(surgery, teams.get(nb.pk, [])[:2]), (drop_in, [])]
    Event.objects.bulk_create([e for e, _ in made])
    links = [Event.attendees.through(event_id=e.pk, person_id=p.pk) for e, people in made for p in people]
    Event.attendees.through.objects.bulk_create(links, ignore_conflicts=True)
    return len(made)


def _stations(rng: random.Random, force: Force, now: dt.datetime) -> int:
    nbs = {n.code: n for n in Neighbourhood.objects.filter(force=force, code__in=STATION_TEAMS)}
    count = 0
    for code in STATION_TEAMS:
        nb = nbs.get(code)
        if nb is None:
            continue
        town = nb.name.replace(" City Centre", "").replace(" Town Centre", "")
        status = rng.choice([StationStatus.OPEN, StationStatus.AVAILABLE_UNTIL, StationStatus.CLOSED])
        set_at = now - dt.timedelta(hours=rng.randrange(1, 30))
        station = Station.objects.create(
            force=force,
            neighbourhood=nb,
            slug=slugify(f"{town} police station"),
            name=f"{town} Police Station",
            address=f"Police Station, {town}",
            latitude=nb.centre_lat,
            longitude=nb.centre_lng,
            has_front_counter=rng.random() < 0.7,
            status=status,
            is_demo=True,
            available_until=dt.time(16, 0) if status == StationStatus.AVAILABLE_UNTIL else None,
            status_set_at=set_at,
        )
        hours = [
            OpeningHours(station=station, weekday=d, opens=dt.time(9), closes=dt.time(17)) for d in range(5)
        ]
        if rng.random() < 0.5:
            hours.append(OpeningHours(station=station, weekday=5, opens=dt.time(9), closes=dt.time(13)))
        OpeningHours.objects.bulk_create(hours)
        StationStatusChange.objects.create(
            station=station,
            status=station.status,
            available_until=station.available_until,
            at=set_at,
        )
        count += 1
    return count


def _councils(rng: random.Random, force: Force, teams: dict[int, list[Person]], today: dt.date) -> int:
    parishes = Parish.objects.filter(
        neighbourhood__force=force, kind__in=[Parish.Kind.PARISH, Parish.Kind.TOWN]
    ).order_by("ons_code")
    meetings: list[tuple[CouncilMeeting, list[Person]]] = []
    count = 0
    for parish in parishes:
        kind = "Town Council" if parish.kind == Parish.Kind.TOWN else "Parish Council"
        council = ParishCouncil.objects.create(
            parish=parish,
            name=f"{parish.name} {kind}",
            clerk_name="The Clerk",
            is_demo=True,
            clerk_email=f"clerk@{slugify(parish.name)}-council.demo.invalid",
            clerk_telephone="01632 960000",
        )
        count += 1
        if rng.random() < 0.85:
            CouncilAgreement.objects.create(
                council=council,
                agreed_on=today - dt.timedelta(days=rng.randrange(120, 700)),
                updates="A written update on priorities, events and crime before each quarterly meeting.",
                frequency=UpdateFrequency.QUARTERLY,
                meetings_per_quarter=1,
            )
        for quarter in range(5):
            if rng.random() < 0.75:
                day = today - dt.timedelta(days=quarter * 91 + rng.randrange(5, 80))
                people = teams.get(parish.neighbourhood_id, [])[:1]
                mode = MeetingMode.ONLINE if rng.random() < 0.3 else MeetingMode.IN_PERSON
                meetings.append((CouncilMeeting(council=council, date=day, mode=mode), people))
    CouncilMeeting.objects.bulk_create([m for m, _ in meetings])
    CouncilMeeting.attended_by.through.objects.bulk_create(
        [
            CouncilMeeting.attended_by.through(councilmeeting_id=m.pk, person_id=p.pk)
            for m, ps in meetings
            for p in ps
        ]
    )
    return count


def _surveys(rng: random.Random, force: Force, now: dt.datetime, today: dt.date) -> int:
    categories = [c for c in ConcernCategory.values if c != ConcernCategory.OTHER]
    nbs = list(Neighbourhood.objects.filter(force=force).prefetch_related("parishes").order_by("code"))
    surveys = Survey.objects.bulk_create(
        [
            Survey(
                neighbourhood=nb,
                slug=f"{nb.slug}-priorities-{today.year}",
                title=f"Policing priorities in {nb.name}",
                introduction="Tell us what worries you most where you live, so we can focus on it.",
                is_demo=True,
                opens_on=today - dt.timedelta(days=90),
                closes_on=today + dt.timedelta(days=60),
            )
            for nb in nbs
        ]
    )
    questions: list[Question] = []
    for s in surveys:
        questions += [
            Question(
                survey=s,
                order=1,
                kind=QuestionKind.CONCERN,
                text="What concerns you most in your area?",
                hint="Choose all that apply.",
                required=True,
            ),
            Question(
                survey=s,
                order=2,
                kind=QuestionKind.SCALE,
                text="How safe do you feel walking alone after dark?",
                scale_min=1,
                scale_max=5,
                scale_low_label="very unsafe",
                scale_high_label="very safe",
            ),
            Question(
                survey=s,
                order=3,
                kind=QuestionKind.CHOICE,
                text="How often do you see police on foot patrol?",
                choices=["At least once a week", "At least once a month", "Less often", "Never"],
            ),
            Question(
                survey=s, order=4, kind=QuestionKind.TEXT, text="Is there anything else you want to tell us?"
            ),
        ]
    Question.objects.bulk_create(questions)
    by_survey = defaultdict(list)
    for q in questions:
        by_survey[q.survey_id].append(q)
    responses: list[tuple[SurveyResponse, list[str], int, str]] = []
    for s, nb in zip(surveys, nbs, strict=True):
        parishes = list(nb.parishes.all())
        for _ in range(rng.randrange(0, 9)):
            parish = rng.choice(parishes) if parishes else None
            chosen = rng.sample(categories, k=rng.randrange(1, 3))
            when = now - dt.timedelta(days=rng.uniform(0, 85))
            answer = rng.choice(["At least once a week", "At least once a month", "Less often", "Never"])
            responses.append(
                (
                    SurveyResponse(survey=s, parish=parish, submitted_at=when),
                    chosen,
                    rng.randrange(1, 6),
                    answer,
                )
            )
    SurveyResponse.objects.bulk_create([r for r, *_ in responses])
    answers: list[Answer] = []
    concerns: list[Concern] = []
    for response, chosen, scale, seen in responses:
        concern_q, scale_q, choice_q, _ = by_survey[response.survey_id]
        answers += [Answer(response=response, question=concern_q, choice=c) for c in chosen]
        answers += [
            Answer(response=response, question=scale_q, scale=scale),
            Answer(response=response, question=choice_q, choice=seen),
        ]
        concerns += [
            Concern(
                neighbourhood_id=response.survey.neighbourhood_id,
                parish=response.parish,
                category=c,
                source=ConcernSource.SURVEY,
                recorded_at=response.submitted_at,
                response=response,
            )
            for c in chosen
        ]
    # Concerns raised at drop-ins and meetings, in most parishes over the last year.
    for nb in nbs:
        for parish in nb.parishes.all():
            if rng.random() < 0.6:
                concerns.append(
                    Concern(
                        neighbourhood=nb,
                        parish=parish,
                        category=rng.choice(categories),
                        is_demo=True,
                        source=rng.choice(
                            [ConcernSource.DROP_IN, ConcernSource.MEETING, ConcernSource.MESSAGE]
                        ),
                        recorded_at=now - dt.timedelta(days=rng.uniform(1, 330)),
                    )
                )
    Answer.objects.bulk_create(answers)
    Concern.objects.bulk_create(concerns)
    return len(responses)


def _priorities_and_letters(rng: random.Random, force: Force, today: dt.date) -> tuple[int, int]:
    priorities: list[Priority] = []
    letters: list[Correspondence] = []
    for nb in Neighbourhood.objects.filter(force=force).order_by("code"):
        fresh = rng.random() < 0.82
        for i, category in enumerate(rng.sample(list(ISSUES), k=2)):
            issue, action = ISSUES[category]
            set_on = today - dt.timedelta(
                days=rng.randrange(10, 80) if fresh and i == 0 else rng.randrange(100, 200)
            )
            acted = rng.random() < 0.7
            priorities.append(
                Priority(
                    neighbourhood=nb,
                    issue=issue.format(place=nb.name),
                    issue_date=set_on,
                    is_demo=True,
                    action=action if acted else "",
                    action_date=set_on + dt.timedelta(days=rng.randrange(5, 9)) if acted else None,
                    is_published=True,
                    published_at=_at(set_on, 12),
                )
            )
        for n in range(3):
            # The first letter's reply date has always passed, so every team's timeliness is measured.
            received = today - dt.timedelta(days=rng.randrange(30, 80) if n == 0 else rng.randrange(3, 80))
            due = received + dt.timedelta(days=rng.choice([10, 14, 20]))
            roll = rng.random()
            replied = None
            if due < today or roll < 0.5:
                replied = (
                    (received + dt.timedelta(days=rng.randrange(1, (due - received).days + 1)))
                    if roll < 0.88
                    else due + dt.timedelta(days=rng.randrange(1, 6))
                )
                replied = min(replied, today)
                if roll >= 0.95:
                    replied = None
            kind = rng.choice(list(WriterKind))
            letters.append(
                Correspondence(
                    neighbourhood=nb,
                    writer_kind=kind,
                    writer_name="A. Writer" if kind != WriterKind.MP else "The MP's office",
                    writer_from=nb.name,
                    channel=rng.choice(list(CorrespondenceChannel)),
                    received_on=received,
                    subject=rng.choice(SUBJECTS),
                    reply_due=due,
                    replied_on=replied,
                    is_demo=True,
                    reply_summary="Replied with the action taken and the officer's contact details."
                    if replied
                    else "",
                )
            )
    Priority.objects.bulk_create(priorities)
    Correspondence.objects.bulk_create(letters)
    return len(priorities), len(letters)


def load_demo_engagement() -> str:
    force = current_force()
    if force is None:
        return "no force: skipped"
    rng = random.Random(SEED)
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate()
    _clear()
    teams = _teams()
    events = _events(rng, force, teams, now)
    stations = _stations(rng, force, now)
    councils = _councils(rng, force, teams, today)
    responses = _surveys(rng, force, now, today)
    priorities, letters = _priorities_and_letters(rng, force, today)
    return (
        f"{events} events, {stations} stations, {councils} councils, {responses} survey responses, "
        f"{priorities} priorities, {letters} letters"
    )
