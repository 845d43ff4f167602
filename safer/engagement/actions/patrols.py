"""Patrols logged at named places, and the team's social media log: each checks the team again
and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts import audit
from safer.engagement.actions.common import User, _actor, check_team
from safer.engagement.models import KeyPlace, PatrolLog, SocialPost

PATROL_MINUTES = (15, 30, 45, 60, 90, 120)


def log_patrol(user: User, place: KeyPlace, minutes: int, now: dt.datetime | None = None) -> PatrolLog:
    """A patrol of (or visit to) the place, ending now and lasting `minutes`."""
    check_team(user, place.neighbourhood)
    if minutes not in PATROL_MINUTES:
        raise ValidationError("Choose how long the patrol lasted")
    now = now or timezone.now()
    if not place.is_listed(timezone.localdate(now)):
        raise ValidationError("This place is no longer listed for patrols")
    with transaction.atomic():
        log = PatrolLog.objects.create(
            place=place,
            person=getattr(user, "person", None),
            started_at=now - dt.timedelta(minutes=minutes),
            minutes=minutes,
            logged_by=_actor(user),
            logged_at=now,
        )
        audit.record(user, "patrol.logged", log, {"place": [None, place.pk], "minutes": [None, minutes]})
    return log


def log_social_post(user: User, neighbourhood: Any, fields: dict[str, Any]) -> SocialPost:
    check_team(user, neighbourhood)
    with transaction.atomic():
        post = SocialPost(neighbourhood=neighbourhood, logged_by=_actor(user), **fields)
        post.full_clean(exclude=["logged_by"])
        post.save()
        audit.record(user, "social_post.logged", post)
    return post
