"""Residents' side of alerts: registering, confirming an email address or phone number, places,
preferences, switching channels off (unsubscribe, STOP), watch-scheme groups and manage links.
One transaction each; confirmations and links are enqueued on commit and given ids."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safer.alerts.models import (
    QUEUED_STATUSES,
    AlertPlace,
    Channel,
    ConsentEvent,
    Delivery,
    DigestFrequency,
    Group,
    GroupMember,
    PhoneConfirmation,
    Status,
    Subscriber,
    Subscription,
    bits_to_kinds,
    new_key,
)
from safer.alerts.phone_codes import CODE_ATTEMPTS, CODE_PURPOSE, bound_to
from safer.lib import codes

CONSENT_TEXT_VERSION = "2026-01"


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


def confirm_phone(subscriber: Subscriber, field_name: str, code: str) -> bool:
    with transaction.atomic():
        pending = (
            PhoneConfirmation.objects.select_for_update()
            .filter(subscriber=subscriber, field=field_name, expires_at__gt=timezone.now())
            .first()
        )
        if pending is None or pending.attempts >= CODE_ATTEMPTS:
            return False
        if not codes.matches(pending.code_hash, code, purpose=CODE_PURPOSE, bound_to=bound_to(subscriber)):
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


def change_mobile(subscriber: Subscriber, mobile: str) -> None:
    """A resident adds or changes their mobile from the manage page: the new number is unconfirmed
    (no texts or calls go to it) until they enter the code sent to it, as at sign-up."""
    from safer.alerts import tasks

    with transaction.atomic():
        subscriber.mobile = mobile
        subscriber.mobile_confirmed_at = None
        subscriber.refresh_channels()
        subscriber.save()
        consent(subscriber, "mobile-changed")
        sid = subscriber.pk
        transaction.on_commit(lambda: tasks.send_phone_code.enqueue(sid, "mobile"))
