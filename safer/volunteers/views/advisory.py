"""Independent Advisory Groups: members and their declared interests, meetings, advice on incidents
and policies (critical-incident call-outs timed), and the action log with due dates and closure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import ADVISORY_GROUP_MANAGERS, require_role
from safer.volunteers import actions
from safer.volunteers.forms import (
    AdviceForm,
    AdvisoryActionForm,
    AdvisoryGroupForm,
    AdvisoryMeetingForm,
    AdvisoryMemberForm,
    CloseActionForm,
    ScopedForm,
)
from safer.volunteers.models import AdvisoryAction, AdvisoryGroup
from safer.volunteers.views.common import add_page, form_page, scoped, table

ROLES = ADVISORY_GROUP_MANAGERS


def _when(value: Any) -> str:
    return f"{timezone.localtime(value):%-d %b %Y %H:%M}" if value else ""


@require_safe
@require_role(*ROLES)
def groups(request: HttpRequest) -> HttpResponse:
    rows = (
        scoped(request.user, AdvisoryGroup)
        .select_related("area")
        .annotate(last_met=Max("meetings__date"))
        .order_by("name", "pk")
    )
    context = table(
        request,
        rows,
        [
            ("Group", lambda g: g.name),
            ("Kind", lambda g: g.get_kind_display()),
            ("Area", lambda g: g.area.name),
            ("Last met", lambda g: f"{g.last_met:%-d %b %Y}" if g.last_met else "Not yet"),
        ],
        caption="Independent Advisory Groups",
        empty="No advisory groups have been set up in your areas yet.",
        link=lambda g: reverse("volunteers:advisory-group", args=[g.pk]),
    )
    return render(request, "volunteers/advisory_groups.html", {"table": context})


group_add = add_page(
    roles=ROLES,
    form_class=AdvisoryGroupForm,
    title="Set up an advisory group",
    back="volunteers:advisory",
    done=lambda g: f"{g.name} set up.",
    next_url=lambda g: reverse("volunteers:advisory-group", args=[g.pk]),
)


@require_safe
@require_role(*ROLES)
def group(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(scoped(request.user, AdvisoryGroup).select_related("area"), pk=pk)
    today = timezone.localdate()
    context = {
        "group": group,
        "today": today,
        "members": table(
            request,
            group.members.filter(left_on__isnull=True),
            [
                ("Name", lambda m: m.name),
                ("Declared interests", lambda m: m.declared_interests),
                (
                    "Confidentiality agreement",
                    lambda m: (
                        f"{m.confidentiality_signed_on:%-d %b %Y}"
                        if m.confidentiality_signed_on
                        else "Not signed"
                    ),
                ),
            ],
            caption="Members",
            empty="No members yet.",
            param="members_page",
        ),
        "meetings": table(
            request,
            group.meetings.all(),
            [
                ("Date", lambda m: f"{m.date:%-d %b %Y}"),
                ("Members present", lambda m: m.members_present),
                ("Notes", lambda m: m.notes),
            ],
            caption="Meetings",
            empty="No meetings recorded yet.",
            param="meetings_page",
        ),
        "advice": table(
            request,
            group.advice.all(),
            [
                ("Kind", lambda a: a.get_kind_display()),
                ("About", lambda a: a.subject),
                ("Asked", lambda a: _when(a.requested_at)),
                ("Given", lambda a: _when(a.given_at) or "Awaited"),
                ("Advice", lambda a: a.advice),
            ],
            caption="Advice given",
            empty="No advice recorded yet.",
            param="advice_page",
        ),
        "actions": [
            {
                "action": a,
                "overdue": a.closed_on is None and a.due_on < today,
                "form": CloseActionForm(prefix=f"a{a.pk}", initial={"closed_on": today}),
            }
            for a in group.actions.all()
        ],
    }
    return render(request, "volunteers/advisory_group.html", context)


def _group_add(
    form_class: type[ScopedForm], title: str, done: Callable[[Any], str]
) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @require_role(*ROLES)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        group = get_object_or_404(scoped(request.user, AdvisoryGroup), pk=pk)
        form = form_class(request.POST or None, user=request.user)
        back = reverse("volunteers:advisory-group", args=[group.pk])
        if request.method == "POST" and form.is_valid():
            obj = form.save(commit=False)
            obj.group = group
            actions.create(request.user, ROLES, obj)
            messages.success(request, done(obj))
            return redirect(back)
        return form_page(request, form, title=title, back=back, caption=group.name)

    return view


member_add = _group_add(AdvisoryMemberForm, "Add a member", lambda m: f"{m.name} added.")
meeting_add = _group_add(
    AdvisoryMeetingForm, "Record a meeting", lambda m: f"Meeting on {m.date:%-d %B %Y} recorded."
)
advice_add = _group_add(
    AdviceForm, "Record advice or a call-out", lambda a: f"Advice on {a.subject} recorded."
)
action_add = _group_add(AdvisoryActionForm, "Add an action", lambda a: "Action added.")


@require_POST
@require_role(*ROLES)
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(scoped(request.user, AdvisoryAction).select_related("group"), pk=pk)
    back = reverse("volunteers:advisory-group", args=[action.group_id])
    form = CloseActionForm(request.POST, prefix=f"a{action.pk}")
    if action.closed_on is not None:
        messages.info(request, "That action was already closed.")
        return redirect(back)
    if not form.is_valid():
        return form_page(
            request,
            form,
            title=f"Close the action: {action.description}",
            back=back,
            caption=action.group.name,
        )
    actions.close_advisory_action(
        request.user, action, form.cleaned_data["closed_on"], form.cleaned_data["outcome"]
    )
    messages.success(request, "Action closed.")
    return redirect(back)
