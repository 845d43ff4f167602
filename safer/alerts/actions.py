"""Every change to alerts data goes through these functions (one transaction each; tasks are
enqueued on commit and given ids). Residents' side first, then staff's."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from safer.accounts import audit
from safer.accounts.models import Role
from safer.accounts.scopes import SUPERVISORS, TEAM_EDITORS, has_role, neighbourhoods_in_scope
from safer.alerts import fanout
from safer.alerts.models import (
    QUEUED_STATUSES,
    AlertPlace,
    Channel,
    ConsentEvent,
    Delivery,
    DigestFrequency,
    Group,
    GroupMember,
    Message,
    MessageStatus,
    OutboxMessage,
    PhoneConfirmation,
    Status,
    Subscriber,
    Subscription,
    Target,
    bits_to_kinds,
    new_key,
)
from safer.places.models import Force, Neighbourhood, PolicingArea

User = AbstractBaseUser | AnonymousUser
CONSENT_TEXT_VERSION = "2026-01"
CODE_MINUTES = 30
CODE_ATTEMPTS = 5


# --- residents -------------------------------------------------------------------------------


@dataclass
class PlaceSpec:
    """A place as the sign-up form resolved it."""

    label: str
    how: str
    neighbourhood_ids: list[int]
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int | None = None


@dataclass
class Preferences:
    email_kinds: int = 0
    sms_kinds: int = 0
    voice_kinds: int = 0
    digest_kinds: int = 0
    digest_frequency: str = DigestFrequency.DAILY
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None

    def apply(self, subscriber: Subscriber) -> None:
        for name in self.__dataclass_fields__:
            setattr(subscriber, name, getattr(self, name))


@dataclass
class Registration:
    email: str = ""
    mobile: str = ""
    landline: str = ""
    places: list[PlaceSpec] = field(default_factory=list)
    preferences: Preferences = field(default_factory=Preferences)


def consent(subscriber: Subscriber, action: str, detail: str = "") -> None:
    ConsentEvent.objects.create(subscriber=subscriber, action=action, detail=detail[:200])


def existing_registration(reg: Registration) -> Subscriber | None:
    query = Q()
    if reg.email:
        query |= Q(email__iexact=reg.email)
    if reg.mobile:
        query |= Q(mobile=reg.mobile)
    if reg.landline:
        query |= Q(landline=reg.landline)
    return Subscriber.objects.filter(query).first() if query else None


def register(reg: Registration) -> tuple[Subscriber, bool]:
    """A new registration, unconfirmed: confirmations go out on commit. If the address is already
    registered nothing changes and its owner is sent their manage link instead (so the form does
    not reveal who is registered). Returns (subscriber, created)."""
    from safer.alerts import tasks

    existing = existing_registration(reg)
    if existing is not None:
        channel = Channel.EMAIL if reg.email and existing.email.lower() == reg.email.lower() else Channel.SMS
        transaction.on_commit(lambda: tasks.send_manage_link.enqueue(existing.pk, int(channel)))
        return existing, False
    with transaction.atomic():
        subscriber = Subscriber(email=reg.email, mobile=reg.mobile, landline=reg.landline)
        reg.preferences.apply(subscriber)
        subscriber.refresh_channels()
        subscriber.save()
        for spec in reg.places:
            add_place(subscriber, spec)
        consent(subscriber, "signed-up", f"consent text {CONSENT_TEXT_VERSION}; {_prefs_summary(subscriber)}")
        sid = subscriber.pk
        if subscriber.email:
            transaction.on_commit(lambda: tasks.send_email_confirmation.enqueue(sid))
        if subscriber.mobile:
            transaction.on_commit(lambda: tasks.send_phone_code.enqueue(sid, "mobile"))
        if subscriber.landline:
            transaction.on_commit(lambda: tasks.send_phone_code.enqueue(sid, "landline"))
    return subscriber, True


def _prefs_summary(s: Subscriber) -> str:
    return (
        f"email: {','.join(bits_to_kinds(s.email_kinds)) or '-'};"
        f" text: {','.join(bits_to_kinds(s.sms_kinds)) or '-'};"
        f" calls: {','.join(bits_to_kinds(s.voice_kinds)) or '-'}"
    )


def add_place(subscriber: Subscriber, spec: PlaceSpec) -> AlertPlace:
    with transaction.atomic():
        place = AlertPlace.objects.create(
            subscriber=subscriber,
            label=spec.label[:40],
            how=spec.how,
            postcode=spec.postcode,
            latitude=spec.latitude,
            longitude=spec.longitude,
            radius_m=spec.radius_m,
        )
        Subscription.objects.bulk_create(
            [
                Subscription(subscriber=subscriber, neighbourhood_id=n, place=place)
                for n in set(spec.neighbourhood_ids)
            ]
        )
    return place


def remove_place(subscriber: Subscriber, place_id: int) -> bool:
    return AlertPlace.objects.filter(subscriber=subscriber, pk=place_id).delete()[0] > 0


def confirm_email(subscriber: Subscriber, fingerprint: str) -> bool:
    """Confirm the address the link was sent to (not one changed since), named by its fingerprint."""
    from safer.alerts.links import email_fingerprint

    if not subscriber.email or not hmac.compare_digest(email_fingerprint(subscriber.email), fingerprint):
        return False
    with transaction.atomic():
        subscriber.email_confirmed_at = subscriber.email_confirmed_at or timezone.now()
        subscriber.switched_off &= ~Channel.EMAIL
        subscriber.email_failures = 0
        subscriber.refresh_channels()
        subscriber.save()
        consent(subscriber, "confirmed-email")
    return True


def _code_hash(subscriber: Subscriber, code: str) -> str:
    return salted_hmac("alerts.phone-code", f"{subscriber.pk}:{subscriber.key}:{code}").hexdigest()


def new_phone_code(subscriber: Subscriber, field_name: str) -> str:
    """A fresh six-digit code for `mobile` or `landline`; only its hash is stored."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    PhoneConfirmation.objects.filter(subscriber=subscriber, field=field_name).delete()
    PhoneConfirmation.objects.create(
        subscriber=subscriber,
        field=field_name,
        code_hash=_code_hash(subscriber, code),
        expires_at=timezone.now() + dt.timedelta(minutes=CODE_MINUTES),
    )
    return code


