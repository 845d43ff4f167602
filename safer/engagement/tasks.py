"""Background work (django-tasks): each task takes ids and logs no personal data."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from safer.engagement.calendar import quarter_of
from safer.engagement.models import Correspondence, ParishUpdate
from safer.engagement.pdf import parish_update_pdf
from safer.lib import sending
from safer.lib.signing import absolute

log = logging.getLogger(__name__)


def reminder_days() -> int:
    return settings.ENGAGEMENT_REMINDER_DAYS


def due_for_reminder(today: dt.date, days_before: int) -> QuerySet[Correspondence]:
    """Unanswered items whose agreed date is within `days_before` days (or passed), not yet reminded,
    with an officer who has an email address."""
    return Correspondence.objects.filter(
        replied_on__isnull=True,
        reminded_at__isnull=True,
        assigned_to__isnull=False,
        reply_due__lte=today + dt.timedelta(days=days_before),
    ).exclude(assigned_to__email="")


PARISH_UPDATE_REF = "engagement.parish-update"


@task()
def email_parish_update(update_id: int) -> bool:
    """Hand the update and its PDF to send_now; `sent_at` is set when the provider has taken it."""
    update = ParishUpdate.objects.select_related("council__parish__neighbourhood").get(pk=update_id)
    if update.sent_at is not None:
        return False  # already sent: a repeated task sends nothing twice
    council = update.council
    start, end = quarter_of(update.quarter_start)
    pdf = parish_update_pdf(council, start)
    body = (
        f"{council.salutation},\n\n"
        f"Attached is the {council.parish.neighbourhood.name} Safer Neighbourhood Team's update for "
        f"{council.name}, covering {start:%-d %B} to {end:%-d %B %Y}: our priorities, the engagement "
        "events we held and have planned, the meetings we attended and the crime figures.\n\n"
        "If you have any questions, reply to this email or contact the team.\n"
    )
    subject = f"Policing update for {council.name}: {start:%B} to {end:%B %Y}"
    attachment = sending.Attachment(f"policing-update-{start:%Y-%m}.pdf", pdf, "application/pdf")
    sending.send_now(
        sending.Transactional(
            sending.EMAIL,
            update.sent_to,
            subject,
            body,
            attachments=(attachment,),
            ref=f"{PARISH_UPDATE_REF}:{update.pk}",
        )
    )
    log.info("parish update %s queued", update.pk)
    return True


def record_parish_update_outcome(sender: object, ref: str, sent: bool, error: str, **kwargs: object) -> None:
    """send_now's outcome for a quarterly update (connected in apps.py): sent when the provider took it."""
    update_id = sending.ref_id(ref, PARISH_UPDATE_REF)
    if update_id is not None and sent:
        ParishUpdate.objects.filter(pk=update_id, sent_at__isnull=True).update(sent_at=timezone.now())


class _NoAddress(Exception):
    """The item's officer has no email address now: undo the claim and send nothing."""


@task()
def send_correspondence_reminders() -> int:
    """Remind the assigned officer once, a few days before the reply date agreed with the writer.

    Safe to run as often as a scheduler likes (hourly, say), and from two places at once: each item
    is claimed with a conditional UPDATE (reminded_at set only where still empty) in the same
    transaction as its email is stored by send_now, so only the run that wins the claim sends it;
    send_now retries it while the mail server is down."""
    today = timezone.localdate()
    sent = 0
    candidates = list(due_for_reminder(today, reminder_days()).values_list("pk", flat=True))
    for pk in candidates:
        try:
            with transaction.atomic():
                claimed = Correspondence.objects.filter(pk=pk, reminded_at__isnull=True).update(
                    reminded_at=timezone.now()
                )
                if not claimed:
                    continue  # another run has just reminded it
                item = Correspondence.objects.select_related("assigned_to", "neighbourhood").get(pk=pk)
                user = item.assigned_to
                if user is None or not user.email:
                    raise _NoAddress
                url = absolute(reverse("engagement:staff-correspondence-item", args=[item.pk]))
                state = "was due" if item.reply_due < today else "is due"
                body = (
                    f"A reply to correspondence for {item.neighbourhood.name} {state} on "
                    f"{item.reply_due:%-d %B %Y}, "
                    f"the date agreed with the writer.\n\nOpen it in the back office: {url}\n"
                )
                subject = f"Reply due {item.reply_due:%-d %B}: {item.subject}"
                sending.send_now(
                    sending.Transactional(
                        sending.EMAIL, user.email, subject, body, ref=f"engagement.correspondence:{item.pk}"
                    )
                )
        except _NoAddress:
            continue  # changed since it was listed: no one to remind, and the claim is undone
        sent += 1
    log.info("correspondence reminders sent: %d", sent)
    return sent
