"""The contact part of the demo: confirmed messages from fictional residents to a spread of teams
over the last eight weeks, so the inbox has something in it and `contact.answered_in_time` has a
value at the force, in each area and for the teams that received them.

Most are answered within the CONTACT_REPLY_HOURS deadline, some late; two are still open within
their deadline and one is past it and escalated to the sergeant. Residents write from addresses on
the reserved `demo.invalid` domain or from Ofcom's drama numbers (07700 900xxx), so nothing can ever
reach a real person.

Rows are written directly, with the same fields `actions.confirm`, `actions.reply` and
`escalation.escalate` set, rather than through those functions: they would queue acknowledgements,
replies and sergeants' emails through whatever EMAIL_URL/SMS_URL say, and building the demo must
send nothing. Seeded, so every run gives the same messages relative to the moment it runs; it
deletes its own rows first, so running it twice leaves one copy.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safer.contact.models import (
    REFERENCE_ALPHABET,
    ContactMessage,
    Reply,
    ReplyChannel,
    SendStatus,
    Status,
)
from safer.places.lookups import current_force
from safer.places.models import Force, Neighbourhood

SEED = 72
DEMO_DOMAIN = "demo.invalid"
# Ofcom's drama range is 07700 900000 to 900999; the demo's residents use this slice of it.
DEMO_MOBILES = [f"+447700900{n:03d}" for n in range(700, 800)]
# Worcester City Centre: the demo PCSO's, PC's and sergeant's team, so their inboxes show the lot.
HOME_TEAM = "SW01"
TEAMS_PER_PREFIX = 2  # per old area (HE, SH, TW, NW, SW), so every area, old and new, has some
WEEKS = 8
REFERENCES = 200  # more than the demo ever makes (11 teams, at most 5 each, and 3 more)

GIVEN = ["Alex", "Priya", "Tom", "Grace", "Sam", "Jo", "Owen", "Ruth", "Imran", "Kate", "Dev", "Megan"]
FAMILY = ["Hartley", "Singh", "Baker", "Evans", "Morgan", "Price", "Hughes", "Lloyd", "Khan", "Davies"]
BODIES = [
    "Cars are parking on the pavement outside the primary school every morning and parents with"
    " buggies have to walk in the road. Could someone have a look at drop-off time?",
    "A group of young people has been gathering by the play area late in the evening and leaving"
    " litter and broken glass. It has been going on for about three weeks.",
    "Vehicles are speeding along our road, especially after 10pm. Is there any chance of a Community"
    " Speed Watch session here?",
    "Someone has been trying car door handles along our street at night. Nothing taken from ours, but"
    " a neighbour lost a bag from an unlocked car. What should we be doing?",
    "I would like to start a Neighbourhood Watch for our close. Who do I speak to and what help is"
    " there to get it going?",
    "There is an abandoned van that has not moved for six weeks and now has a flat tyre. Is this"
    " something you deal with or the council?",
    "Thank you for coming to the drop-in at the library last month. When is the next one? My mother"
    " wanted to ask about doorstep callers.",
    "Off-road bikes are being ridden across the playing fields on Sunday afternoons and people walking"
    " dogs have had to jump out of the way.",
    "Several sheds on our allotments were broken into at the weekend and tools taken. Have other"
    " allotments in the area had the same?",
    "Drug dealing seems to be happening from a car that parks by the shops most evenings. I can give"
    " the registration if that helps.",
]
REPLIES = [
    "Thank you for getting in touch. We have added your road to our patrol plan for the next four"
    " weeks and passed the details to the council. We will let you know what we find.",
    "Thank you for your message. An officer from the team will call in during the week and we have"
    " shared crime-prevention advice on our Neighbourhood Matters page.",
    "Thanks for letting us know. This is now on our list for the next beat meeting, and we have"
    " asked the council's team to look at it too.",
    "Thank you for writing to us. We have spoken to the partner agencies involved and will be at the"
    " next drop-in if you would like to talk it through.",
]


@dataclass(frozen=True)
class Plan:
    """One demo message: how long ago the team received it and what became of it."""

    team: Neighbourhood
    hours_ago: float
    reply_after: float | None = None  # hours from receipt to the first reply; None: not answered
    escalated_after: float | None = None  # hours after the deadline it was escalated


def _references(rng: random.Random, count: int) -> list[str]:
    """Seeded references in the app's own format, so they are the same on every run."""
    refs: list[str] = []
    while len(refs) < count:
        chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        ref = f"SN-{chars[:4]}-{chars[4:]}"
        if ref not in refs:
            refs.append(ref)
    return refs


def _teams(force: Force, rng: random.Random) -> list[Neighbourhood]:
    teams = list(Neighbourhood.objects.filter(force=force).order_by("code"))
    chosen = [t for t in teams if t.code == HOME_TEAM]
    for prefix in sorted({t.code[:2] for t in teams}):
        others = [t for t in teams if t.code[:2] == prefix and t.code != HOME_TEAM]
        chosen += rng.sample(others, min(TEAMS_PER_PREFIX, len(others)))
    return chosen


