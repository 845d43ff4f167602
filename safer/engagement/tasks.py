"""Background work (django-tasks): each task takes ids and logs no personal data."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from safer.engagement import mail
from safer.engagement.actions import due_for_reminder, quarter_of
from safer.engagement.models import Correspondence, ParishUpdate
from safer.engagement.pdf import parish_update_pdf

log = logging.getLogger(__name__)


def reminder_days() -> int:
    return int(getattr(settings, "ENGAGEMENT_REMINDER_DAYS", 2))


@task()
def email_parish_update(update_id: int) -> bool:
    update = ParishUpdate.objects.select_related("council__parish__neighbourhood").get(pk=update_id)
    if update.sent_at is not None:
        return False  # already sent: a retried task sends nothing twice
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
    mail.send(update.sent_to, subject, body, [(f"policing-update-{start:%Y-%m}.pdf", pdf, "application/pdf")])
    ParishUpdate.objects.filter(pk=update.pk).update(sent_at=timezone.now())
    log.info("parish update %s sent", update.pk)
    return True


class _NoAddress(Exception):
    """The item's officer has no email address now: undo the claim and send nothing."""


@task()
def send_correspondence_reminders() -> int:
    """Remind the assigned officer once, a few days before the reply date agreed with the writer.

    Safe to run as often as a scheduler likes (hourly, say), and from two places at once: each item
    is claimed with a conditional UPDATE (reminded_at set only where still empty) in the same
    transaction as its email is written, so only the run that wins the claim sends it. A send that
    fails rolls its claim back, leaving the item to the next run."""
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
                url = reverse("engagement:staff-correspondence-item", args=[item.pk])
                state = "was due" if item.reply_due < today else "is due"
                body = (
                    f"A reply to correspondence for {item.neighbourhood.name} {state} on "
                    f"{item.reply_due:%-d %B %Y}, "
                    f"the date agreed with the writer.\n\nOpen it in the back office: {url}\n"
                )
                mail.send(user.email, f"Reply due {item.reply_due:%-d %B}: {item.subject}", body)
        except _NoAddress:
            continue  # changed since it was listed: no one to remind, and the claim is undone
        except Exception as error:
            # One bad address or a mail server hiccup must not stop the others; the next run retries.
            # Only the error's type is logged: an SMTP error's text can hold the address.
            log.warning("correspondence reminder for item %s not sent: %s", pk, type(error).__name__)
            continue
        sent += 1
    log.info("correspondence reminders sent: %d", sent)
    return sent
