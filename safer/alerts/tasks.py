"""Background tasks (django-tasks). Each takes ids; secrets such as phone codes are made inside the
task, so they are never stored in the task queue's table."""

from __future__ import annotations

import logging
import secrets

from django_tasks import task

from safer.alerts import actions, links
from safer.alerts.channels import ChannelError, Links, Outgoing, make_sender
from safer.alerts.fanout import fan_out
from safer.alerts.models import Channel, Subscriber
from safer.alerts.render import transactional
from safer.places.lookups import current_force

log = logging.getLogger(__name__)


@task(queue_name="alerts")
def fan_out_message(message_id: int) -> int:
    """Resolve a message's recipients and queue its deliveries (the delivery worker sends them)."""
    return fan_out(message_id)


def _send_one(
    subscriber: Subscriber, channel: int, to: str, subject: str, template: str, context: dict
) -> bool:
    content = transactional(subject, template, {"force_name": _force_name(), **context})
    item = Outgoing(
        key=secrets.randbits(40),
        to=to,
        content=content,
        links=Links(
            unsubscribe=links.unsubscribe_url(subscriber.pk, subscriber.key, channel),
            manage=links.manage_url(subscriber.pk, subscriber.key),
        ),
    )
    sender = make_sender(channel)
    try:
        results = list(sender.send([item]))
    except ChannelError as exc:
        log.warning("alerts.transactional channel=%s failed: %s", channel, exc.code)
        return False
    finally:
        sender.close()
    ok = bool(results) and results[0].error is None
    if not ok:
        log.warning("alerts.transactional channel=%s refused", channel)
    return ok


def _force_name() -> str:
    force = current_force()
    return force.name if force else "Neighbourhood Matters"


@task(queue_name="alerts")
def send_email_confirmation(subscriber_id: int) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not subscriber.email:
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
    code = actions.new_phone_code(subscriber, field)
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
    if not to:
        return False
    return _send_one(
        subscriber,
        channel,
        to,
        "Your link to manage Neighbourhood Matters alerts",
        "manage_link" if channel == Channel.EMAIL else "manage_link_sms",
        {},
    )
