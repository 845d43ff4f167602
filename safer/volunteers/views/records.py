"""Hours given by special constables and support volunteers, youth sessions and the groups a team
meets: lists of the rows in scope and the forms that add them. Also the volunteers' staff home."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from safer.accounts.scopes import (
    ADVISORY_GROUP_MANAGERS,
    CADET_RECORDS,
    CADET_UNIT_MANAGERS,
    CUSTODY_VISITING,
    RIDE_ALONG_MANAGERS,
    VOLUNTEER_RECORDERS,
    VOLUNTEERING_STAFF,
    has_role,
    neighbourhoods_in_scope,
    require_role,
)
from safer.volunteers import queries
from safer.volunteers.forms import GroupContactForm, SpecialDutyForm, SupportShiftForm, YouthSessionForm
from safer.volunteers.models import GroupContact, SpecialDuty, SupportShift, YouthSession
from safer.volunteers.views.common import add_page, hours, list_page


@require_safe
@require_role(*VOLUNTEERING_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    """The sections this account may open, and this month's hours for those who record them."""
    user = request.user
    context: dict[str, object] = {
        "can": {
            "records": has_role(user, VOLUNTEER_RECORDERS),
            "cadets": has_role(user, CADET_RECORDS | CADET_UNIT_MANAGERS),
            "advisory": has_role(user, ADVISORY_GROUP_MANAGERS),
            "custody": has_role(user, CUSTODY_VISITING),
            "ride_alongs": has_role(user, RIDE_ALONG_MANAGERS),
        }
    }
    if has_role(user, VOLUNTEER_RECORDERS):
        start, end = queries.month_bounds(timezone.localdate())
        hours = queries.citizens_hours(neighbourhoods_in_scope(user), start, end)
        context["hours"] = hours
        context["hours_total"] = sum(hours.values())
        context["month"] = start
    return render(request, "volunteers/home.html", context)


def _date(obj: SpecialDuty | SupportShift | YouthSession | GroupContact) -> str:
    return f"{obj.date:%-d %b %Y}"


def _specials_summary(request: HttpRequest) -> dict[str, object]:
    today = timezone.localdate()
    month = queries.specials_month(neighbourhoods_in_scope(request.user), today)
    return {
        "specials_month": month,
        "month": today.replace(day=1),
        "minimum": settings.SPECIALS_MONTHLY_MINIMUM_HOURS,
        "below": sum(1 for m in month if m.below_minimum),
    }


specials = list_page(
    roles=VOLUNTEER_RECORDERS,
    model=SpecialDuty,
    title="Special constables' hours",
    intro="Hours given by special constables in your teams, by the kind of duty.",
    columns=[
        ("Date", _date),
        ("Special constable", lambda d: d.person.full_name),
        ("Team", lambda d: d.neighbourhood.name),
        ("Duty", lambda d: d.get_duty_type_display()),
        ("Hours", lambda d: hours(d.hours)),
    ],
    add="volunteers:specials-add",
    add_label="Record a special constable's hours",
    empty="No hours have been recorded for special constables in your teams yet.",
    extra=_specials_summary,
    template="volunteers/specials.html",
)
specials_add = add_page(
    roles=VOLUNTEER_RECORDERS,
    form_class=SpecialDutyForm,
    title="Record a special constable's hours",
    back="volunteers:specials",
    done=lambda d: f"{d.hours} hours recorded for {d.person.full_name}.",
)

support = list_page(
    roles=VOLUNTEER_RECORDERS,
    model=SupportShift,
    title="Police support volunteers' hours",
    intro="Hours given by police support volunteers in your teams, by their volunteer role.",
    columns=[
        ("Date", _date),
        ("Volunteer", lambda d: d.person.full_name),
        ("Team", lambda d: d.neighbourhood.name),
        ("Role", lambda d: d.get_role_display()),
        ("Hours", lambda d: hours(d.hours)),
    ],
    add="volunteers:support-add",
    add_label="Record a volunteer's hours",
    empty="No hours have been recorded for police support volunteers in your teams yet.",
)
support_add = add_page(
    roles=VOLUNTEER_RECORDERS,
    form_class=SupportShiftForm,
    title="Record a volunteer's hours",
    back="volunteers:support",
    done=lambda d: f"{d.hours} hours recorded for {d.person.full_name}.",
)

youth = list_page(
    roles=VOLUNTEER_RECORDERS,
    model=YouthSession,
    title="Youth engagement sessions",
    intro="Sessions your teams held with children and young people in schools, clubs and groups.",
    columns=[
        ("Date", _date),
        ("Where", lambda s: f"{s.organisation} ({s.get_setting_display().lower()})"),
        ("Team", lambda s: s.neighbourhood.name),
        ("Topic", lambda s: s.topic),
        ("Young people", lambda s: s.attendance),
    ],
    add="volunteers:youth-add",
    add_label="Record a youth session",
    empty="No youth engagement sessions have been recorded in your teams yet.",
)
youth_add = add_page(
    roles=VOLUNTEER_RECORDERS,
    form_class=YouthSessionForm,
    title="Record a youth session",
    back="volunteers:youth",
    done=lambda s: f"Session at {s.organisation} recorded.",
)

groups = list_page(
    roles=VOLUNTEER_RECORDERS,
    model=GroupContact,
    title="Community groups engaged",
    intro="Community, faith and voluntary groups your teams met.",
    columns=[
        ("Date", _date),
        ("Group", lambda g: g.group_name),
        ("Kind", lambda g: g.get_kind_display()),
        ("Team", lambda g: g.neighbourhood.name),
        ("Purpose", lambda g: g.purpose),
    ],
    add="volunteers:groups-add",
    add_label="Record a meeting with a group",
    empty="No meetings with community groups have been recorded in your teams yet.",
)
groups_add = add_page(
    roles=VOLUNTEER_RECORDERS,
    form_class=GroupContactForm,
    title="Record a meeting with a group",
    back="volunteers:groups",
    done=lambda g: f"Meeting with {g.group_name} recorded.",
)
