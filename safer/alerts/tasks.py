"""Background tasks (django-tasks). Each takes ids; secrets such as phone codes are made inside the
task, so they are never stored in the task queue's table."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from safer.alerts import links, outgoing, phone_codes
from safer.alerts.channels import Links
from safer.alerts.fanout import fan_out
from safer.alerts.models import Channel, Subscriber
from safer.alerts.render import transactional
from safer.lib import recipients
from safer.lib.sending import Transactional, send_now
from safer.places.lookups import current_force

log = logging.getLogger(__name__)


@task(queue_name="alerts")
def fan_out_message(message_id: int) -> int:
    """Resolve a message's recipients and queue its deliveries (the delivery worker sends them)."""
    return fan_out(message_id)


LIB_CHANNELS = {v: k for k, v in outgoing.CHANNELS.items()}


@task(queue_name="alerts")
def send_outgoing(outgoing_id: int) -> str:
    """One attempt at a message from send_now; retried with backoff while the provider is down."""
    return outgoing.send(outgoing_id)


@task(queue_name="alerts")
def send_due_outgoing() -> int:
    """The sweep behind the retries: every queued transactional message that is due."""
    return outgoing.send_due()


def _send_one(
    subscriber: Subscriber, channel: int, to: str, subject: str, template: str, context: dict
) -> bool:
    content = transactional(subject, template, {"force_name": _force_name(), **context})
    personal = Links(
        unsubscribe=links.unsubscribe_url(subscriber.pk, subscriber.key, channel),
        manage=links.manage_url(subscriber.pk, subscriber.key),
    )
    is_email = channel == Channel.EMAIL
    send_now(
        Transactional(
            channel=LIB_CHANNELS[Channel(channel)],
            to=to,
            subject=subject,
            text=content.personalise(content.text if is_email else content.sms, personal),
            html=content.personalise(content.html, personal) if is_email else "",
            ref=f"alerts.subscriber:{subscriber.pk}",
        )
    )
    return True


def _within_cap(address: str) -> bool:
    """Everything here goes to an address someone typed into a public form, perhaps someone else's:
    at most CONFIRMATIONS_PER_ADDRESS_PER_DAY of them a day, whoever asks."""
    if recipients.allow(address, "alerts", settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY):
        return True
    log.warning("alerts.transactional capped: daily limit for one address reached")
    return False


def _force_name() -> str:
    force = current_force()
    return force.name if force else "Neighbourhood Matters"


@task(queue_name="alerts")
def send_email_confirmation(subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.email or not _within_cap(subscriber.email):
        return False
    return _send_one(
        subscriber,
        Channel.EMAIL,
        subscriber.email,
        "Confirm your email address for Neighbourhood Matters",
        "confirm",
        {"confirm_url": links.confirm_email_url(subscriber)},
    )


@task(queue_name="alerts")
def send_phone_code(subscriber_id: int, field: str) -> bool:
    """A code by text (mobile) or read out in a call (landline)."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or field not in ("mobile", "landline") or not getattr(subscriber, field):
        return False
    if not _within_cap(getattr(subscriber, field)):
        return False  # before a new code is made: the one already sent keeps working
    code = phone_codes.new_phone_code(subscriber, field)
    channel = Channel.SMS if field == "mobile" else Channel.VOICE
    spaced = " ".join(code)  # read out digit by digit
    return _send_one(
        subscriber,
        channel,
        getattr(subscriber, field),
        "Your confirmation code",
        "code_sms" if channel == Channel.SMS else "code_voice",
        {"code": code if channel == Channel.SMS else spaced},
    )


@task(queue_name="alerts")
def send_manage_link(subscriber_id: int, channel: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    to = subscriber.email if channel == Channel.EMAIL else subscriber.mobile
    if not to or not _within_cap(to):
        return False
    return _send_one(
        subscriber,
        channel,
        to,
        "Your link to manage Neighbourhood Matters alerts",
        "manage_link" if channel == Channel.EMAIL else "manage_link_sms",
        {},
    )
