"""Reminders before an information-sharing agreement lapses (run daily by `remind_agreements`).

One reminder per agreement per expiry date: `reminder_sent_for` remembers the date it was about, so
running twice sends nothing more, and a review that moves the date earns a fresh reminder next time.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safer.lib import sending
from safer.partners.models import SharingAgreement
from safer.partners.models.sharing import AgreementStatus


def due_reminders(today: dt.date) -> list[SharingAgreement]:
    horizon = today + dt.timedelta(days=settings.PARTNERS_AGREEMENT_REMINDER_DAYS)
    candidates = SharingAgreement.objects.filter(
        status=AgreementStatus.SIGNED, start_date__lte=horizon, review_date__gte=today
    ).prefetch_related("parties__contacts")
    return [a for a in candidates if today <= a.expires_on <= horizon and a.reminder_sent_for != a.expires_on]


def recipients(agreement: SharingAgreement) -> list[str]:
    """The agreement owner's address and each party's primary contacts' addresses, once each."""
    found: list[str] = []
    if agreement.owner is not None and agreement.owner.email:
        found.append(agreement.owner.email)
    for agency in agreement.parties.all():
        for contact in agency.contacts.all():
            if contact.is_primary and contact.email and contact.email not in found:
                found.append(contact.email)
    return found


def send_reminders(today: dt.date | None = None) -> int:
    """Send every reminder due today; the number of agreements reminded about."""
    today = today or timezone.localdate()
    sent = 0
    for agreement in due_reminders(today):
        with transaction.atomic():
            locked = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminder_sent_for == agreement.expires_on:
                continue
            days = (agreement.expires_on - today).days
            link = settings.SITE_URL.rstrip("/") + reverse("partners:agreement", args=[agreement.pk])
            text = (
                f"Information-sharing agreement {agreement.reference} ({agreement.title}) lapses after "
                f"{agreement.expires_on:%d %B %Y}, in {days} day{'s' if days != 1 else ''}.\n\n"
                "After that date nothing is shared under it: partner accounts stop seeing the records it "
                f"covers. Review it, or renew it, before then:\n{link}\n"
            )
            for address in recipients(agreement):
                sending.send_now(
                    sending.Transactional(
                        sending.EMAIL,
                        address,
                        f"Agreement {agreement.reference} needs review by {agreement.expires_on:%d %B %Y}",
                        text,
                        ref=f"partners.agreement-reminder:{agreement.pk}",
                    )
                )
            locked.reminder_sent_for = agreement.expires_on
            locked.save(update_fields=["reminder_sent_for"])
            sent += 1
    return sent
