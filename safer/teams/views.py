"""Team pages in the staff back office. Role and scope come from accounts.scopes only:
out-of-scope teams and people are simply not found (404), wrong roles get 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import scopes
from safer.places.models import Neighbourhood
from safer.teams import actions
from safer.teams.forms import AddMemberForm, ContactDetailsForm, DutyForm, TeamDetailsForm, TrainingImportForm
from safer.teams.models import DutyKind, Membership, Person, TrainingRecord, team_for

EDITORS = tuple(scopes.TEAM_EDITORS)
SUPERVISORS = tuple(scopes.SUPERVISORS)


def _team(request: HttpRequest, slug: str) -> Neighbourhood:
    return get_object_or_404(scopes.neighbourhoods_in_scope(request.user), slug=slug)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(actions.people_in_scope(request.user), pk=pk)


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    teams = scopes.neighbourhoods_in_scope(request.user).filter(memberships__person=person).distinct()
    return {"person": person, "teams": list(teams.order_by("name"))}


@scopes.require_role(*EDITORS)
@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    teams = scopes.neighbourhoods_in_scope(request.user).order_by("name")
    paginator = Paginator(teams, 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_range = list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
    return render(request, "teams/list.html", {"page_obj": page_obj, "page_range": page_range})


@scopes.require_role(*EDITORS)
@require_safe
def team(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = _team(request, slug)
    context = {
        "team": neighbourhood,
        "members": team_for(neighbourhood),
        "can_manage": scopes.can_act_on(request.user, neighbourhood, roles=SUPERVISORS),
    }
    return render(request, "teams/team.html", context)


@scopes.require_role(*scopes.TEAM_PAGE_EDITORS)
@require_http_methods(["GET", "POST"])
def team_details(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's description and contact details, as the public team page shows them."""
    neighbourhood = _team(request, slug)
    initial = {name: getattr(neighbourhood, name) for name in actions.TEAM_DETAIL_FIELDS}
    form = TeamDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = actions.update_team_details(request.user, neighbourhood, **form.cleaned_data)
        messages.success(request, "Team details saved." if changes else "Nothing was changed.")
        return redirect("teams:team", slug=neighbourhood.slug)
    return render(request, "teams/team_details.html", {"team": neighbourhood, "form": form})


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = ContactDetailsForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        changes = actions.update_contact_details(request.user, person, **form.changes())
        messages.success(request, "Contact details saved." if changes else "Nothing was changed.")
        return redirect("teams:person", pk=person.pk)
    context = _person_context(request, person) | {"form": form}
    return render(request, "teams/person.html", context)


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def duty(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = DutyForm(request.POST or None, initial=actions.duty_initial(person))
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        try:
            actions.set_duty_status(
                request.user,
                person,
                on_duty=status != "off",
                until=form.cleaned_data["until"],
                kind=actions.DUTY_KIND_OF_STATUS.get(status, DutyKind.COMMUNITY),
                reason=form.cleaned_data.get("reason") or "",
            )
        except ValidationError as error:
            form.add_error("until", error)
        else:
            messages.success(request, "Duty status saved.")
            return redirect("teams:person", pk=person.pk)
    context = _person_context(request, person) | {"form": form}
    return render(request, "teams/duty.html", context)


@scopes.require_role(*EDITORS)
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    actions.mark_details_verified(request.user, person)
    messages.success(request, "Details marked as checked today.")
    return redirect("teams:person", pk=person.pk)


@scopes.require_role(*SUPERVISORS)
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    neighbourhood = _team(request, slug)
    candidates = actions.people_to_add(request.user, neighbourhood).order_by("family_name", "given_name")
    form = AddMemberForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            actions.add_member(request.user, neighbourhood, data["person"], data["role"])
        else:
            actions.create_person_in_team(
                request.user,
                neighbourhood,
                role=data["role"],
                given_name=data["given_name"].strip(),
                family_name=data["family_name"].strip(),
                collar_number=data["collar_number"].strip(),
            )
        messages.success(request, "Added to the team.")
        return redirect("teams:team", slug=neighbourhood.slug)
    return render(request, "teams/add_member.html", {"team": neighbourhood, "form": form})


@scopes.require_role(*SUPERVISORS)
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    neighbourhood = _team(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "neighbourhood"),
        pk=membership_id,
        neighbourhood=neighbourhood,
    )
    if request.method == "POST":
        actions.remove_member(request.user, membership)
        messages.success(request, "Removed from the team.")
        return redirect("teams:team", slug=neighbourhood.slug)
    return render(request, "teams/remove_member.html", {"team": neighbourhood, "membership": membership})


@scopes.require_role(*scopes.TRAINING_IMPORTERS)
@require_http_methods(["GET", "POST"])
def training_import(request: HttpRequest) -> HttpResponse:
    """Import training records from the learning system; every error names its line."""
    form = TrainingImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = actions.import_training(request.user, form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request, f"Imported {result.created} new training records and updated {result.updated}."
            )
            return redirect("teams:training-import")
        errors = result.errors
    people = actions.people_in_scope(request.user)
    recent = (
        TrainingRecord.objects.filter(person__in=people).select_related("person").order_by("-imported_at")
    )
    context = {
        "form": form,
        "errors": errors[:200],
        "more_errors": max(0, len(errors) - 200),
        "recent": recent[:20],
    }
    return render(request, "teams/training_import.html", context, status=400 if errors else 200)
