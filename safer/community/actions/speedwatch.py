"""Every change to Community Speed Watch: requests, sites and their check, volunteers, sessions,
readings (phone and log sheet), keepers' letters and their batches. Each checks access and is
audited; readings are keyed by the id made where they were first written, so nothing doubles."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.scopes import (
    CSW_LETTER_STAFF,
    CSW_MANAGERS,
    CSW_SITE_APPROVERS,
    CSW_VOLUNTEERS,
    check_in_scope,
    has_role,
    in_scope,
)
from safer.community.models import (
    GroupStatus,
    Letter,
    LetterBatch,
    LetterLevel,
    LetterStatus,
    Reading,
    SessionStatus,
    Site,
    SiteStatus,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchVolunteer,
)
from safer.community.sheets import KeeperRow, SheetRow, check_reading

User = AbstractBaseUser | AnonymousUser
MIN_GROUP = 6
MIN_SESSION = 3
MIN_AGE, MAX_AGE = 18, 80
EARLIEST, LATEST = dt.time(7, 0), dt.time(22, 0)
MAX_SESSION = dt.timedelta(hours=2)
REPEAT_WINDOW = dt.timedelta(days=365)


def _group_path(model: type) -> str:
    return {
        SpeedWatchGroup: "neighbourhood",
        Site: "group__neighbourhood",
        SpeedWatchSession: "site__group__neighbourhood",
    }[model]  # type: ignore[index]


def check_group(user: User, roles: Iterable[str], obj: SpeedWatchGroup | Site | SpeedWatchSession) -> None:
    check_in_scope(user, roles, obj, _group_path(type(obj)))


def request_group(group: SpeedWatchGroup) -> SpeedWatchGroup:
    """A parish council's request (the public form); the neighbourhood team picks it up."""
    group.status = GroupStatus.REQUESTED
    group.save()
    return group


def set_group_status(user: User, group: SpeedWatchGroup, status: str) -> None:
    check_group(user, CSW_MANAGERS, group)
    if status == GroupStatus.ACTIVE:
        trained = group.members.filter(trained_on__isnull=False).count()
        if trained < MIN_GROUP:
            raise ValidationError(
                f"A group needs at least {MIN_GROUP} trained volunteers to start; it has {trained}"
            )
        if not group.sites.filter(status=SiteStatus.APPROVED).exists():
            raise ValidationError("A group needs at least one approved site to start")
    with transaction.atomic():
        before = group.status
        group.status = status
        group.save(update_fields=["status"])
        audit.record(user, "community.csw.group-status", group, {"status": [before, status]})


def add_site(user: User, site: Site) -> Site:
    check_group(user, CSW_MANAGERS, site.group)
    with transaction.atomic():
        site.status = SiteStatus.PROPOSED
        site.save()
        audit.record(user, "community.csw.site-proposed", site)
    return site


def check_site(
    user: User, site: Site, *, sight_lines_ok: bool, safe_place_ok: bool, notes: str, approve: bool
) -> Site:
    """The road-safety officer's risk assessment: a site is approved only with good sight lines
    and a safe place to stand, on a 20, 30 or 40 mph road."""
    check_group(user, CSW_SITE_APPROVERS, site)
    if approve and not (sight_lines_ok and safe_place_ok):
        raise ValidationError("A site can only be approved with good sight lines and a safe place to stand")
    with transaction.atomic():
        site.sight_lines_ok, site.safe_place_ok, site.risk_notes = sight_lines_ok, safe_place_ok, notes
        site.status = SiteStatus.APPROVED if approve else SiteStatus.REFUSED
        site.checked_by, site.checked_at = user, timezone.now()  # type: ignore[assignment]
        site.save()
        audit.record(user, f"community.csw.site-{site.status}", site)
    return site


