"""Every change to watch schemes: the team creates and approves schemes and names coordinators;
residents ask to start one and join with consent; a coordinator messages their own members.
Each function checks access itself and writes an audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer.accounts import audit
from safer.accounts.scopes import COORDINATORS, SCHEME_MANAGERS, check, check_in_scope, has_role
from safer.alerts import actions as alerts
from safer.alerts import fanout
from safer.alerts.models import KIND_BITS, Group, Kind, Message, MessageStatus, Subscriber, Target
from safer.community.models import (
    RequestStatus,
    SchemeCoordinator,
    SchemeRequest,
    SchemeStatus,
    WatchScheme,
)
from safer.lib import recipients, signing
from safer.lib.sending import EMAIL, Transactional, send_now
from safer.places.lookups import current_force
from safer.places.models import Neighbourhood, Parish

User = AbstractBaseUser | AnonymousUser
JOIN_PURPOSE = "community.join-scheme"
JOIN_LINK_SECONDS = 3 * 24 * 3600
CONSENT_WORDS = (
    "I agree to receive this scheme's messages through Neighbourhood Matters, and that its "
    "coordinators may see my email address or phone number to run the scheme."
)


@dataclass
class SchemeDetails:
    name: str
    type: str
    neighbourhood: Neighbourhood
    description: str = ""
    streets: str = ""
    area_points: str = ""
    households: int = 0
    parish: Parish | None = None
    status: str = SchemeStatus.ACTIVE
    started_on: dt.date | None = None


def _centre(details: SchemeDetails) -> tuple[float | None, float | None]:
    points = [tuple(map(float, line.split(","))) for line in details.area_points.splitlines() if line.strip()]
    if points:
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    nb = details.neighbourhood
    return nb.centre_lat, nb.centre_lng


def _apply(scheme: WatchScheme, details: SchemeDetails) -> None:
    for name in (
        "name",
        "type",
        "neighbourhood",
        "description",
        "streets",
        "area_points",
        "households",
        "parish",
    ):
        setattr(scheme, name, getattr(details, name))
    scheme.status = details.status
    scheme.started_on = details.started_on or scheme.started_on or timezone.localdate()
    scheme.closed_on = (
        timezone.localdate() if details.status == SchemeStatus.CLOSED and not scheme.closed_on else None
    )
    scheme.centre_lat, scheme.centre_lng = _centre(details)


def create_scheme(user: User, details: SchemeDetails, *, is_demo: bool = False) -> WatchScheme:
    check(user, SCHEME_MANAGERS, details.neighbourhood)
    with transaction.atomic():
        group = Group.objects.create(
            neighbourhood=details.neighbourhood, name=details.name, description=details.description[:500]
        )
        scheme = WatchScheme(group=group, is_demo=is_demo)
        _apply(scheme, details)
        scheme.save()
        audit.record(user, "community.scheme.created", scheme, {"name": [None, scheme.name]})
    return scheme


def update_scheme(user: User, scheme: WatchScheme, details: SchemeDetails) -> WatchScheme:
    check_in_scope(user, SCHEME_MANAGERS, scheme)
    check(user, SCHEME_MANAGERS, details.neighbourhood)
    with transaction.atomic():
        before = {"name": scheme.name, "status": scheme.status, "type": scheme.type}
        _apply(scheme, details)
        scheme.save()
        Group.objects.filter(pk=scheme.group_id).update(
            name=scheme.name, neighbourhood=scheme.neighbourhood, description=scheme.description[:500]
        )
        after = {"name": scheme.name, "status": scheme.status, "type": scheme.type}
        audit.record(
            user,
            "community.scheme.changed",
            scheme,
            {k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return scheme


def add_coordinator(
    user: User, scheme: WatchScheme, coordinator: AbstractBaseUser, vetted_on: dt.date | None
) -> None:
    check_in_scope(user, SCHEME_MANAGERS, scheme)
    if not has_role(coordinator, COORDINATORS):
        raise ValidationError(
            "Only an account with the watch scheme coordinator role can coordinate a scheme"
        )
    with transaction.atomic():
        SchemeCoordinator.objects.update_or_create(  # type: ignore[misc]
            scheme=scheme, user=coordinator, defaults={"vetted_on": vetted_on}
        )
        audit.record(user, "community.coordinator.added", scheme, {"coordinator": [None, coordinator.pk]})


def remove_coordinator(user: User, scheme: WatchScheme, coordinator_id: int) -> None:
    check_in_scope(user, SCHEME_MANAGERS, scheme)
    with transaction.atomic():
        SchemeCoordinator.objects.filter(scheme=scheme, user_id=coordinator_id).delete()
        audit.record(user, "community.coordinator.removed", scheme, {"coordinator": [coordinator_id, None]})


# --- Starting a scheme: a resident asks, the team decides ---------------------------------------


def request_scheme(request: SchemeRequest) -> SchemeRequest:
    """A resident's request to start a scheme; the neighbourhood team is told on its list."""
    request.status = RequestStatus.WAITING
    request.save()
    return request


