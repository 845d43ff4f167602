"""Staff pages for watch schemes (the neighbourhood team: schemes in scope, requests to start one,
coordinators) and the coordinator's own pages (their schemes, members and messages only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import audit
from safer.accounts.scopes import (
    COMMUNITY_STAFF,
    COORDINATORS,
    CSW_LETTER_STAFF,
    CSW_MANAGERS,
    CSW_SITE_APPROVERS,
    CSW_VOLUNTEERS,
    SCHEME_MANAGERS,
    has_role,
    in_scope,
    neighbourhoods_in_scope,
    require_role,
)
from safer.alerts.models import GroupMember, Message, MessageStatus
from safer.community.actions import schemes as actions
from safer.community.forms import CoordinatorForm, CoordinatorMessageForm, DeclineForm, SchemeForm
from safer.community.models import RequestStatus, SchemeCoordinator, SchemeRequest, WatchScheme

PER_PAGE = 50


@require_safe
@require_role(*COMMUNITY_STAFF)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "community/staff_home.html",
        {
            "schemes": has_role(user, SCHEME_MANAGERS),
            "coordinator": has_role(user, COORDINATORS),
            "csw": has_role(user, CSW_MANAGERS),
            "site_checks": has_role(user, CSW_SITE_APPROVERS),
            "letters": has_role(user, CSW_LETTER_STAFF),
            "volunteer": has_role(user, CSW_VOLUNTEERS),
        },
    )


@require_safe
@require_role(*SCHEME_MANAGERS)
def scheme_list(request: HttpRequest) -> HttpResponse:
    """Schemes in scope with their members and messages, and requests waiting for a decision."""
    schemes = in_scope(request.user, WatchScheme.objects.select_related("neighbourhood")).annotate(
        member_count=Count("group__members", distinct=True)
    )
    page = Paginator(schemes.order_by("name"), PER_PAGE).get_page(request.GET.get("page"))
    message_counts = dict(
        Message.objects.filter(group__scheme__in=[s.pk for s in page])
        .exclude(status=MessageStatus.CANCELLED)
        .values_list("group__scheme")
        .annotate(n=Count("pk"))
    )
    requests = in_scope(
        request.user,
        SchemeRequest.objects.filter(status=RequestStatus.WAITING).select_related("neighbourhood"),
    )
    rows = [(s, message_counts.get(s.pk, 0)) for s in page]
    return render(
        request, "community/schemes/staff_list.html", {"page": page, "rows": rows, "requests": requests}
    )


def _details(form: SchemeForm) -> actions.SchemeDetails:
    d = form.cleaned_data
    return actions.SchemeDetails(
        name=d["name"],
        type=d["type"],
        neighbourhood=d["neighbourhood"],
        description=d["description"],
        streets=d["streets"],
        area_points=d["area_points"],
        households=d["households"],
        parish=d["parish"],
        status=d["status"],
        started_on=d["started_on"],
    )


@require_http_methods(["GET", "POST"])
@require_role(*SCHEME_MANAGERS)
def scheme_new(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(
        request.POST or None,
        neighbourhoods=neighbourhoods_in_scope(request.user),
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        item = actions.create_scheme(request.user, _details(form))
        messages.success(request, f"{item.name} has been created.")
        return redirect("community:staff-scheme", pk=item.pk)
    return render(request, "community/schemes/staff_form.html", {"form": form, "scheme": None})


@require_http_methods(["GET", "POST"])
@require_role(*SCHEME_MANAGERS)
def staff_scheme(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, WatchScheme.objects.all()), pk=pk)
    initial = {
        name: getattr(item, name)
        for name in (
            "name",
            "type",
            "neighbourhood",
            "parish",
            "description",
            "streets",
            "area_points",
            "households",
            "status",
            "started_on",
        )
    }
    form = SchemeForm(
        request.POST or None, neighbourhoods=neighbourhoods_in_scope(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        actions.update_scheme(request.user, item, _details(form))
        messages.success(request, f"{item.name} has been saved.")
        return redirect("community:staff-scheme", pk=item.pk)
    coordinators = SchemeCoordinator.objects.filter(scheme=item).select_related("user")
    members = GroupMember.objects.filter(group_id=item.group_id).count()
    sent = (
        Message.objects.filter(group_id=item.group_id)
        .exclude(status=MessageStatus.CANCELLED)
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "community/schemes/staff_form.html",
        {
            "form": form,
            "scheme": item,
            "coordinators": coordinators,
            "members": members,
            "sent": sent,
            "coordinator_form": CoordinatorForm(),
        },
    )


@require_POST
@require_role(*SCHEME_MANAGERS)
def coordinator_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, WatchScheme.objects.all()), pk=pk)
    form = CoordinatorForm(request.POST)
    if form.is_valid():
        person = User.objects.filter(username=form.cleaned_data["username"]).first()
        try:
            if person is None:
                raise ValidationError("There is no account with that user name")
            actions.add_coordinator(request.user, item, person, form.cleaned_data["vetted_on"])
            messages.success(request, f"{person.username} now coordinates {item.name}.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Enter the coordinator's user name and a valid date")
    return redirect("community:staff-scheme", pk=item.pk)


@require_POST
@require_role(*SCHEME_MANAGERS)
def coordinator_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, WatchScheme.objects.all()), pk=pk)
    get_object_or_404(SchemeCoordinator, scheme=item, user_id=user_id)
    actions.remove_coordinator(request.user, item, user_id)
    messages.success(request, "The coordinator has been removed.")
    return redirect("community:staff-scheme", pk=item.pk)


@require_http_methods(["GET", "POST"])
@require_role(*SCHEME_MANAGERS)
def scheme_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve a resident's request (the scheme form, filled from it) or decline it with a reason."""
    req = get_object_or_404(
        in_scope(request.user, SchemeRequest.objects.select_related("neighbourhood")), pk=pk
    )
    initial = {
        "name": req.name,
        "type": req.type,
        "neighbourhood": req.neighbourhood,
        "streets": req.streets or req.postcode,
        "started_on": req.created_at.date(),
        "households": 0,
        "status": "active",
    }
    form = SchemeForm(neighbourhoods=neighbourhoods_in_scope(request.user), initial=initial)
    decline = DeclineForm()
    if request.method == "POST" and req.status == RequestStatus.WAITING:
        if request.POST.get("decision") == "decline":
            decline = DeclineForm(request.POST)
            if decline.is_valid():
                actions.decline_request(request.user, req, decline.cleaned_data["note"])
                messages.success(request, "The request has been declined and the resident told why.")
                return redirect("community:staff-schemes")
        else:
            form = SchemeForm(request.POST, neighbourhoods=neighbourhoods_in_scope(request.user))
            if form.is_valid():
                item = actions.approve_request(request.user, req, _details(form))
                messages.success(request, f"{item.name} has been approved and created.")
                return redirect("community:staff-scheme", pk=item.pk)
    return render(
        request, "community/schemes/staff_request.html", {"req": req, "form": form, "decline": decline}
    )


