"""Small factory functions and sign-in helpers shared by every app's tests.

Each factory takes keyword overrides, so a test says only what matters to it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import shapely
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import Role, ScopeLevel, StaffProfile
from safer.crime.bulk import bulk_insert
from safer.places.models import Force, Neighbourhood, PolicingArea
from safer.teams.models import Membership, Person, Rank

_seq = itertools.count(1)

STRONG_PASSWORD = "correct-horse-battery-staple-42"


def create_force(**overrides: Any) -> Force:
    fields: dict[str, Any] = {"slug": "west-mercia", "name": "West Mercia Police", "telephone": "101"}
    fields.update(overrides)
    force, _ = Force.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
    return force


def create_area(**overrides: Any) -> PolicingArea:
    n = next(_seq)
    fields: dict[str, Any] = {
        "slug": f"area-{n}",
        "name": f"Area {n}",
        "effective_from": dt.date(2026, 1, 19),
    }
    fields.update(overrides)
    fields.setdefault("force", create_force())
    return PolicingArea.objects.create(**fields)


def create_neighbourhood(
    *,
    box: tuple[float, float, float, float] | None = None,
    area: PolicingArea | None = None,
    **overrides: Any,
) -> Neighbourhood:
    """A neighbourhood whose boundary is the box (min_lng, min_lat, max_lng, max_lat)."""
    n = next(_seq)
    fields: dict[str, Any] = {"code": f"N{n}", "slug": f"neighbourhood-{n}", "name": f"Neighbourhood {n}"}
    fields.update(overrides)
    fields.setdefault("force", create_force())
    nb = Neighbourhood(**fields)
    if box is None:
        box = (-2.3 + n * 0.01, 52.1, -2.3 + n * 0.01 + 0.009, 52.2)
    nb.set_boundary(shapely.box(*box))
    nb.save()
    if area is not None:
        nb.areas.add(area)
    return nb


def create_person(neighbourhood: Neighbourhood | None = None, **overrides: Any) -> Person:
    n = next(_seq)
    fields: dict[str, Any] = {
        "given_name": f"Sam{n}",
        "family_name": f"Example{n}",
        "rank": Rank.PCSO,
        "collar_number": f"{1000 + n}",
        "work_email": f"sam{n}@example.police.uk",
        "work_mobile": "+447700900123",
        "details_verified_on": timezone.localdate(),
    }
    fields.update(overrides)
    person = Person.objects.create(**fields)
    if neighbourhood is not None:
        Membership.objects.create(person=person, neighbourhood=neighbourhood, role=person.rank)
    return person


def create_staff(
    role: str = Role.PCSO,
    *,
    neighbourhoods: list[Neighbourhood] | None = None,
    areas: list[PolicingArea] | None = None,
    scope_level: str | None = None,
    username: str | None = None,
) -> User:
    username = username or f"{role}-{next(_seq)}"
    user = User.objects.create_user(
        username=username, password=STRONG_PASSWORD, email=f"{username}@example.org"
    )
    if scope_level is None:
        scope_level = ScopeLevel.AREAS if areas else ScopeLevel.NEIGHBOURHOODS
        if role == Role.ADMINISTRATOR:
            scope_level = ScopeLevel.FORCE
    staff = StaffProfile.objects.create(user=user, role=role, scope_level=scope_level)
    staff.neighbourhoods.set(neighbourhoods or [])
    staff.areas.set(areas or [])
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def sign_in(client: Client, user: User) -> Client:
    """Sign `user` in with both factors, as if they had entered their password and a TOTP code."""
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def create_subscriber(
    neighbourhoods: list[Neighbourhood] | None = None,
    *,
    email: str | None = "",
    mobile: str = "",
    landline: str = "",
    kinds: list[str] | None = None,
    channels: tuple[str, ...] = ("email",),
    point: tuple[float, float] | None = None,
    **overrides: Any,
) -> Any:
    """A confirmed alerts subscriber following `neighbourhoods`, wanting `kinds` (all by default)
    on `channels` ("email", "sms", "voice"). Its place is at `point` (lat, lng) if given."""
    from safer.alerts.models import ALL_KINDS, AlertPlace, Subscriber, Subscription, kinds_to_bits

    n = next(_seq)
    bits = kinds_to_bits(kinds) if kinds is not None else ALL_KINDS
    now = timezone.now()
    fields: dict[str, Any] = {
        "email": f"resident{n}@example.com" if email == "" else (email or ""),
        "mobile": mobile,
        "landline": landline,
        "email_kinds": bits if "email" in channels else 0,
        "sms_kinds": bits if "sms" in channels else 0,
        "voice_kinds": bits if "voice" in channels else 0,
    }
    fields["email_confirmed_at"] = now if fields["email"] else None
    fields["mobile_confirmed_at"] = now if mobile else None
    fields["landline_confirmed_at"] = now if landline else None
    fields.update(overrides)
    subscriber = Subscriber(**fields)
    subscriber.refresh_channels()
    subscriber.save()
    lat, lng = point if point is not None else (None, None)
    for nb in neighbourhoods or []:
        place = AlertPlace.objects.create(
            subscriber=subscriber, label="home", how="postcode", latitude=lat, longitude=lng
        )
        Subscription.objects.create(subscriber=subscriber, neighbourhood=nb, place=place)
    return subscriber


# --- engagement (events, stations, councils, surveys, priorities, correspondence) --------------


def create_event(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    """A published engagement-vehicle visit a fortnight ahead, advertised today."""
    from safer.engagement.models import Event, EventKind, EventStatus

    start = overrides.pop("start", timezone.now().replace(microsecond=0) + dt.timedelta(days=14))
    fields: dict[str, Any] = {
        "kind": EventKind.VEHICLE,
        "title": f"Engagement vehicle {next(_seq)}",
        "address": "Market Square",
        "start": start,
        "end": start + dt.timedelta(hours=2),
        "status": EventStatus.PUBLISHED,
        "published_at": timezone.now(),
    }
    fields.update(overrides)
    if fields["published_at"] is not None and "notice_days" not in fields:
        fields["notice_days"] = (fields["start"] - fields["published_at"]).total_seconds() / 86400
    return Event.objects.create(neighbourhood=neighbourhood, **fields)


def create_station(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    from safer.engagement.models import Station

    n = next(_seq)
    fields: dict[str, Any] = {"slug": f"station-{n}", "name": f"Station {n}", "address": "High Street"}
    fields.update(overrides)
    return Station.objects.create(force=neighbourhood.force, neighbourhood=neighbourhood, **fields)


def send_queued_messages() -> int:
    """Send every message send_now has stored, as its task and the schedule's sweep would; the
    number sent."""
    from safer.alerts import outgoing

    return outgoing.send_due(timezone.now() + dt.timedelta(days=1))


def create_council(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    """A parish in the neighbourhood with its council."""
    from safer.engagement.models import ParishCouncil
    from safer.places.models import Parish

    n = next(_seq)
    parish = overrides.pop("parish", None) or Parish.objects.create(
        neighbourhood=neighbourhood, name=f"Parish {n}", ons_code=f"E04{n:06d}"
    )
    fields: dict[str, Any] = {"name": f"{parish.name} Parish Council", "clerk_email": f"clerk{n}@example.org"}
    fields.update(overrides)
    return ParishCouncil.objects.create(parish=parish, **fields)


def create_priority(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    from safer.engagement.models import Priority

    fields: dict[str, Any] = {"issue": "Speeding on the main road", "issue_date": timezone.localdate()}
    fields.update(overrides)
    return Priority.objects.create(neighbourhood=neighbourhood, **fields)


def create_correspondence(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    from safer.engagement.models import Correspondence

    today = timezone.localdate()
    fields: dict[str, Any] = {
        "writer_kind": "resident",
        "writer_name": "A Resident",
        "channel": "email",
        "received_on": today - dt.timedelta(days=5),
        "subject": "Parking outside the school",
        "reply_due": today + dt.timedelta(days=5),
    }
    fields.update(overrides)
    return Correspondence.objects.create(neighbourhood=neighbourhood, **fields)


def create_survey(neighbourhood: Neighbourhood, **overrides: Any) -> Any:
    """An open survey with a concern, a scale, a choice and a free-text question."""
    from safer.engagement.models import Question, QuestionKind, Survey

    today = timezone.localdate()
    fields: dict[str, Any] = {
        "slug": f"survey-{next(_seq)}",
        "title": "Policing priorities",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=30),
    }
    fields.update(overrides)
    survey = Survey.objects.create(neighbourhood=neighbourhood, **fields)
    questions: list[tuple[str, str, dict[str, Any]]] = [
        (QuestionKind.CONCERN, "What concerns you most?", {"required": True}),
        (QuestionKind.SCALE, "How safe do you feel?", {"scale_max": 5}),
        (QuestionKind.CHOICE, "How often do you see patrols?", {"choices": ["Weekly", "Monthly", "Never"]}),
        (QuestionKind.TEXT, "Anything else?", {}),
    ]
    Question.objects.bulk_create(
        Question(survey=survey, order=i, kind=kind, text=text, **extra)
        for i, (kind, text, extra) in enumerate(questions, start=1)
    )
    return survey


def create_contact_message(
    neighbourhood: Neighbourhood | None = None,
    *,
    confirmed: bool = True,
    channel: str = "email",
    received: dt.datetime | None = None,
    **overrides: Any,
) -> Any:
    """A resident's message to a team: confirmed (received `received`, now by default, with the
    usual 72-hour deadline) unless `confirmed=False`. Replies go by `channel` ("email" or "sms")."""
    from safer.contact.models import ContactMessage, Status

    n = next(_seq)
    received = received or timezone.now()
    fields: dict[str, Any] = {
        "neighbourhood": neighbourhood or create_neighbourhood(),
        "name": f"Resident {n}",
        "channel": channel,
        "email": f"writer{n}@example.com" if channel == "email" else "",
        "mobile": f"+447700900{n % 1000:03d}" if channel == "sms" else "",
        "body": "Cars are parking on the pavement outside the school every morning.",
        "created_at": received,
    }
    if confirmed:
        fields.update(status=Status.OPEN, confirmed_at=received, due_at=received + dt.timedelta(hours=72))
    fields.update(overrides)
    return ContactMessage.objects.create(**fields)


# Every table's rows just after the first build_demo() of the session, restored for later tests.
_snapshot: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}


def _take_snapshot() -> None:
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchall()
            if connection.vendor == "sqlite":
                # Django's SQLite backend reads TIME columns as datetime.time but registers no
                # adapter to write them back; store them as the ISO text SQLite keeps anyway.
                rows = [tuple(v.isoformat() if isinstance(v, dt.time) else v for v in row) for row in rows]
            _snapshot[table] = ([c[0] for c in cursor.description], rows)


def _restore_snapshot() -> None:
    """Put back exactly what build_demo() made. Foreign keys are deferred until commit (Django
    creates them DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL), so order does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in _snapshot.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                # COPY on PostgreSQL (a third of the INSERTs' time for the demo's 113,000 rows).
                bulk_insert(table, columns, rows)
        if connection.vendor == "postgresql":
            # The rows keep their ids; a flush since may have restarted the sequences, and the next
            # row a test adds must not take an id the snapshot already used.
            from django.apps import apps
            from django.core.management.color import no_style

            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
    # Raw SQL sends no signals: tell the in-process caches that the boundaries changed.
    from safer.places.locate import invalidate_index

    invalidate_index()


def load_demo() -> None:
    """The demo data set: built once per test session, then restored from a snapshot (much faster
    than rebuilding, however many steps other apps add to the demo)."""
    if _snapshot:
        _restore_snapshot()
    else:
        from safer.demo.builder import build_demo

        build_demo()
        _take_snapshot()