def approve_request(user: User, req: SchemeRequest, details: SchemeDetails) -> WatchScheme:
    check_in_scope(user, SCHEME_MANAGERS, req)
    with transaction.atomic():
        req = SchemeRequest.objects.select_for_update().get(pk=req.pk)
        if req.status != RequestStatus.WAITING:
            raise ValidationError("This request has already been decided")
        scheme = create_scheme(user, details)
        req.status, req.decided_by, req.decided_at, req.scheme = (
            RequestStatus.APPROVED,
            user,  # type: ignore[assignment]
            timezone.now(),
            scheme,
        )  # type: ignore[assignment]
        req.save()
        audit.record(user, "community.scheme-request.approved", req)
        _tell_requester(
            req,
            f"Your request to start {req.name} has been approved. "
            "Your neighbourhood team will contact you about running it.",
        )
    return scheme


def decline_request(user: User, req: SchemeRequest, note: str) -> None:
    check_in_scope(user, SCHEME_MANAGERS, req)
    with transaction.atomic():
        req = SchemeRequest.objects.select_for_update().get(pk=req.pk)
        if req.status != RequestStatus.WAITING:
            raise ValidationError("This request has already been decided")
        req.status, req.decided_by, req.decided_at = RequestStatus.DECLINED, user, timezone.now()  # type: ignore[assignment]
        req.decision_note = note[:500]
        req.save()
        audit.record(user, "community.scheme-request.declined", req)
        _tell_requester(req, f"Your neighbourhood team could not approve {req.name}: {req.decision_note}")


def _tell_requester(req: SchemeRequest, text: str) -> None:
    send_now(
        Transactional(
            channel=EMAIL,
            to=req.contact_email,
            subject="Your request to start a watch scheme",
            text=f"{text}\n",
            ref=f"community.scheme-request:{req.pk}",
        )
    )


# --- Joining: members are confirmed Neighbourhood Matters subscribers, with consent -----------


def ask_to_join(scheme: WatchScheme, email: str) -> None:
    """Email a joining link to `email` if it is a confirmed Neighbourhood Matters address, or how
    to sign up first if not. The page shown afterwards is the same either way, so the form never
    reveals who is registered; each address gets a few such emails a day at most."""
    address = recipients.normalise(email)
    if not recipients.allow(address, JOIN_PURPOSE, settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY):
        return
    subscriber = (
        Subscriber.objects.filter(email__iexact=address, email_confirmed_at__isnull=False)
        .order_by("pk")
        .first()
    )
    if subscriber is None:
        text = (
            f"You asked to join {scheme.name}. Members of watch schemes receive their messages through "
            f"Neighbourhood Matters, and this address is not registered yet.\n\n"
            f"Sign up first: {signing.absolute(reverse('alerts:sign-up'))}\n\n"
            f"Then ask to join again: {signing.absolute(reverse('community:scheme', args=[scheme.pk]))}\n"
        )
    else:
        token = signing.make_token([subscriber.pk, subscriber.key, scheme.pk], JOIN_PURPOSE)
        link = signing.absolute(reverse("community:join-confirm", args=[token]))
        text = (
            f"To join {scheme.name}, open this link and confirm (it works for 3 days):\n\n{link}\n\n"
            "If you did not ask, ignore this email.\n"
        )
    send_now(
        Transactional(
            channel=EMAIL,
            to=address,
            subject=f"Joining {scheme.name}",
            text=text,
            ref=f"community.join:{scheme.pk}",
        )
    )