def add_volunteer(
    user: User,
    group: SpeedWatchGroup,
    volunteer: AbstractBaseUser,
    date_of_birth: dt.date,
    trained_on: dt.date | None,
) -> SpeedWatchVolunteer:
    check_group(user, CSW_MANAGERS, group)
    if not has_role(volunteer, CSW_VOLUNTEERS):
        raise ValidationError("Only an account with the volunteer role can join a Speed Watch group")
    today = timezone.localdate()
    member = SpeedWatchVolunteer(
        group=group, user=volunteer, date_of_birth=date_of_birth, trained_on=trained_on
    )  # type: ignore[misc]
    if not MIN_AGE <= member.age_on(today) <= MAX_AGE:
        raise ValidationError(f"Speed Watch volunteers are aged {MIN_AGE} to {MAX_AGE}")
    with transaction.atomic():
        member, _ = SpeedWatchVolunteer.objects.update_or_create(  # type: ignore[misc]
            group=group, user=volunteer, defaults={"date_of_birth": date_of_birth, "trained_on": trained_on}
        )
        audit.record(user, "community.csw.volunteer-added", group, {"volunteer": [None, volunteer.pk]})
    return member


def membership(user: User, group: SpeedWatchGroup) -> SpeedWatchVolunteer | None:
    if not has_role(user, CSW_VOLUNTEERS):
        return None
    return SpeedWatchVolunteer.objects.filter(group=group, user_id=getattr(user, "pk", None)).first()  # type: ignore[misc]


def volunteer_sessions(user: User) -> QuerySet[SpeedWatchSession]:
    """Sessions of the groups this volunteer belongs to (none for anyone else)."""
    if not has_role(user, CSW_VOLUNTEERS):
        return SpeedWatchSession.objects.none()
    groups = SpeedWatchVolunteer.objects.filter(user_id=getattr(user, "pk", None)).values("group_id")  # type: ignore[misc]
    return SpeedWatchSession.objects.filter(site__group_id__in=groups).select_related("site__group")


def _check_can_volunteer(user: User, group: SpeedWatchGroup, day: dt.date) -> None:
    member = membership(user, group)
    if member is None:
        raise PermissionDenied("You are not a volunteer in this group")
    if member.trained_on is None:
        raise ValidationError("You can book sessions once your training is recorded")
    if not MIN_AGE <= member.age_on(day) <= MAX_AGE:
        raise ValidationError(f"Speed Watch volunteers are aged {MIN_AGE} to {MAX_AGE}")


def book_session(user: User, site: Site, day: dt.date, start: dt.time, end: dt.time) -> SpeedWatchSession:
    """A volunteer books a new session at an approved site: daylight hours (7am to 10pm), two
    hours at most; the booker is its first volunteer."""
    _check_can_volunteer(user, site.group, day)
    if site.status != SiteStatus.APPROVED or site.group.status != GroupStatus.ACTIVE:
        raise ValidationError("Sessions can only be booked at an approved site of an active group")
    if day < timezone.localdate():
        raise ValidationError("The session's date is in the past")
    if not (EARLIEST <= start < end <= LATEST):
        raise ValidationError("A session runs between 7am and 10pm and ends after it starts")
    length = dt.datetime.combine(day, end) - dt.datetime.combine(day, start)
    if length > MAX_SESSION:
        raise ValidationError("A session lasts two hours at most")
    with transaction.atomic():
        session = SpeedWatchSession.objects.create(site=site, date=day, start=start, end=end, created_by=user)  # type: ignore[misc]
        session.volunteers.add(user)  # type: ignore[arg-type]
        audit.record(user, "community.csw.session-booked", session)
    return session


def join_session(user: User, session: SpeedWatchSession) -> None:
    _check_can_volunteer(user, session.site.group, session.date)
    if session.status != SessionStatus.BOOKED:
        raise ValidationError("This session is no longer open")
    with transaction.atomic():
        session.volunteers.add(user)  # type: ignore[arg-type]
        audit.record(user, "community.csw.session-joined", session)


def leave_session(user: User, session: SpeedWatchSession) -> None:
    if membership(user, session.site.group) is None:
        raise PermissionDenied("You are not a volunteer in this group")
    with transaction.atomic():
        session.volunteers.remove(user)  # type: ignore[arg-type]
        audit.record(user, "community.csw.session-left", session)


