"""The scorecard's part of the demo (runs after every other step): the records the charter measures
count — training imported per officer, duty with abstractions, named hot spots, key places and schools
with patrols logged there, tags on events, a social media log, the standard survey questions with
answers and the population by age and sex, front-counter tallies, ASB leads and plans, repeat
offenders, OCG disruptions, town centres and analysis runs — then twelve months of stored scorecards.

All fictional and labelled ("Demo"); seeded, so each run gives the same data relative to its day; it
deletes its own rows (is_demo=True) first, so running it twice leaves one copy. The stored months are
measured from today's records and marked so (they stand in for a year of daily snapshots).
"""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.db import connection
from django.utils import timezone

from safer.charter.loader import charters_for_force
from safer.charter.models import ScorecardSnapshot
from safer.charter.snapshots import month_ends_before, take_snapshots
from safer.contact.models import FrontCounterTally
from safer.crime.records import (
    AnalysisKind,
    AnalysisRun,
    AsbActionPlan,
    AsbLead,
    DisruptionKind,
    ManagedOffender,
    OcgDisruption,
    TownCentre,
)
from safer.engagement.models import (
    Answer,
    Event,
    EventTag,
    KeyPlace,
    KeyPlaceKind,
    ParishCouncil,
    PatrolLog,
    PopulationGroup,
    Priority,
    PrioritySource,
    SocialPost,
    StandardQuestion,
    Survey,
    SurveyResponse,
)
from safer.engagement.standard_questions import STANDARD, add_standard_questions
from safer.places.lookups import current_force
from safer.places.models import Neighbourhood, PolicingArea
from safer.teams.models import (
    AbstractionReason,
    Course,
    DutyKind,
    DutySpell,
    Membership,
    Rank,
    TrainingRecord,
)

SEED = 1414
DAYS = 100
SURVEY_KEYS: list[str] = [
    StandardQuestion.CONFIDENCE,
    StandardQuestion.SEEN_OR_HEARD,
    StandardQuestion.FOOT_PATROL,
    StandardQuestion.EXPERIENCED_ASB,
]
# How likely each demo respondent is to give each answer (the standard choices, in order).
ANSWER_WEIGHTS: dict[str, list[int]] = {
    StandardQuestion.CONFIDENCE: [20, 40, 15, 10, 8, 7],
    StandardQuestion.SEEN_OR_HEARD: [55, 40, 5],
    StandardQuestion.FOOT_PATROL: [5, 22, 25, 25, 18, 5],
    StandardQuestion.EXPERIENCED_ASB: [33, 62, 5],
}
AGE_SHARES = {"16-34": 0.3, "35-54": 0.33, "55+": 0.37}


def _clear() -> None:
    for model in (
        TrainingRecord,
        DutySpell,
        KeyPlace,
        SocialPost,
        FrontCounterTally,
        AsbLead,
        AsbActionPlan,
        ManagedOffender,
        OcgDisruption,
        TownCentre,
        AnalysisRun,
    ):
        model.objects.filter(is_demo=True).delete()  # type: ignore[attr-defined]
    PopulationGroup.objects.filter(source="Demo: fictional split").delete()


def _training_and_duty(rng: random.Random, today: dt.date) -> tuple[int, int]:
    members = {
        m.person_id: m.person
        for m in Membership.objects.select_related("person").filter(
            role__in=[Rank.INSPECTOR, Rank.SERGEANT, Rank.PC, Rank.PCSO]
        )
    }
    records, spells = [], []
    tz = timezone.get_current_timezone()
    for person in members.values():
        for course in Course.values:
            if rng.random() < 0.88:
                done = today - dt.timedelta(days=rng.randint(30, 900))
                expires = done + dt.timedelta(days=3 * 365) if course != Course.NPP else None
                records.append(
                    TrainingRecord(
                        person=person, course=course, completed_on=done, expires_on=expires, is_demo=True
                    )
                )
        if person.rank not in (Rank.PC, Rank.PCSO):
            continue
        for back in range(DAYS, 0, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() >= 5 or rng.random() < 0.15:
                continue
            start = dt.datetime.combine(day, dt.time(8), tzinfo=tz)
            roll = rng.random()
            kind = (
                DutyKind.COMMUNITY if roll < 0.58 else DutyKind.STATION if roll < 0.9 else DutyKind.ABSTRACTED
            )
            reason = rng.choice(AbstractionReason.values) if kind == DutyKind.ABSTRACTED else ""
            spells.append(
                DutySpell(
                    person=person,
                    kind=kind,
                    reason=reason,
                    started_at=start,
                    ended_at=start + dt.timedelta(hours=8),
                    is_demo=True,
                )
            )
    TrainingRecord.objects.bulk_create(records, batch_size=2000)
    DutySpell.objects.bulk_create(spells, batch_size=2000)
    return len(records), len(spells)


def _places_and_patrols(rng: random.Random, nbs: list[Neighbourhood], today: dt.date) -> int:
    tz = timezone.get_current_timezone()
    logs = []
    for nb in nbs:
        places = [
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.HOT_SPOT,
                name=f"Demo hot spot: {nb.name} bus station",
                listed_on=today - dt.timedelta(days=400),
                is_demo=True,
            ),
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.HOT_SPOT,
                name=f"Demo hot spot: {nb.name} park",
                listed_on=today - dt.timedelta(days=200),
                is_demo=True,
            ),
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.KEY_PLACE,
                name=f"Demo key place: {nb.name} high street",
                listed_on=today - dt.timedelta(days=400),
                is_demo=True,
            ),
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.KEY_PLACE,
                name=f"Demo key place: {nb.name} community centre",
                listed_on=today - dt.timedelta(days=400),
                is_demo=True,
            ),
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.SCHOOL,
                name=f"Demo school: {nb.name} primary",
                listed_on=today - dt.timedelta(days=400),
                is_demo=True,
            ),
            KeyPlace.objects.create(
                neighbourhood=nb,
                kind=KeyPlaceKind.SCHOOL,
                name=f"Demo school: {nb.name} academy",
                listed_on=today - dt.timedelta(days=400),
                is_demo=True,
            ),
        ]
        for back in range(DAYS * 3, 0, -1):
            if rng.random() < 0.35:
                place = rng.choice(places)
                day = today - dt.timedelta(days=back)
                if not place.is_listed(day):
                    continue
                start = dt.datetime.combine(day, dt.time(rng.randint(9, 20)), tzinfo=tz)
                logs.append(
                    PatrolLog(
                        place=place,
                        started_at=start,
                        minutes=rng.choice([15, 30, 30, 45, 60]),
                        logged_at=start,
                        is_demo=True,
                    )
                )
    PatrolLog.objects.bulk_create(logs, batch_size=2000)
    return len(logs)