def confirm_phone(subscriber: Subscriber, field_name: str, code: str) -> bool:
    with transaction.atomic():
        pending = (
            PhoneConfirmation.objects.select_for_update()
            .filter(subscriber=subscriber, field=field_name, expires_at__gt=timezone.now())
            .first()
        )
        if pending is None or pending.attempts >= CODE_ATTEMPTS:
            return False
        if not hmac.compare_digest(pending.code_hash, _code_hash(subscriber, code.strip())):
            pending.attempts += 1
            pending.save(update_fields=["attempts"])
            return False
        pending.delete()
        now = timezone.now()
        if field_name == "mobile":
            subscriber.mobile_confirmed_at = now
            subscriber.switched_off &= ~Channel.SMS
            subscriber.sms_failures = 0
        else:
            subscriber.landline_confirmed_at = now
        subscriber.switched_off &= ~Channel.VOICE
        subscriber.voice_failures = 0
        subscriber.refresh_channels()
        subscriber.save()
        consent(subscriber, f"confirmed-{field_name}")
    return True


def update_preferences(subscriber: Subscriber, prefs: Preferences) -> None:
    with transaction.atomic():
        prefs.apply(subscriber)
        subscriber.save()
        consent(subscriber, "preferences-changed", _prefs_summary(subscriber))