def can_record(session: SpeedWatchSession) -> str:
    """Why readings cannot be recorded for this session now, or "" if they can."""
    if session.status == SessionStatus.CANCELLED:
        return "This session was cancelled."
    if session.volunteers.count() < MIN_SESSION:
        return f"At least {MIN_SESSION} volunteers must be booked (one is the safety lookout)."
    if session.date > timezone.localdate():
        return "Readings can be recorded on the day of the session."
    return ""


def _check_recorder(user: User, session: SpeedWatchSession) -> None:
    if (
        not session.volunteers.filter(pk=getattr(user, "pk", None)).exists()  # type: ignore[misc]
        or membership(user, session.site.group) is None
    ):
        raise PermissionDenied("Only volunteers booked on this session can record its readings")
    reason = can_record(session)
    if reason:
        raise ValidationError(reason)


def record_readings(
    user: User, session: SpeedWatchSession, items: list[dict[str, str]]
) -> tuple[list[str], dict[str, list[str]]]:
    """Readings from the phone (each with its `client_id`): (ids now stored, whether new or sent
    before; errors by id). A resend of a stored id is accepted and changes nothing."""
    _check_recorder(user, session)
    stored: list[str] = []
    errors: dict[str, list[str]] = {}
    for item in items:
        raw_id = str(item.get("client_id", ""))
        try:
            client_id = uuid.UUID(raw_id)
        except ValueError:
            errors[raw_id or "?"] = ["the reading has no valid id"]
            continue
        clean, problems = check_reading(item, session.start, session.end)
        if clean is None:
            errors[str(client_id)] = problems
            continue
        existing = Reading.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.session_id == session.pk:
                stored.append(str(client_id))
            else:
                errors[str(client_id)] = ["this id belongs to another session"]
            continue
        try:
            with transaction.atomic():
                Reading.objects.create(
                    session=session, client_id=client_id, source="phone", recorded_by=user, **clean
                )  # type: ignore[misc,arg-type]
        except IntegrityError:  # the same id arrived twice at once: the other request stored it
            pass
        stored.append(str(client_id))
    if stored:
        audit.record(user, "community.csw.readings-received", session, {"readings": [None, len(stored)]})
    return stored, errors


def import_sheet(user: User, session: SpeedWatchSession, rows: list[SheetRow]) -> int:
    """A checked log sheet's rows (every line valid): the new ones stored, lines already stored
    (the same sheet again) skipped. Staff or a booked volunteer may upload."""
    if not has_role(user, CSW_MANAGERS):
        _check_recorder(user, session)
    else:
        check_group(user, CSW_MANAGERS, session)
    with transaction.atomic():
        known = set(
            Reading.objects.filter(client_id__in=[r.client_id for r in rows]).values_list(
                "client_id", flat=True
            )
        )
        new = [
            Reading(
                session=session,
                client_id=r.client_id,
                registration=r.registration,
                make=r.make,
                model=r.model,
                colour=r.colour,
                speed_mph=r.speed_mph,
                seen_at=r.seen_at,
                direction=r.direction,
                source="sheet",
                recorded_by=user,  # type: ignore[misc]
            )
            for r in rows
            if r.client_id not in known
        ]
        Reading.objects.bulk_create(new)
        audit.record(
            user,
            "community.csw.sheet-imported",
            session,
            {"readings": [None, len(new)], "skipped": [None, len(rows) - len(new)]},
        )
    return len(new)


def finish_session(user: User, session: SpeedWatchSession, vehicles_counted: int | None, device: str) -> None:
    if not has_role(user, CSW_MANAGERS):
        _check_recorder(user, session)
    else:
        check_group(user, CSW_MANAGERS, session)
    with transaction.atomic():
        session.status, session.vehicles_counted, session.device = (
            SessionStatus.DONE,
            vehicles_counted,
            device[:60],
        )
        session.save(update_fields=["status", "vehicles_counted", "device"])
        audit.record(user, "community.csw.session-finished", session)


# --- Letters ------------------------------------------------------------------------------------


def over_threshold(readings: QuerySet[Reading]) -> list[Reading]:
    return [r for r in readings.select_related("session__site") if r.speed_mph >= r.session.site.threshold]


