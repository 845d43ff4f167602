"""Fictional officers for the demo teams, from a seeded generator: the same people on every run.

Each neighbourhood gets a named inspector (one per 4-6 neighbourhoods of an area), a sergeant (one
per 2-3), 1-3 PCs and 1-3 PCSOs, and sometimes a special constable or a volunteer. Email addresses
use the reserved `.invalid` domain and mobiles Ofcom's drama range (07700 900000-900999), so
nothing can ever reach a real person.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safer.demo.datafiles import NeighbourhoodRow, load_names, load_neighbourhoods
from safer.places.models import Neighbourhood
from safer.teams.models import Membership, Person, Rank

SEED = "safer-demo-people"
EMAIL_DOMAIN = "demo.invalid"
STALE_SHARE = 0.15  # about this share of people have details last verified more than 90 days ago
PERSON_FIELDS = [
    "given_name",
    "family_name",
    "rank",
    "collar_number",
    "work_mobile",
    "biography",
    "on_duty",
    "duty_until",
    "details_verified_on",
    "photo_alt",
]


@dataclass(frozen=True)
class PersonSpec:
    given_name: str
    family_name: str
    rank: str
    collar_number: str
    work_email: str
    work_mobile: str
    biography: str
    on_duty: bool
    duty_hours: int | None  # the duty status ends this many hours after the demo is built
    verified_days_ago: int
    neighbourhood_codes: tuple[str, ...]


def split(items: Sequence[str], lo: int, hi: int, rng: random.Random) -> list[list[str]]:
    """`items` cut, in order, into the fewest runs of lo..hi items (sizes shuffled)."""
    if not items:
        return []
    parts = max(1, math.ceil(len(items) / hi))
    sizes = [len(items) // parts + (1 if i < len(items) % parts else 0) for i in range(parts)]
    rng.shuffle(sizes)
    runs, start = [], 0
    for size in sizes:
        runs.append(list(items[start : start + size]))
        start += size
    return runs


BIOGRAPHIES = {
    Rank.INSPECTOR: "{given} leads the Safer Neighbourhood Teams for {places}. {given} joined the "
    "force in {joined} and chairs the local problem-solving and tasking meeting.",
    Rank.SERGEANT: "{given} supervises the teams for {places}, joined the force in {joined} and "
    "keeps the teams' priorities and contact details up to date.",
    Rank.PC: "{given} has policed {places} since {joined}, working on the team's priorities "
    "and problem-solving plans with local partners.",
    Rank.PCSO: "{given} has been a PCSO in {places} since {joined}. You will often see {given} "
    "on patrol, at school visits and at the team's drop-in sessions.",
    Rank.SPECIAL: "{given} volunteers as a special constable in {places} alongside a day job, "
    "and has served since {joined}.",
    Rank.VOLUNTEER: "{given} is a police support volunteer in {places}, helping with "
    "Community Speed Watch and the station front counter since {joined}.",
}
INTERESTS = [
    "Interests: rural crime and farm watch.",
    "Interests: road safety and Community Speed Watch.",
    "Interests: anti-social behaviour in the town centre.",
    "Interests: shop theft and the local business crime partnership.",
    "Interests: youth engagement and the cadets.",
    "Interests: burglary prevention and home security advice.",
    "Interests: heritage crime and Heritage Watch.",
    "Interests: fraud and scams affecting older residents.",
]


class _Names:
    """Unique full names (and so unique email addresses) drawn from the name lists."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.given, self.family = load_names()
        self.used: set[tuple[str, str]] = set()

    def next(self) -> tuple[str, str]:
        while True:
            name = (self.rng.choice(self.given), self.rng.choice(self.family))
            if name not in self.used:
                self.used.add(name)
                return name


