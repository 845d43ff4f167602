"""The staff home page and, for administrators, staff accounts and the audit log."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import actions, enrolment, scopes
from safer.accounts.forms import AuditFilterForm, RoleScopeForm
from safer.accounts.home import sections_context
from safer.accounts.models import AuditEvent

PAGE_SIZE = 50
HOME_TEAM_LIMIT = 50


@scopes.require_role()
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = scopes.profile(user)
    teams = scopes.neighbourhoods_in_scope(user).order_by("name")
    can_edit_teams = scopes.has_role(user, scopes.TEAM_EDITORS)
    context: dict[str, Any] = {
        "profile": profile,
        "teams": teams[:HOME_TEAM_LIMIT],
        "team_count": teams.count(),
        "can_edit_teams": can_edit_teams,
        "can_manage_teams": scopes.has_role(user, scopes.SUPERVISORS),
        "is_admin": scopes.has_role(user, scopes.ADMINISTRATORS),
        **sections_context(user),
    }
    return render(request, "accounts/home.html", context)


def _page(request: HttpRequest, items: Any) -> dict[str, Any]:
    paginator = Paginator(items, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "page_obj": page_obj,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
    }


@scopes.require_role(*scopes.ADMINISTRATORS)
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.filter(is_active=True).select_related("staff").order_by("username")
    return render(request, "accounts/staff_list.html", _page(request, users))


@scopes.require_role(*scopes.ADMINISTRATORS)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id)
    profile = getattr(account, "staff", None)
    initial: dict[str, Any] = {}
    if profile is not None:
        initial = {
            "role": profile.role,
            "scope_level": profile.scope_level,
            "neighbourhoods": list(profile.neighbourhoods.all()),
            "areas": list(profile.areas.all()),
        }
    form = RoleScopeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.set_role_and_scope(
            request.user,
            account,
            role=form.cleaned_data["role"],
            scope_level=form.cleaned_data["scope_level"],
            neighbourhoods=form.cleaned_data["neighbourhoods"],
            areas=form.cleaned_data["areas"],
        )
        messages.success(request, "Role and scope saved.")
        return redirect("accounts:staff-list")
    return render(request, "accounts/staff_edit.html", {"account": account, "form": form})


@scopes.require_role(*scopes.ADMINISTRATORS)
@require_POST
def enrolment_link(request: HttpRequest, user_id: int) -> HttpResponse:
    """A one-time link for this account to set up its authenticator app, shown once."""
    account = get_object_or_404(User, pk=user_id, is_active=True)
    link = enrolment.issue(request.user, account)
    return render(request, "accounts/enrolment_link.html", {"account": account, "link": link})


def _change_rows(changes: Any) -> list[tuple[str, Any, Any]]:
    """An event's changes as (field, before, after) rows, whatever shape another app recorded."""
    if not isinstance(changes, dict):
        return [("", None, changes)]
    rows = []
    for field, value in changes.items():
        if isinstance(value, list | tuple) and len(value) == 2:
            rows.append((field, value[0], value[1]))
        else:
            rows.append((field, None, value))
    return rows


@scopes.require_role(*scopes.ADMINISTRATORS)
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    distinct = AuditEvent.objects.order_by()
    form = AuditFilterForm(
        request.GET or None,
        actions=sorted(distinct.values_list("action", flat=True).distinct()),
        object_types=sorted(distinct.values_list("object_type", flat=True).distinct()),
    )
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    filters: dict[str, str] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        events = events.filter(**filters)
    context = _page(request, events)
    context["rows"] = [(event, _change_rows(event.changes)) for event in context["page_obj"]]
    context["form"] = form
    context["query_prefix"] = f"{urlencode(filters)}&" if filters else ""
    return render(request, "accounts/audit_log.html", context)