def _engagement(rng: random.Random, nbs: list[Neighbourhood], today: dt.date) -> int:
    # Tags on the demo events: some public events were with seldom-heard groups.
    for event in Event.objects.filter(is_demo=True).order_by("pk"):
        if rng.random() < 0.25:
            event.tags = [EventTag.SELDOM_HEARD]
            event.save(update_fields=["tags"])
    for priority in Priority.objects.filter(is_demo=True).order_by("pk"):
        priority.source = rng.choice(
            [PrioritySource.SURVEY, PrioritySource.MEETING, PrioritySource.CONCERN, PrioritySource.POLICE]
        )
        priority.save(update_fields=["source"])
    posts = []
    for nb in nbs:
        for back in range(0, 400, 1):
            if rng.random() < 0.07:
                posts.append(
                    SocialPost(
                        neighbourhood=nb,
                        platform=rng.choice(["facebook", "x", "nextdoor"]),
                        posted_on=today - dt.timedelta(days=back),
                        summary="Demo: an update from the team",
                        is_demo=True,
                    )
                )
        people = nb.population or 8000
        for age, share in AGE_SHARES.items():
            for sex in ("female", "male"):
                PopulationGroup.objects.update_or_create(
                    neighbourhood=nb,
                    age_band=age,
                    sex=sex,
                    defaults={"people": round(people * share / 2), "source": "Demo: fictional split"},
                )
    SocialPost.objects.bulk_create(posts, batch_size=2000)
    answers = 0
    for survey in Survey.objects.filter(is_demo=True):
        questions = {q.standard: q for q in add_standard_questions(survey, SURVEY_KEYS)}
        rows = []
        for response in SurveyResponse.objects.filter(survey=survey):
            response.age_band = rng.choices(list(AGE_SHARES), weights=[0.22, 0.33, 0.45])[0]
            response.sex = rng.choice(["female", "male"])
            response.save(update_fields=["age_band", "sex"])
            for key, question in questions.items():
                choice = rng.choices(STANDARD[key].choices, weights=ANSWER_WEIGHTS[key])[0]
                rows.append(Answer(response=response, question=question, choice=choice))
        Answer.objects.bulk_create(rows, batch_size=2000)
        answers += len(rows)
    return answers


def _council_survey(rng: random.Random, today: dt.date) -> int:
    """The Commissioner's annual council survey, answered by most parish and town councils."""
    by_nb: dict[int, list[ParishCouncil]] = {}
    for council in ParishCouncil.objects.filter(is_demo=True).select_related("parish"):
        by_nb.setdefault(council.parish.neighbourhood_id, []).append(council)
    keys: list[str] = [StandardQuestion.COUNCIL_VISIBILITY, StandardQuestion.COUNCIL_CONTACTED]
    weights: dict[str, list[int]] = {keys[0]: [15, 35, 25, 15, 5, 5], keys[1]: [70, 25, 5]}
    answered = 0
    for nb_id, councils in sorted(by_nb.items()):
        survey = Survey.objects.create(
            neighbourhood_id=nb_id,
            slug=f"demo-council-survey-{nb_id}",
            title="Demo: annual council survey",
            opens_on=today - dt.timedelta(days=90),
            closes_on=today - dt.timedelta(days=60),
            is_demo=True,
        )
        questions = add_standard_questions(survey, keys, start_order=1)
        for council in councils:
            if rng.random() < 0.8:
                response = SurveyResponse.objects.create(
                    survey=survey,
                    parish=council.parish,
                    submitted_at=timezone.now() - dt.timedelta(days=rng.randint(61, 89)),
                )
                for q in questions:
                    choice = rng.choices(STANDARD[q.standard].choices, weights=weights[q.standard])[0]
                    Answer.objects.create(response=response, question=q, choice=choice)
                answered += 1
    return answered


