"""How many answers one client may give a survey, and the bursts the staff results page flags.

A client is a browser (a signed cookie per survey) and an address (`safer.lib.ratelimit.client_ip`,
stored only as a salted hash per survey, so answers to two surveys cannot be linked by address).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from safer.engagement.models import Survey, SurveyResponse
from safer.lib.ratelimit import client_ip

COOKIE_SALT = "engagement.survey"
ALREADY_ANSWERED = "You have already answered this survey. Thank you."
TOO_MANY_FROM_ADDRESS = (
    "This survey has had as many answers from your connection today as it takes. Try again tomorrow."
)


def client_hash(survey: Survey, request: HttpRequest) -> str:
    key = f"{settings.SECRET_KEY}:survey-client:{survey.pk}".encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()


def _cookie_name(survey: Survey) -> str:
    return f"survey-{survey.pk}"


def answers_from_browser(survey: Survey, request: HttpRequest) -> int:
    value = request.get_signed_cookie(_cookie_name(survey), default="0", salt=COOKIE_SALT) or "0"
    return int(value) if value.isdigit() else 0


def refusal(survey: Survey, request: HttpRequest, now: dt.datetime | None = None) -> str | None:
    """Why this client may not answer again, or None."""
    if answers_from_browser(survey, request) >= settings.SURVEY_RESPONSES_PER_BROWSER:
        return ALREADY_ANSWERED
    since = (now or timezone.now()) - dt.timedelta(days=1)
    recent = SurveyResponse.objects.filter(
        survey=survey, client_hash=client_hash(survey, request), submitted_at__gte=since
    ).count()
    if recent >= settings.SURVEY_RESPONSES_PER_ADDRESS_PER_DAY:
        return TOO_MANY_FROM_ADDRESS
    return None


def remember_answer(survey: Survey, request: HttpRequest, response: HttpResponse) -> None:
    response.set_signed_cookie(
        _cookie_name(survey),
        str(answers_from_browser(survey, request) + 1),
        salt=COOKIE_SALT,
        max_age=400 * 24 * 3600,  # browsers keep a cookie at most 400 days
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass(frozen=True)
class Burst:
    responses: int
    first: dt.datetime
    last: dt.datetime

    def __str__(self) -> str:
        return f"{self.responses} responses from one address within {settings.SURVEY_BURST_MINUTES} minutes"


def bursts(survey: Survey) -> list[Burst]:
    """Runs of at least SURVEY_BURST_RESPONSES answers from one address, each within
    SURVEY_BURST_MINUTES of the run's first: the biggest run per address, largest first."""
    window = dt.timedelta(minutes=settings.SURVEY_BURST_MINUTES)
    times: dict[str, list[dt.datetime]] = {}
    rows = survey.responses.exclude(client_hash="").values_list("client_hash", "submitted_at")
    for key, at in rows.order_by("client_hash", "submitted_at"):
        times.setdefault(key, []).append(at)
    found: list[Burst] = []
    for stamps in times.values():
        best: Burst | None = None
        start = 0
        for end, at in enumerate(stamps):
            while at - stamps[start] > window:
                start += 1
            count = end - start + 1
            if count >= settings.SURVEY_BURST_RESPONSES and (best is None or count > best.responses):
                best = Burst(count, stamps[start], at)
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda b: (-b.responses, b.first))