def read_join_token(token: str) -> tuple[Subscriber, WatchScheme] | None:
    values = signing.read_token(token, JOIN_PURPOSE, JOIN_LINK_SECONDS)
    if not values or len(values) != 3:
        return None
    subscriber = Subscriber.objects.filter(pk=values[0], key=values[1]).first()
    scheme = WatchScheme.objects.filter(pk=values[2], status=SchemeStatus.ACTIVE).first()
    if subscriber is None or scheme is None:
        return None
    return subscriber, scheme


def join(subscriber: Subscriber, scheme: WatchScheme) -> None:
    """Join with consent (recorded in the alerts consent ledger) and switch watch-scheme messages
    on for the subscriber's confirmed channels, so the scheme's messages reach them."""
    with transaction.atomic():
        alerts.join_group(subscriber, scheme.group)
        watch = KIND_BITS[Kind.WATCH]
        prefs = alerts.Preferences(
            **{name: getattr(subscriber, name) for name in alerts.Preferences.__dataclass_fields__}
        )
        if subscriber.email and subscriber.email_confirmed_at:
            prefs.email_kinds |= watch
        if subscriber.mobile and subscriber.mobile_confirmed_at:
            prefs.sms_kinds |= watch
        alerts.update_preferences(subscriber, prefs)
        alerts.consent(subscriber, "joined-watch-scheme", f"scheme {scheme.pk}; {CONSENT_WORDS[:120]}")


def leave(subscriber: Subscriber, scheme: WatchScheme) -> None:
    with transaction.atomic():
        alerts.leave_group(subscriber, scheme.group)
        alerts.consent(subscriber, "left-watch-scheme", f"scheme {scheme.pk}")


# --- A coordinator messages their own members --------------------------------------------------


def coordinated_by(user: User) -> list[int]:
    """The schemes this account coordinates (none unless it holds the coordinator role)."""
    if not has_role(user, COORDINATORS):
        return []
    return list(
        SchemeCoordinator.objects.filter(user_id=getattr(user, "pk", None)).values_list(  # type: ignore[misc]
            "scheme_id", flat=True
        )
    )


def message_members(user: User, scheme: WatchScheme, title: str, body: str) -> Message:
    """A message to the scheme's members only (the alerts group target). With
    COMMUNITY_COORDINATOR_APPROVAL on it always waits for a sergeant, inspector or administrator
    whose scope covers the scheme; otherwise the force's reach threshold decides, as for staff."""
    if scheme.pk not in coordinated_by(user) or scheme.status != SchemeStatus.ACTIVE:
        raise PermissionDenied("You can only message the members of an active scheme you coordinate.")
    force = current_force()
    if force is None:
        raise ValidationError("The force's data is not loaded")
    with transaction.atomic():
        message = Message.objects.create(  # type: ignore[misc]
            force=force,
            title=title,
            body=body,
            kind=Kind.WATCH,
            target=Target.GROUP,
            group=scheme.group,
            author=user,
        )
        fanout.resolve_targets(message)
        message.reach = {str(k): v for k, v in fanout.reach(message).items()}
        total = sum(message.reach.values())
        message.needs_approval = (
            settings.COMMUNITY_COORDINATOR_APPROVAL or total > settings.ALERTS_APPROVAL_THRESHOLD
        )
        message.status = MessageStatus.AWAITING_APPROVAL if message.needs_approval else MessageStatus.DRAFT
        message.save()
        audit.record(user, "community.scheme.message-written", message, {"scheme": [None, scheme.pk]})
    if not message.needs_approval:
        # The force's own path from draft to sending (its scope check covers the scheme's neighbourhood).
        alerts.submit(user, message)
    return message