def switch_off_channel(subscriber_id: int, channel: int, reason: str) -> None:
    """Stop a channel for a subscriber (unsubscribe, STOP, repeated failures) and cancel what is
    still queued for it."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return
        subscriber.switched_off |= channel
        subscriber.refresh_channels()
        subscriber.save(update_fields=["switched_off", "channels"])
        Delivery.objects.filter(subscriber=subscriber, channel=channel, status__in=QUEUED_STATUSES).update(
            status=Status.CANCELLED, error=reason
        )
        consent(subscriber, f"switched-off-{Channel(channel).name.lower()}", reason)


def unsubscribe(subscriber: Subscriber, channel: int) -> None:
    switch_off_channel(subscriber.pk, channel, "unsubscribed")


def stop_number(number: str) -> int:
    """A text reply of STOP: no more texts to that number, whoever registered it."""
    ids = list(Subscriber.objects.filter(mobile=number).values_list("pk", flat=True))
    for pk in ids:
        switch_off_channel(pk, Channel.SMS, "stop-reply")
    return len(ids)


def join_group(subscriber: Subscriber, group: Group) -> None:
    GroupMember.objects.get_or_create(group=group, subscriber=subscriber)


def leave_group(subscriber: Subscriber, group: Group) -> None:
    GroupMember.objects.filter(group=group, subscriber=subscriber).delete()


def export_data(subscriber: Subscriber) -> dict[str, Any]:
    """Everything held about a subscriber (their right of access), as plain JSON-able data."""

    def iso(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.datetime | dt.time) else value

    s = subscriber
    deliveries = Delivery.objects.filter(subscriber=s).select_related("message").order_by("created_at", "id")
    return {
        "registration": {
            "email": s.email,
            "email_confirmed_at": iso(s.email_confirmed_at),
            "mobile": s.mobile,
            "mobile_confirmed_at": iso(s.mobile_confirmed_at),
            "landline": s.landline,
            "landline_confirmed_at": iso(s.landline_confirmed_at),
            "created_at": iso(s.created_at),
            "channels_switched_off": [c.label for c in Channel if s.switched_off & c],
            "permanent_failures": {
                "email": s.email_failures,
                "text": s.sms_failures,
                "call": s.voice_failures,
            },
        },
        "preferences": {
            "email": bits_to_kinds(s.email_kinds),
            "text": bits_to_kinds(s.sms_kinds),
            "call": bits_to_kinds(s.voice_kinds),
            "digest": bits_to_kinds(s.digest_kinds),
            "digest_frequency": s.digest_frequency,
            "quiet_hours": [iso(s.quiet_start), iso(s.quiet_end)],
        },
        "places": [
            {
                "label": p.label,
                "how": p.how,
                "postcode": p.postcode,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "radius_m": p.radius_m,
                "neighbourhoods": sorted(
                    sub.neighbourhood.name for sub in p.subscriptions.select_related("neighbourhood")
                ),
            }
            for p in s.places.all()
        ],
        "groups": sorted(g.name for g in s.groups.all()),
        "consent": [
            {"at": iso(e.at), "action": e.action, "detail": e.detail} for e in s.consent_events.all()
        ],
        "pending_phone_codes": [
            {"number": c.field, "expires_at": iso(c.expires_at)} for c in s.phone_confirmations.all()
        ],
        "messages_sent": [
            {
                "message": d.message.title,
                "kind": d.message.get_kind_display(),
                "channel": Channel(d.channel).label,
                "address": d.to_address,
                "status": d.status,
                "queued_at": iso(d.created_at),
                "delivered_at": iso(d.delivered_at),
                "digest": d.digest,
            }
            for d in deliveries
        ],
    }


def delete_registration(subscriber: Subscriber) -> None:
    """Erase a subscriber: their rows go, and delivery rows keep only what is not personal (so the
    force's counts stay right)."""
    with transaction.atomic():
        deliveries = Delivery.objects.filter(subscriber=subscriber)
        OutboxMessage.objects.filter(delivery_id__in=deliveries.values("pk")).delete()
        addresses = [a for a in (subscriber.email, subscriber.mobile, subscriber.landline) if a]
        if addresses:
            OutboxMessage.objects.filter(to_address__in=addresses).delete()
        deliveries.filter(status__in=QUEUED_STATUSES).update(status=Status.CANCELLED, error="deleted")
        deliveries.update(to_address="", error="", purged=True, subscriber=None)
        subscriber.delete()


def rotate_links(subscriber: Subscriber) -> None:
    """Revoke every link sent so far (a new key)."""
    subscriber.key = new_key()
    subscriber.save(update_fields=["key"])


def request_manage_link(address: str) -> None:
    """'Email or text me a link': sent only to a confirmed, registered address; silent otherwise."""
    from safer.alerts import tasks

    address = address.strip()
    if "@" in address:
        found = Subscriber.objects.filter(email__iexact=address, email_confirmed_at__isnull=False).first()
        channel = Channel.EMAIL
    else:
        found = Subscriber.objects.filter(mobile=address, mobile_confirmed_at__isnull=False).first()
        channel = Channel.SMS
    if found is not None:
        pk = found.pk
        transaction.on_commit(lambda: tasks.send_manage_link.enqueue(pk, int(channel)))


# --- staff -----------------------------------------------------------------------------------


class ScopeError(Exception):
    """The target reaches beyond what this account may message."""


@dataclass
class Draft:
    title: str
    body: str
    kind: str
    urgency: str
    target: str
    neighbourhoods: list[Neighbourhood] = field(default_factory=list)
    areas: list[PolicingArea] = field(default_factory=list)
    geometry_wkb: bytes | None = None
    group: Group | None = None
    scheduled_for: dt.datetime | None = None


def _check_scope(user: User, message: Message) -> None:
    allowed = set(neighbourhoods_in_scope(user).values_list("pk", flat=True))
    wanted = set(message.neighbourhoods.values_list("pk", flat=True))
    outside = wanted - allowed
    if outside:
        names = ", ".join(
            sorted(Neighbourhood.objects.filter(pk__in=outside).values_list("name", flat=True)[:5])
        )
        raise ScopeError(f"This message reaches neighbourhoods outside your area: {names}")
    if (
        message.target == Target.FORCE
        and len(allowed) < Neighbourhood.objects.filter(force=message.force).count()
    ):
        raise ScopeError("Only staff whose area is the whole force can message the whole force")


def save_draft(user: User, draft: Draft, message: Message | None = None) -> Message:
    """Create or update a draft, resolve its target and count its reach. Raises ScopeError (and
    changes nothing) if the target reaches beyond the author's scope."""
    if not has_role(user, TEAM_EDITORS):
        raise ScopeError("Your role cannot send messages")
    with transaction.atomic():
        if message is None:
            force = Force.objects.get(slug=settings.FORCE_ID)
            message = Message(force=force, author=user)  # type: ignore[misc]
        elif message.status != MessageStatus.DRAFT:
            raise ScopeError("Only a draft can be changed")
        for name in ("title", "body", "kind", "urgency", "target", "geometry_wkb", "group", "scheduled_for"):
            setattr(message, name, getattr(draft, name))
        message.save()
        message.target_areas.set(draft.areas if draft.target == Target.AREAS else [])
        if draft.target == Target.NEIGHBOURHOODS:
            message.neighbourhoods.set(draft.neighbourhoods)
        fanout.resolve_targets(message)
        _check_scope(user, message)
        message.reach = {str(k): v for k, v in fanout.reach(message).items()}
        total = sum(message.reach.values())
        message.needs_approval = message.target == Target.FORCE or total > settings.ALERTS_APPROVAL_THRESHOLD
        message.save(update_fields=["reach", "needs_approval"])
        audit.record(user, "alert.drafted", message, {"title": [None, message.title]})
    return message


def _schedule(message: Message) -> None:
    from safer.alerts import tasks

    message.status = MessageStatus.SCHEDULED
    message.save(update_fields=["status"])
    pk, when = message.pk, message.scheduled_for
    if when and when > timezone.now():
        # Backends that cannot defer leave it to the delivery worker's sweep (fanout.release_due).
        if tasks.fan_out_message.get_backend().supports_defer:
            transaction.on_commit(lambda: tasks.fan_out_message.using(run_after=when).enqueue(pk))
    else:
        transaction.on_commit(lambda: tasks.fan_out_message.enqueue(pk))


def submit(user: User, message: Message) -> Message:
    """Send (or schedule) a draft, or put it to a supervisor if its reach needs approval."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.author_id != getattr(user, "pk", None) and not has_role(user, SUPERVISORS):
            raise ScopeError("Only the author can send this draft")
        if message.status != MessageStatus.DRAFT:
            raise ScopeError("This message has already been sent or submitted")
        _check_scope(user, message)
        if message.needs_approval:
            message.status = MessageStatus.AWAITING_APPROVAL
            message.save(update_fields=["status"])
            audit.record(user, "alert.submitted-for-approval", message)
        else:
            _schedule(message)
            audit.record(user, "alert.sent", message)
    return message


def can_approve(user: User, message: Message) -> bool:
    if not has_role(user, {Role.SERGEANT, Role.INSPECTOR, Role.ADMINISTRATOR}):
        return False
    if message.author_id == getattr(user, "pk", None):
        return False  # four eyes: a supervisor's own wide message needs another supervisor
    try:
        _check_scope(user, message)
    except ScopeError:
        return False
    return True


def approve(user: User, message: Message) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.AWAITING_APPROVAL:
            raise ScopeError("This message is not waiting for approval")
        if not can_approve(user, message):
            raise ScopeError("You cannot approve this message")
        message.approved_by = user  # type: ignore[assignment]
        message.approved_at = timezone.now()
        message.save(update_fields=["approved_by", "approved_at"])
        _schedule(message)
        audit.record(user, "alert.approved", message)
    return message


def reject(user: User, message: Message, reason: str) -> Message:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.status != MessageStatus.AWAITING_APPROVAL or not can_approve(user, message):
            raise ScopeError("You cannot turn this message down")
        message.status = MessageStatus.REJECTED
        message.rejection_reason = reason[:500]
        message.save(update_fields=["status", "rejection_reason"])
        audit.record(user, "alert.rejected", message)
    return message


def cancel(user: User, message: Message) -> Message:
    """Stop a scheduled or waiting message before it goes."""
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        allowed = message.author_id == getattr(user, "pk", None) or can_approve(user, message)
        if not allowed or message.status not in (
            MessageStatus.DRAFT,
            MessageStatus.SCHEDULED,
            MessageStatus.AWAITING_APPROVAL,
        ):
            raise ScopeError("This message cannot be cancelled")
        message.status = MessageStatus.CANCELLED
        message.save(update_fields=["status"])
        audit.record(user, "alert.cancelled", message)
    return message
