"""Retention by MoPI group (PIRM 2023 keeps the groups): each record has a review date, set from
its group (settings.VICTIMS_RETENTION_YEARS) and its latest incident. On that date, unless a
supervisor's review retained it, the scheduled job (`safer victims_retention`) erases it.

Erasure blanks every personal field, unlinks the incidents and removes the words of assessments,
but keeps the row, its flags, clocks, consent choices, referrals and leaflets (no personal data
left in them), so the measures still count the victim. The erasure is logged (s62)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safer.victims.access import Op, log
from safer.victims.records import Leaflet, NeedsAssessment, Victim

BLANK: dict[str, Any] = {
    "name": "", "acting_for": "", "phone": "", "email": "", "address": "", "safe_phone": "",
    "safe_times": "", "safe_contact_notes": "",
}  # fmt: skip


def erase(victim: Victim, user: Any, justification: str) -> None:
    with transaction.atomic():
        now = timezone.now()
        Victim.objects.filter(pk=victim.pk).update(erased_at=now, **BLANK)
        victim.incidents.clear()
        NeedsAssessment.objects.filter(victim=victim).update(needs="", interpreter="")
        Leaflet.objects.filter(victim=victim).update(crime_reference="")
        log(user, Op.ERASURE, victim, justification, detail="personal data erased; counts kept")
    victim.refresh_from_db()


def due_for_erasure(today: dt.date | None = None) -> list[Victim]:
    today = today or timezone.localdate()
    return list(Victim.objects.filter(erased_at__isnull=True, review_on__lte=today))


def erase_due(today: dt.date | None = None) -> int:
    """Erase every record whose review date has come without a review that retained it."""
    due = due_for_erasure(today)
    for victim in due:
        erase(victim, None, f"End of retention ({victim.get_retention_group_display()})")
    return len(due)