# --- The coordinator's own pages ---------------------------------------------------------------


def _own_scheme(request: HttpRequest, pk: int) -> WatchScheme:
    """Only a scheme this account coordinates: any other answers 404."""
    return get_object_or_404(WatchScheme.objects.filter(pk__in=actions.coordinated_by(request.user)), pk=pk)


@require_safe
@require_role(*COORDINATORS)
def my_schemes(request: HttpRequest) -> HttpResponse:
    schemes = WatchScheme.objects.filter(pk__in=actions.coordinated_by(request.user)).annotate(
        member_count=Count("group__members")
    )
    return render(request, "community/schemes/my_schemes.html", {"schemes": schemes})


@require_safe
@require_role(*COORDINATORS)
def my_scheme(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's scheme: its members (the addresses they agreed the coordinator may see)
    and its messages."""
    item = _own_scheme(request, pk)
    members = (
        GroupMember.objects.filter(group_id=item.group_id)
        .select_related("subscriber")
        .order_by("subscriber__email", "pk")
    )
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    sent = Message.objects.filter(group_id=item.group_id).order_by("-created_at")[:20]
    audit.record(request.user, "community.scheme.members-read", item, {"page": [None, page.number]})
    return render(request, "community/schemes/my_scheme.html", {"scheme": item, "page": page, "sent": sent})


@require_http_methods(["GET", "POST"])
@require_role(*COORDINATORS)
def my_message(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_scheme(request, pk)
    form = CoordinatorMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = actions.message_members(
                request.user, item, form.cleaned_data["title"], form.cleaned_data["body"]
            )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, str(exc.args[0]) if exc.args else "This message cannot be sent")
        else:
            if message.status == MessageStatus.AWAITING_APPROVAL:
                messages.success(
                    request, "Your message is waiting for your neighbourhood sergeant's approval."
                )
            else:
                messages.success(request, "Your message is being sent to the scheme's members.")
            return redirect("community:my-scheme", pk=item.pk)
    return render(request, "community/schemes/my_message.html", {"scheme": item, "form": form})
