"""Background tasks (django-tasks), each taking ids: sending to the resident, and the deadline
escalation. Confirmation codes are made inside the task, so they never sit in the task queue.

Escalation runs two ways, so a lost task cannot hide a missed deadline: when a message is confirmed
a task is queued to run just after its deadline (on backends that can defer, such as the database
backend the worker uses), and `safer escalate-overdue-contact` (cron, or any worker host) sweeps for
anything overdue. `escalation.escalate` marks a message once, however many of these run.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend, task

from safer.contact import codes, escalation, links
from safer.contact.models import ContactMessage, Reply, ReplyChannel, SendStatus, Status
from safer.lib import recipients, sending
from safer.lib.signing import absolute
from safer.teams.models import Membership, Rank

log = logging.getLogger(__name__)

REPLY_REF = "contact.reply"


def _send(channel: str, to: str, template: str, subject: str, context: dict[str, Any], ref: str) -> None:
    """Render a text template (the email's HTML part is the same text, linked and wrapped) and hand
    it to send_now, which sends it with retries."""
    text = render_to_string(f"contact/messages/{template}.txt", context).strip()
    is_email = channel == ReplyChannel.EMAIL
    html = (
        render_to_string("contact/messages/email.html", {"subject": subject, "text": text})
        if is_email
        else ""
    )
    lib_channel = sending.EMAIL if is_email else sending.SMS
    sending.send_now(sending.Transactional(lib_channel, to, subject, text, html, ref=ref))


def _context(message: ContactMessage) -> dict[str, object]:
    nb = message.neighbourhood
    return {
        "message": message,
        "neighbourhood": nb,
        "force": nb.force,
        "team_url": absolute(reverse("web:neighbourhood", args=[nb.slug])),
        "withdraw_url": links.url_for(message, links.WITHDRAW),
    }


def _message(message_id: int) -> ContactMessage | None:
    return ContactMessage.objects.select_related("neighbourhood__force").filter(pk=message_id).first()


@task()
def send_confirmation(message_id: int) -> bool:
    """A link by email, or a 6-digit code by text, before anything reaches the team."""
    message = _message(message_id)
    if message is None or message.status != Status.UNCONFIRMED or not message.address:
        return False
    if not recipients.allow(message.address, "contact", settings.CONFIRMATIONS_PER_ADDRESS_PER_DAY):
        # Anyone can type someone else's address into the form: a day's cap per address, whoever asks.
        log.warning("contact.confirmation message=%s capped: daily limit for one address reached", message.pk)
        return False
    context = _context(message)
    if message.channel == ReplyChannel.EMAIL:
        context["confirm_url"] = links.url_for(message, links.CONFIRM)
        context["hours"] = settings.CONTACT_CONFIRM_HOURS
        template, subject = "confirm_email", f"Confirm your message to the {message.neighbourhood.name} team"
    else:
        context["code"] = codes.new_code(message)
        context["minutes"] = codes.CODE_MINUTES
        template, subject = "confirm_sms", "Your confirmation code"
    _send(message.channel, message.address, template, subject, context, f"contact.message:{message.pk}")
    return True


@task()
def send_acknowledgement(message_id: int) -> bool:
    message = _message(message_id)
    if message is None or message.status == Status.UNCONFIRMED or not message.address:
        return False
    template = "acknowledgement" if message.channel == ReplyChannel.EMAIL else "acknowledgement_sms"
    subject = f"We have your message: reference {message.reference}"
    _send(
        message.channel,
        message.address,
        template,
        subject,
        _context(message),
        f"contact.message:{message.pk}",
    )
    return True


@task()
def send_reply(reply_id: int) -> bool:
    """Queue the reply for sending; its status becomes sent (or not sent) when send_now settles it."""
    item = Reply.objects.select_related("message__neighbourhood__force").filter(pk=reply_id).first()
    if item is None or item.send_status != SendStatus.QUEUED:
        return False
    message = item.message
    if not message.address or not item.body:
        Reply.objects.filter(pk=item.pk).update(send_status=SendStatus.FAILED, error="no-address")
        return False
    context = {**_context(message), "reply": item}
    template = "reply" if message.channel == ReplyChannel.EMAIL else "reply_sms"
    subject = f"Reply from the {message.neighbourhood.name} team: reference {message.reference}"
    _send(message.channel, message.address, template, subject, context, f"{REPLY_REF}:{item.pk}")
    return True


def record_reply_outcome(sender: object, ref: str, sent: bool, error: str, **kwargs: object) -> None:
    """send_now's outcome for a reply (connected in apps.py): what staff see beside it."""
    reply_id = sending.ref_id(ref, REPLY_REF)
    if reply_id is None:
        return
    if sent:
        Reply.objects.filter(pk=reply_id).update(
            send_status=SendStatus.SENT, sent_at=timezone.now(), error=""
        )
    else:
        Reply.objects.filter(pk=reply_id).update(send_status=SendStatus.FAILED, error=error)


@task()
def escalate_if_overdue(message_id: int) -> bool:
    return escalation.escalate(message_id)


@task()
def escalate_overdue() -> int:
    """Escalate every open message past its deadline; the number escalated."""
    return sum(escalation.escalate(pk) for pk in escalation.overdue())


def schedule_escalation(message_id: int, due_at: dt.datetime) -> None:
    """Queue the escalation check for just after the deadline, where the backend can defer."""
    if default_task_backend.supports_defer:
        escalate_if_overdue.using(run_after=due_at + dt.timedelta(seconds=60)).enqueue(message_id)


def notify_sergeants(message_id: int) -> int:
    """Email the team's sergeants that a reply is overdue: the reference, the team and the times,
    never the resident's details or words. Each notice is stored and sent by send_now, so a mail
    server that is down delays it rather than losing it. The number of sergeants written to."""
    message = _message(message_id)
    if message is None:
        return 0
    sergeants = (
        Membership.objects.filter(neighbourhood=message.neighbourhood, role=Rank.SERGEANT)
        .exclude(person__work_email="")
        .select_related("person")
    )
    staff_url = absolute(reverse("contact:message", args=[message.pk]))
    context = {**_context(message), "staff_url": staff_url, "hours": settings.CONTACT_REPLY_HOURS}
    subject = f"Overdue: no reply to {message.reference} ({message.neighbourhood.name})"
    told = 0
    for membership in sergeants:
        ref = f"contact.escalation:{message.pk}"
        _send(ReplyChannel.EMAIL, membership.person.work_email, "escalation", subject, context, ref)
        told += 1
    if not told:
        log.warning("contact.escalation message=%s: no sergeant has an email address", message_id)
    return told
