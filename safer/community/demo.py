"""Demo data for community: a watch scheme of each type across the demo neighbourhoods (members from
the demo subscribers), a request to start one, and a Community Speed Watch group with sites,
sessions, readings and a printed letter batch. Everything is fictional and labelled "(demo)";
the coordinator and volunteers are accounts that cannot sign in, joined by the demo accounts
`demo-coordinator` (coordinates the first scheme) and `demo-volunteer` (a trained volunteer of the
Speed Watch group) when the earlier accounts step made them. Idempotent: it replaces its own rows
(the links go with the scheme and the group)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.alerts.models import Group, Subscriber
from safer.community.actions import schemes as scheme_actions
from safer.community.models import (
    GroupStatus,
    Letter,
    LetterBatch,
    LetterLevel,
    LetterStatus,
    Reading,
    SchemeCoordinator,
    SchemeRequest,
    SchemeType,
    SessionStatus,
    Site,
    SiteStatus,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchVolunteer,
    WatchScheme,
)
from safer.places.lookups import current_force
from safer.places.models import Neighbourhood

LABEL = "(demo)"
DEMO_USER_PREFIX = "demo-community-"
COORDINATOR_USERNAME = "demo-coordinator"
VOLUNTEER_USERNAME = "demo-volunteer"
SCHEMES = [
    (SchemeType.NEIGHBOURHOOD, "Cornmeadow Green Neighbourhood Watch", "Cornmeadow Green\nCornmeadow Lane"),
    (SchemeType.RURAL, "Teme Valley Farm Watch", "Farms along the B4204"),
    (SchemeType.HORSE, "Malvern Hills Horse Watch", "Bridleways on the eastern slopes"),
    (SchemeType.STREET, "Friar Street Street Watch", "Friar Street\nNew Street"),
    (SchemeType.HERITAGE, "Cathedral Quarter Heritage Watch", "College Green\nDeansway"),
    (SchemeType.BUSINESS, "Crowngate Business Watch", "Crowngate shopping centre"),
]
MAKES = [
    ("Ford", "Focus"),
    ("Vauxhall", "Corsa"),
    ("Volkswagen", "Golf"),
    ("Kia", "Sportage"),
    ("Toyota", "Yaris"),
]
COLOURS = ["Blue", "Silver", "Black", "White", "Red", "Grey"]


def _clear() -> None:
    Letter.objects.filter(reading__session__site__group__is_demo=True).delete()
    LetterBatch.objects.filter(letters__isnull=True).delete()
    SpeedWatchSession.objects.filter(site__group__is_demo=True).delete()
    SpeedWatchGroup.objects.filter(is_demo=True).delete()
    groups = list(WatchScheme.objects.filter(is_demo=True).values_list("group_id", flat=True))
    WatchScheme.objects.filter(is_demo=True).delete()
    Group.objects.filter(pk__in=groups).delete()
    SchemeRequest.objects.filter(name__endswith=LABEL).delete()
    User.objects.filter(username__startswith=DEMO_USER_PREFIX).delete()


def _account(name: str, role: str, nb: Neighbourhood) -> User:
    """A fictional account that cannot sign in (no password, no authenticator)."""
    user = User.objects.create_user(
        username=f"{DEMO_USER_PREFIX}{name}", first_name=name.split("-")[0].title()
    )
    user.set_unusable_password()
    user.save()
    profile = StaffProfile.objects.create(user=user, role=role, scope_level=ScopeLevel.NEIGHBOURHOODS)
    profile.neighbourhoods.set([nb])
    return user


def _schemes(neighbourhoods: list[Neighbourhood]) -> int:
    members = list(
        Subscriber.objects.filter(email__endswith="@demo.example", email_confirmed_at__isnull=False)
    )
    coordinator = _account("coordinator-pat", Role.COORDINATOR, neighbourhoods[0])
    today = timezone.localdate()
    for i, (kind, name, streets) in enumerate(SCHEMES):
        nb = neighbourhoods[i % len(neighbourhoods)]
        group = Group.objects.create(neighbourhood=nb, name=f"{name} {LABEL}")
        scheme = WatchScheme.objects.create(
            group=group,
            name=f"{name} {LABEL}",
            type=kind,
            neighbourhood=nb,
            parish=nb.parishes.first(),
            description="A fictional scheme in the demo data.",
            streets=streets,
            centre_lat=nb.centre_lat,
            centre_lng=nb.centre_lng,
            households=40 + 15 * i,
            started_on=today - dt.timedelta(days=90 * (i + 1)),
            is_demo=True,
        )
        if i == 0:
            SchemeCoordinator.objects.create(
                scheme=scheme, user=coordinator, vetted_on=today - dt.timedelta(days=200)
            )
            demo_coordinator = User.objects.filter(username=COORDINATOR_USERNAME).first()
            if demo_coordinator is not None:
                SchemeCoordinator.objects.create(
                    scheme=scheme, user=demo_coordinator, vetted_on=today - dt.timedelta(days=150)
                )
            for subscriber in members[:3]:
                scheme_actions.join(subscriber, scheme)
    SchemeRequest.objects.create(
        neighbourhood=neighbourhoods[-1],
        name=f"Orchard Close Street Watch {LABEL}",
        type=SchemeType.STREET,
        postcode="WR38SP",
        streets="Orchard Close",
        reason="Cars broken into twice this month (fictional demo request).",
        contact_name="Sam Example",
        contact_email="sam@demo.example",
    )
    return len(SCHEMES)


def _speed_watch(nb: Neighbourhood) -> str:
    rng = random.Random(11)
    today = timezone.localdate()
    group = SpeedWatchGroup.objects.create(
        neighbourhood=nb,
        parish=nb.parishes.first(),
        name=f"Crowle Community Speed Watch {LABEL}",
        council_name="Crowle Parish Council (demo)",
        clerk_name="Alex Clerk",
        clerk_email="clerk@demo.example",
        roads="Crowle Green\nNewland Road",
        concern="Drivers speed past the primary school at the start and end of the day (fictional).",
        status=GroupStatus.ACTIVE,
        is_demo=True,
        requested_at=timezone.now() - dt.timedelta(days=120),
    )
    volunteers = [
        _account(f"volunteer-{n}", Role.VOLUNTEER, nb) for n in ("ann", "bob", "cat", "dan", "eve", "fin")
    ]
    for k, user in enumerate(volunteers):
        SpeedWatchVolunteer.objects.create(
            group=group,
            user=user,
            date_of_birth=dt.date(1950 + 4 * k, 3, 1),
            trained_on=today - dt.timedelta(days=100),
        )
    demo_volunteer = User.objects.filter(username=VOLUNTEER_USERNAME).first()
    if demo_volunteer is not None:
        SpeedWatchVolunteer.objects.create(
            group=group,
            user=demo_volunteer,
            date_of_birth=dt.date(1970, 6, 1),
            trained_on=today - dt.timedelta(days=60),
        )
    officer = _account("road-safety-officer", Role.ROAD_SAFETY, nb)
    site = Site.objects.create(
        group=group,
        name="Crowle Green, by the primary school (demo)",
        speed_limit=30,
        survey_mean_mph=31.5,
        survey_p85_mph=37.0,
        sight_lines_ok=True,
        safe_place_ok=True,
        risk_notes="Wide verge opposite the school gate; clear view 150 m each way.",
        status=SiteStatus.APPROVED,
        checked_by=officer,
        checked_at=timezone.now() - dt.timedelta(days=95),
    )
    Site.objects.create(
        group=group, name="Newland Road bend (demo)", speed_limit=40, status=SiteStatus.PROPOSED
    )
    readings = 0
    registrations = [f"DM{n:02d} {chr(65 + n % 26)}{chr(66 + n % 25)}C" for n in range(40)]
    for week in range(4):
        day = today - dt.timedelta(days=7 * (4 - week) + 2)
        session = SpeedWatchSession.objects.create(
            site=site,
            date=day,
            start=dt.time(8, 0),
            end=dt.time(9, 30),
            device="Demo hand-held device",
            status=SessionStatus.DONE,
            created_by=volunteers[week % 6],
            vehicles_counted=120 + 10 * week,
        )
        session.volunteers.set(volunteers[week % 3 : week % 3 + 3])
        for n in range(12):
            make, model = rng.choice(MAKES)
            speed = rng.choice([29, 31, 33, 34, 36, 38, 41, 44]) if n % 3 else rng.choice([36, 39, 42])
            Reading.objects.create(
                session=session,
                client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-csw-{week}-{n}"),
                registration=registrations[(n * 3 + week) % 12].replace(" ", ""),
                make=make,
                model=model,
                colour=rng.choice(COLOURS),
                speed_mph=speed,
                seen_at=dt.time(8 + (5 + 6 * n) // 60, (5 + 6 * n) % 60),
                direction="N" if n % 2 else "S",
                source="phone" if week % 2 else "sheet",
                recorded_by=volunteers[week % 6],
            )
            readings += 1
    batches: dict[int, LetterBatch] = {}
    letters = 0
    seen: dict[str, int] = {}
    for reading in Reading.objects.filter(session__site=site).order_by("session__date", "seen_at"):
        if reading.speed_mph < site.threshold:
            continue
        seen[reading.registration] = seen.get(reading.registration, 0) + 1
        level = min(seen[reading.registration], LetterLevel.THIRD)
        early = reading.session.date < today - dt.timedelta(days=14)
        if early and reading.session_id not in batches:
            printed_at = timezone.now() - dt.timedelta(days=(today - reading.session.date).days - 4)
            batch = LetterBatch.objects.create(created_by=officer, created_at=printed_at)
            batches[reading.session_id] = batch
        Letter.objects.create(
            reading=reading,
            registration=reading.registration,
            level=level,
            visit_needed=level == LetterLevel.SECOND,
            visited_on=reading.session.date + dt.timedelta(days=10)
            if level == LetterLevel.SECOND and early
            else None,
            keeper_name="A. Keeper (fictional)" if early else "",
            keeper_address="1 Example Road\nWorcester\nWR1 2AB" if early else "",
            status=LetterStatus.PRINTED if early else LetterStatus.AWAITING_KEEPER,
            batch=batches.get(reading.session_id),
        )
        letters += 1
    return f"1 Speed Watch group, {readings} readings, {letters} letters"


@transaction.atomic
def clear_demo_community() -> str:
    """Remove the previous demo's schemes and Speed Watch before the alerts step rebuilds the groups
    they belong to (a scheme protects its group)."""
    with transaction.atomic():
        _clear()
    return "earlier demo schemes removed"


def load_demo_community() -> str:
    _clear()
    force = current_force()
    neighbourhoods = list(Neighbourhood.objects.filter(force=force).order_by("name")[:6]) if force else []
    if not neighbourhoods:
        return "no neighbourhoods: skipped"
    count = _schemes(neighbourhoods)
    return f"{count} watch schemes; " + _speed_watch(neighbourhoods[0])