def generate_people(rows: Sequence[NeighbourhoodRow] | None = None) -> list[PersonSpec]:
    """The demo's people, deterministic for a given set of neighbourhood rows."""
    rows = load_neighbourhoods() if rows is None else rows
    rng = random.Random(SEED)
    names = _Names(rng)
    by_name = {r.code: r.name for r in rows}
    # (rank, neighbourhood codes) for every post, inspectors and sergeants first.
    posts: list[tuple[str, list[str]]] = []
    areas: dict[str, list[str]] = {}
    for row in rows:
        areas.setdefault(row.old_area, []).append(row.code)
    for codes in areas.values():
        for inspector_group in split(codes, 4, 6, rng):
            posts.append((Rank.INSPECTOR, inspector_group))
            for sergeant_group in split(inspector_group, 2, 3, rng):
                posts.append((Rank.SERGEANT, sergeant_group))
    for row in rows:
        posts += [(Rank.PC, [row.code])] * rng.randint(1, 3)
        posts += [(Rank.PCSO, [row.code])] * rng.randint(1, 3)
        if rng.random() < 0.3:
            posts.append((Rank.SPECIAL, [row.code]))
        if rng.random() < 0.15:
            posts.append((Rank.VOLUNTEER, [row.code]))
    if len(posts) > 1000:
        raise ValueError("the drama range has only 1,000 mobile numbers")
    collars = iter(rng.sample(range(1000, 9999), len(posts)))
    mobiles = iter(rng.sample(range(1000), len(posts)))
    people = []
    for rank, codes in posts:
        given, family = names.next()
        places = _join([by_name[c] for c in codes])
        joined = rng.randint(2004, 2023)
        bio = BIOGRAPHIES[Rank(rank)].format(given=given, places=places, joined=joined)
        bio = f"{bio} {rng.choice(INTERESTS)}"
        on_duty = rng.random() < 0.5
        stale = rng.random() < STALE_SHARE
        collar, mobile = next(collars), next(mobiles)
        people.append(
            PersonSpec(
                given_name=given,
                family_name=family,
                rank=rank,
                collar_number="" if rank == Rank.VOLUNTEER else str(collar),
                work_email=f"{given}.{family}@{EMAIL_DOMAIN}".lower(),
                work_mobile="" if rank == Rank.VOLUNTEER else f"+447700{900000 + mobile}",
                biography=bio,
                on_duty=on_duty,
                duty_hours=rng.randint(1, 8) if on_duty else None,
                verified_days_ago=rng.randint(91, 240) if stale else rng.randint(0, 85),
                neighbourhood_codes=tuple(codes),
            )
        )
    return people


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@transaction.atomic
def save_people(specs: Sequence[PersonSpec], force_slug: str, now: dt.datetime | None = None) -> int:
    """Upsert the demo people (keyed by work email) and rebuild their memberships.

    Upserting rather than deleting keeps each person's id across runs, so rows other apps attach to
    demo people survive a rebuild. Demo people no longer generated are removed.
    """
    now = now or timezone.now()
    # Duty ends on a quarter hour, a whole number of hours after the build.
    base = now.replace(minute=(now.minute // 15) * 15, second=0, microsecond=0)
    today = timezone.localdate(now)
    existing = {p.work_email: p for p in Person.objects.filter(is_demo=True)}
    Person.objects.filter(is_demo=True).exclude(work_email__in=[s.work_email for s in specs]).delete()
    to_create: list[Person] = []
    to_update: list[Person] = []
    for spec in specs:
        values = {
            "given_name": spec.given_name,
            "family_name": spec.family_name,
            "rank": spec.rank,
            "collar_number": spec.collar_number,
            "work_mobile": spec.work_mobile,
            "biography": spec.biography,
            "on_duty": spec.on_duty,
            "duty_until": base + dt.timedelta(hours=spec.duty_hours) if spec.duty_hours else None,
            "details_verified_on": today - dt.timedelta(days=spec.verified_days_ago),
            "photo_alt": "",
        }
        person = existing.get(spec.work_email)
        if person is None:
            to_create.append(Person(is_demo=True, work_email=spec.work_email, **values))
        elif any(getattr(person, k) != v for k, v in values.items()):
            # Only rows that changed: bulk_update's CASE expressions are slow for hundreds of rows.
            for k, v in values.items():
                setattr(person, k, v)
            to_update.append(person)
    Person.objects.bulk_create(to_create)
    Person.objects.bulk_update(to_update, PERSON_FIELDS)
    people = {p.work_email: p for p in Person.objects.filter(is_demo=True)}
    neighbourhoods = dict(Neighbourhood.objects.filter(force__slug=force_slug).values_list("code", "pk"))
    Membership.objects.filter(person__is_demo=True).delete()
    Membership.objects.bulk_create(
        Membership(person=people[spec.work_email], neighbourhood_id=neighbourhoods[code], role=spec.rank)
        for spec in specs
        for code in spec.neighbourhood_codes
    )
    return len(specs)