def _contact_and_crime(rng: random.Random, nbs: list[Neighbourhood], today: dt.date) -> None:
    tallies, leads, plans, offenders, disruptions = [], [], [], [], []
    for nb in nbs:
        for back in range(1, DAYS * 4):
            day = today - dt.timedelta(days=back)
            if day.weekday() < 5:
                tallies.append(
                    FrontCounterTally(neighbourhood=nb, date=day, enquiries=rng.randint(0, 6), is_demo=True)
                )
        team = list(
            Membership.objects.filter(neighbourhood=nb, role__in=[Rank.SERGEANT, Rank.PC]).select_related(
                "person"
            )
        )
        if team and rng.random() < 0.9:
            leads.append(
                AsbLead(
                    neighbourhood=nb,
                    person=rng.choice(team).person,
                    named_on=today - dt.timedelta(days=rng.randint(30, 700)),
                    is_demo=True,
                )
            )
        if rng.random() < 0.8:
            published = today - dt.timedelta(days=rng.randint(20, 500))
            reviewed = (
                published + dt.timedelta(days=180) if published < today - dt.timedelta(days=200) else None
            )
            plans.append(
                AsbActionPlan(
                    neighbourhood=nb,
                    title=f"Demo: ASB action plan for {nb.name}",
                    summary="Fictional plan for the demo.",
                    published_on=published,
                    reviewed_on=reviewed,
                    is_demo=True,
                )
            )
        for i in range(rng.randint(0, 4)):
            has_plan = rng.random() < 0.85
            offenders.append(
                ManagedOffender(
                    neighbourhood=nb,
                    reference=f"DEMO-{nb.pk}-{i}",
                    flagged_on=today - dt.timedelta(days=rng.randint(30, 600)),
                    plan_from=today - dt.timedelta(days=20) if has_plan else None,
                    is_demo=True,
                )
            )
        for _ in range(rng.randint(0, 3)):
            disruptions.append(
                OcgDisruption(
                    neighbourhood=nb,
                    date=today - dt.timedelta(days=rng.randint(1, 400)),
                    kind=rng.choice(DisruptionKind.values),
                    is_demo=True,
                )
            )
        if nb.centre_lat is not None and nb.centre_lng is not None and rng.random() < 0.3:
            TownCentre.objects.create(
                neighbourhood=nb,
                name=f"{nb.name} town centre (demo)",
                slug=f"demo-{nb.slug}"[:80],
                latitude=nb.centre_lat,
                longitude=nb.centre_lng,
                radius_m=800,
                is_demo=True,
            )
    FrontCounterTally.objects.bulk_create(tallies, batch_size=2000)
    AsbLead.objects.bulk_create(leads)
    AsbActionPlan.objects.bulk_create(plans)
    ManagedOffender.objects.bulk_create(offenders)
    OcgDisruption.objects.bulk_create(disruptions)
    now = timezone.now()
    for area in PolicingArea.objects.current(today):
        for kind in AnalysisKind.values:
            AnalysisRun.objects.create(
                area=area, kind=kind, run_at=now - dt.timedelta(days=rng.randint(1, 25)), is_demo=True
            )


def load_demo_scorecard() -> str:
    force = current_force()
    if force is None:
        return "no force: skipped"
    rng = random.Random(SEED)
    today = timezone.localdate()
    _clear()
    nbs = list(Neighbourhood.objects.filter(force=force).order_by("pk"))
    records, spells = _training_and_duty(rng, today)
    patrols = _places_and_patrols(rng, nbs, today)
    answers = _engagement(rng, nbs, today)
    councils = _council_survey(rng, today)
    _contact_and_crime(rng, nbs, today)
    ScorecardSnapshot.objects.all().delete()
    if connection.vendor == "postgresql":
        # The rows above are new in this transaction: without fresh statistics PostgreSQL plans the
        # measures as if the tables were empty (the duty sums took ten times as long).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    stored = 0
    for charter in charters_for_force(force.slug):
        for on in month_ends_before(today, settings.DEMO_SCORECARD_MONTHS - 1):
            stored += take_snapshots(charter, on, ("force", "area"), late=True)
        stored += take_snapshots(charter, today, ("force", "area"))
    return (
        f"{records} training records, {spells} duty spells, {patrols} patrols, {answers} survey answers, "
        f"{councils} councils answering the annual survey, "
        f"{stored} stored scorecard rows"
    )
