"""Parish councils: agreements (a new one replaces the current one), meetings attended, and the
quarterly update emailed to the clerk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safer.accounts import audit
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.calendar import quarter_of
from safer.engagement.models import (
    CouncilAgreement,
    CouncilMeeting,
    ParishCouncil,
    ParishUpdate,
)
from safer.teams.models import Person


def save_agreement(user: User, council: ParishCouncil, fields: Mapping[str, Any]) -> CouncilAgreement:
    """A new agreement replaces the current one (which ends the day before)."""
    check_team(user, council.parish.neighbourhood)
    with transaction.atomic():
        agreement = CouncilAgreement(council=council, **fields)
        agreement.full_clean()
        council.agreements.filter(ends_on__isnull=True, agreed_on__lt=agreement.agreed_on).update(
            ends_on=agreement.agreed_on - dt.timedelta(days=1)
        )
        agreement.save()
        audit.record(user, "council.agreement_saved", agreement)
    return agreement


def record_meeting(
    user: User, council: ParishCouncil, fields: Mapping[str, Any], attended_by: Iterable[Person] = ()
) -> CouncilMeeting:
    check_team(user, council.parish.neighbourhood)
    with transaction.atomic():
        meeting = CouncilMeeting(council=council, **fields)
        meeting.full_clean()
        meeting.save()
        meeting.attended_by.set(list(attended_by))
    return meeting


def send_parish_update(user: User, council: ParishCouncil, quarter_start: dt.date) -> ParishUpdate:
    """Record a quarterly update and email it (with the PDF) to the clerk once committed."""
    from safer.engagement import tasks

    check_team(user, council.parish.neighbourhood)
    if not council.clerk_email:
        raise ValidationError("This council has no clerk's email address.")
    with transaction.atomic():
        update = ParishUpdate.objects.create(
            council=council,
            quarter_start=quarter_of(quarter_start)[0],
            created_by=_actor(user),
            sent_to=council.clerk_email,
        )
        pk = update.pk
        transaction.on_commit(lambda: tasks.email_parish_update.enqueue(pk))
    return update