def _plans(teams: list[Neighbourhood], rng: random.Random, hours: int) -> list[Plan]:
    plans: list[Plan] = []
    for t, team in enumerate(teams):
        for i in range(rng.randint(3, 5)):
            # Received between a week and eight weeks ago, so every answer is already in.
            ago = rng.uniform(7 * 24, WEEKS * 7 * 24)
            # Every sixth message, offset by team, is answered after the deadline; the rest well
            # within it.
            late = (t + i) % 6 == 5
            after = rng.uniform(hours + 2, hours + 50) if late else rng.uniform(1, hours - 4)
            plans.append(Plan(team, ago, reply_after=after))
    home = teams[0]
    plans.append(Plan(home, hours_ago=5))  # still open, well within its deadline
    plans.append(Plan(teams[len(teams) // 2], hours_ago=hours - 20))  # still open, due tomorrow
    plans.append(Plan(home, hours_ago=hours + 40, escalated_after=0.2))  # missed and escalated
    return plans


def _clear(force: Force) -> None:
    refs = _references(random.Random(SEED), REFERENCES)
    ContactMessage.objects.filter(neighbourhood__force=force).filter(
        Q(email__endswith=f"@{DEMO_DOMAIN}")
        | Q(mobile__in=DEMO_MOBILES)
        # A demo message the resident withdrew in the demo has lost its address but keeps its
        # seeded reference, which the next build would otherwise collide with.
        | Q(reference__in=refs)
    ).delete()


def _team_users(team: Neighbourhood) -> list[int]:
    """Staff accounts of the team's officers (the demo accounts, in the home team)."""
    return sorted(
        uid
        for uid in team.memberships.filter(person__user__isnull=False).values_list("person__user", flat=True)
        if uid is not None
    )


@transaction.atomic
def load_demo_contact() -> str:
    force = current_force()
    if force is None or not Neighbourhood.objects.filter(force=force).exists():
        return "no neighbourhoods: skipped"
    _clear(force)
    rng = random.Random(SEED)
    hours = settings.CONTACT_REPLY_HOURS
    teams = _teams(force, rng)
    plans = _plans(teams, random.Random(SEED + 1), hours)
    # The references have a generator of their own, so _clear can always recompute them.
    refs = _references(random.Random(SEED), REFERENCES)[: len(plans)]
    now = timezone.now()
    users = {t.pk: _team_users(t) for t in teams}
    messages: list[ContactMessage] = []
    replies: list[tuple[int, Reply]] = []
    for n, (plan, ref) in enumerate(zip(plans, refs, strict=True)):
        received = now - dt.timedelta(hours=plan.hours_ago)
        due = received + dt.timedelta(hours=hours)
        by_text = n % 3 == 2
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        message = ContactMessage(
            neighbourhood=plan.team,
            reference=ref,
            status=Status.OPEN,
            name="" if n % 5 == 4 else f"{given} {family}",
            channel=ReplyChannel.SMS if by_text else ReplyChannel.EMAIL,
            email="" if by_text else f"{given}.{family}{n}@{DEMO_DOMAIN}".lower(),
            mobile=DEMO_MOBILES[n % len(DEMO_MOBILES)] if by_text else "",
            body=rng.choice(BODIES),
            created_at=received - dt.timedelta(minutes=rng.randint(2, 40)),
            confirmed_at=received,
            due_at=due,
        )
        team_users = users[plan.team.pk]
        author = team_users[n % len(team_users)] if team_users else None
        if author is not None:
            message.assigned_to_id = author
            message.assigned_at = received + dt.timedelta(hours=rng.uniform(0.5, 6))
        if plan.escalated_after is not None:
            message.escalated_at = due + dt.timedelta(hours=plan.escalated_after)
        if plan.reply_after is not None:
            replied = received + dt.timedelta(hours=plan.reply_after)
            message.status = Status.ANSWERED
            message.first_replied_at = replied
            replies.append(
                (
                    n,
                    Reply(
                        author_id=author,
                        body=rng.choice(REPLIES),
                        created_at=replied,
                        send_status=SendStatus.SENT,
                        sent_at=replied + dt.timedelta(minutes=1),
                    ),
                )
            )
        messages.append(message)
    ContactMessage.objects.bulk_create(messages)
    # bulk_create does not return ids on every backend: look them up by the seeded references.
    ids = dict(ContactMessage.objects.filter(reference__in=refs).values_list("reference", "pk"))
    for n, reply in replies:
        reply.message_id = ids[refs[n]]
    Reply.objects.bulk_create(r for _, r in replies)
    late = sum(1 for p in plans if p.reply_after is not None and p.reply_after > hours)
    return (
        f"{len(plans)} messages to {len(teams)} teams: {len(replies) - late} answered in time,"
        f" {late} late, 3 open (1 escalated)"
    )
