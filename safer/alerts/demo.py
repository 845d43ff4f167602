"""Demo data for alerts: a few fictional subscribers (Ofcom drama numbers, example addresses), a
watch scheme, one message already sent (through the outbox, whatever EMAIL_URL says) and one
force-wide message waiting for a supervisor's approval. Idempotent: it replaces its own rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from safer.accounts.models import Role, StaffProfile
from safer.alerts import actions, fanout
from safer.alerts.channels.outbox import OutboxSender
from safer.alerts.models import (
    ALL_KINDS,
    KIND_BITS,
    Channel,
    Group,
    Message,
    MessageStatus,
    Subscriber,
    Target,
)
from safer.alerts.retention import finish_messages
from safer.alerts.worker import Worker
from safer.places.lookups import current_force
from safer.places.models import Neighbourhood

DEMO_DOMAIN = "demo.example"
SENT_TITLE = "Sheds and garages broken into overnight"
WAITING_TITLE = "Scam phone calls claiming to be the police"
PEOPLE = [
    # (name part, mobile, landline, email kinds, text kinds, call kinds, digest kinds)
    ("ali", "+447700900101", "", ALL_KINDS, KIND_BITS["crime"] | KIND_BITS["incident"], 0, 0),
    ("bea", "", "+441632960102", KIND_BITS["crime"] | KIND_BITS["appeal"], 0, KIND_BITS["incident"], 0),
    ("cal", "", "", ALL_KINDS, 0, 0, KIND_BITS["event"] | KIND_BITS["survey"] | KIND_BITS["information"]),
    ("dee", "+447700900104", "", 0, KIND_BITS["crime"], 0, 0),
    ("eli", "", "", KIND_BITS["watch"] | KIND_BITS["crime"], 0, 0, 0),
    ("fay", "", "", KIND_BITS["event"], 0, 0, 0),
]


def _clear() -> None:
    Message.objects.filter(title__in=[SENT_TITLE, WAITING_TITLE]).delete()
    for subscriber in Subscriber.objects.filter(email__endswith=f"@{DEMO_DOMAIN}"):
        actions.delete_registration(subscriber)
    # Only this step's own group ("<neighbourhood> Neighbourhood Watch (demo)"): other apps' demo
    # groups end the same way (community's watch schemes), and their schemes protect them.
    names = [
        f"{name} Neighbourhood Watch (demo)" for name in Neighbourhood.objects.values_list("name", flat=True)
    ]
    Group.objects.filter(name__in=names).delete()


@transaction.atomic
def load_demo_alerts() -> str:
    _clear()
    force = current_force()
    neighbourhoods = list(Neighbourhood.objects.filter(force=force).order_by("name")[:3]) if force else []
    if force is None or not neighbourhoods:
        return "no neighbourhoods: skipped"
    now = timezone.now()
    subscribers = []
    for i, (name, mobile, landline, email_kinds, sms_kinds, voice_kinds, digest_kinds) in enumerate(PEOPLE):
        nb = neighbourhoods[i % len(neighbourhoods)]
        s = Subscriber(
            email=f"{name}@{DEMO_DOMAIN}",
            mobile=mobile,
            landline=landline,
            email_confirmed_at=now,
            mobile_confirmed_at=now if mobile else None,
            landline_confirmed_at=now if landline else None,
            email_kinds=email_kinds,
            sms_kinds=sms_kinds,
            voice_kinds=voice_kinds,
            digest_kinds=digest_kinds,
            quiet_start=dt.time(22, 0) if mobile else None,
            quiet_end=dt.time(7, 0) if mobile else None,
        )
        s.refresh_channels()
        s.save()
        actions.add_place(
            s,
            actions.PlaceSpec(
                "home", "neighbourhood", [nb.pk], latitude=nb.centre_lat, longitude=nb.centre_lng
            ),
        )
        actions.consent(s, "signed-up", f"demo; consent text {actions.CONSENT_TEXT_VERSION}")
        subscribers.append(s)
    watch = Group.objects.create(
        neighbourhood=neighbourhoods[0], name=f"{neighbourhoods[0].name} Neighbourhood Watch (demo)"
    )
    watch.members.add(subscribers[0], subscribers[4])

    pcso = StaffProfile.objects.filter(role=Role.PCSO).select_related("user").first()
    author = pcso.user if pcso else None
    if author is None:
        return f"{len(subscribers)} subscribers (no staff account to send from)"
    sent = Message.objects.create(
        force=force,
        title=SENT_TITLE,
        body=(
            "Several sheds and garages were broken into overnight and bikes and tools taken.\n\n"
            "Please lock sheds, mark your tools with your postcode and report anything suspicious on 101."
        ),
        kind="crime",
        target=Target.NEIGHBOURHOODS,
        author=author,
        status=MessageStatus.SCHEDULED,
    )
    sent.neighbourhoods.set(neighbourhoods)
    fanout.fan_out(sent.pk)
    # Always through the outbox, so building the demo never sends real mail.
    outbox = {c: OutboxSender(c) for c in Channel}
    # As at 10:00 today, out of the demo's quiet hours (22:00-07:00): built at night, the demo's
    # sent alert would otherwise wait for the morning and the demo would differ by the hour.
    morning = timezone.localtime(now).replace(hour=10, minute=0, second=0, microsecond=0)
    Worker(senders=dict(outbox), quiet_hours_clock=lambda: morning).drain()  # type: ignore[arg-type]
    finish_messages()

    waiting = Message.objects.create(
        force=force,
        title=WAITING_TITLE,
        body="People are being called by someone claiming to be a police officer and asking for bank"
        " details. "
        "The police will never ask for your PIN or ask you to move money.",
        kind="information",
        target=Target.FORCE,
        author=author,
        needs_approval=True,
        status=MessageStatus.AWAITING_APPROVAL,
    )
    fanout.resolve_targets(waiting)
    waiting.reach = {str(k): v for k, v in fanout.reach(waiting).items()}
    waiting.save(update_fields=["reach"])
    return f"{len(subscribers)} subscribers, 1 message sent, 1 waiting for approval"
