"""`/staff/today/`: what needs this person today, built for a phone; and the one-tap duty button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from safer.accounts import scopes
from safer.teams import actions as team_actions
from safer.teams.models import Person
from safer.today import context
from safer.today.providers import all_sections

ROUND_TO_MINUTES = 15


def shift_end(now: dt.datetime) -> dt.datetime:
    """Now plus a shift, rounded up to the quarter hour (and never more than 24 hours ahead)."""
    end = timezone.localtime(now) + dt.timedelta(hours=settings.TODAY_SHIFT_HOURS)
    quarter = end.replace(minute=end.minute - end.minute % ROUND_TO_MINUTES, second=0, microsecond=0)
    # Rounding the minutes alone would drop the seconds at 10:45:30 and end the shift early.
    end = quarter if quarter == end else quarter + dt.timedelta(minutes=ROUND_TO_MINUTES)
    return min(end, now + dt.timedelta(hours=24) - dt.timedelta(minutes=1))


def own_person(user: Any) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


@scopes.require_role()
@require_safe
def today(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    sections = all_sections(request.user, now)
    context.remember(request.user.pk or 0, context.to_do(sections))
    person = own_person(request.user) if scopes.has_role(request.user, scopes.TEAM_EDITORS) else None
    return render(
        request,
        "today/today.html",
        {
            "now": now,
            "sections": sections,
            "person": person,
            "on_duty": person.is_on_duty(now) if person else False,
            "shift_end": shift_end(now),
            "can_have_duty": scopes.has_role(request.user, scopes.TEAM_EDITORS),
        },
    )


@scopes.require_role(*scopes.TEAM_EDITORS)
@require_POST
def duty(request: HttpRequest) -> HttpResponse:
    """One tap: on duty until the end of a shift from now, or off duty. Works without JavaScript."""
    person = own_person(request.user)
    status = request.POST.get("status")
    if person is None:
        messages.error(request, "Your account is not linked to a person in a team: ask an administrator.")
        return redirect("today:today")
    if status not in {"on", "off"}:
        messages.error(request, "Choose on duty or off duty.")
        return redirect("today:today")
    now = timezone.now()
    until = shift_end(now) if status == "on" else None
    try:
        team_actions.set_duty_status(request.user, person, on_duty=status == "on", until=until, now=now)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("today:today")
    if status == "on":
        messages.success(request, f"You are on duty until {timezone.localtime(until):%H:%M}.")
    else:
        messages.success(request, "You are off duty.")
    return redirect("today:today")