def prepare_letters(user: User) -> int:
    """A letter for every reading in scope at or above its site's threshold that has none yet.
    Its level counts the vehicle's letters in the year before: first an advice letter, second a
    warning and a visit, third and later a referral to the roads policing team."""
    if not has_role(user, CSW_LETTER_STAFF):
        raise PermissionDenied("Your role does not allow this.")
    readings = in_scope(
        user, Reading.objects.filter(letter__isnull=True), "session__site__group__neighbourhood"
    )
    made = 0
    with transaction.atomic():
        for reading in sorted(over_threshold(readings), key=lambda r: (r.session.date, r.seen_at, r.pk)):
            when = dt.datetime.combine(reading.session.date, reading.seen_at)
            earlier = sum(
                1
                for letter in Letter.objects.filter(registration=reading.registration).select_related(
                    "reading__session"
                )
                if when - REPEAT_WINDOW
                <= dt.datetime.combine(letter.reading.session.date, letter.reading.seen_at)
                < when
            )
            level = min(earlier + 1, LetterLevel.THIRD)
            Letter.objects.create(
                reading=reading,
                registration=reading.registration,
                level=level,
                visit_needed=level == LetterLevel.SECOND,
            )
            made += 1
        if made:
            audit.record_set(user, "community.csw.letters-prepared", Letter, made)
    return made


def letters_in_scope(user: User) -> QuerySet[Letter]:
    if not has_role(user, CSW_LETTER_STAFF):
        return Letter.objects.none()
    return in_scope(user, Letter.objects.all(), "reading__session__site__group__neighbourhood")


def import_keepers(user: User, rows: list[KeeperRow]) -> tuple[int, list[str]]:
    """The DVLA's answers, every line valid: (letters updated, errors). A reference that is not a
    letter in scope waiting for its keeper is an error for its line, and then nothing changes."""
    letters = {
        letter.pk: letter
        for letter in letters_in_scope(user).filter(
            pk__in=[r.letter_id for r in rows],
            status__in=[LetterStatus.AWAITING_KEEPER, LetterStatus.NO_KEEPER],
        )
    }
    errors = [
        f"Line {r.line}: CSW-{r.letter_id:06d} is not a letter waiting for its keeper"
        for r in rows
        if r.letter_id not in letters
    ]
    if errors:
        return 0, errors
    with transaction.atomic():
        for r in rows:
            letter = letters[r.letter_id]
            letter.keeper_name, letter.keeper_address = r.keeper_name, r.address
            letter.status = LetterStatus.READY if r.keeper_name else LetterStatus.NO_KEEPER
            letter.save(update_fields=["keeper_name", "keeper_address", "status"])
        audit.record_set(user, "community.csw.keepers-imported", Letter, len(rows))
    return len(rows), []


def make_batch(user: User) -> LetterBatch | None:
    """Every letter in scope that is ready goes into one new batch (one PDF), oldest first."""
    ready = letters_in_scope(user).filter(status=LetterStatus.READY, batch__isnull=True)
    if not ready.exists():
        return None
    with transaction.atomic():
        batch = LetterBatch.objects.create(created_by=user)  # type: ignore[misc]
        count = ready.update(batch=batch, status=LetterStatus.PRINTED)
        audit.record(user, "community.csw.batch-made", batch, {"letters": [None, count]})
    return batch


def record_visit(user: User, letter: Letter, visited_on: dt.date) -> None:
    if letter not in letters_in_scope(user) or not letter.visit_needed:
        raise PermissionDenied("This letter is not yours to update")
    with transaction.atomic():
        letter.visited_on = visited_on
        letter.save(update_fields=["visited_on"])
        audit.record(user, "community.csw.visit-recorded", letter)


def late_letters(letters: QuerySet[Letter]) -> int:
    """Letters not yet printed whose session was more than the limit ago."""
    cutoff = timezone.localdate() - dt.timedelta(days=settings.COMMUNITY_CSW_LETTER_DAYS)
    return letters.filter(batch__isnull=True, reading__session__date__lt=cutoff).count()
