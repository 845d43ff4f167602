"""Staff pages for Community Speed Watch: groups and their requests, sites and the road-safety
check, volunteers, sessions and log sheets, and the keepers' letters (DVLA export, the answers'
import, one PDF batch)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts.scopes import (
    CSW_LETTER_STAFF,
    CSW_MANAGERS,
    CSW_SITE_APPROVERS,
    CSW_VOLUNTEERS,
    has_role,
    in_scope,
    require_role,
)
from safer.community import letters as letter_files
from safer.community.actions import speedwatch as actions
from safer.community.forms import (
    GroupStatusForm,
    KeepersForm,
    SheetForm,
    SiteCheckForm,
    SiteForm,
    VolunteerForm,
)
from safer.community.models import (
    LetterBatch,
    LetterStatus,
    Site,
    SiteStatus,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchVolunteer,
)
from safer.community.sheets import parse_keepers, parse_sheet
from safer.community.stats import site_stats
from safer.places.lookups import current_force

PER_PAGE = 50
GROUP_PATH = "neighbourhood"
SITE_PATH = "group__neighbourhood"
SESSION_PATH = "site__group__neighbourhood"


@require_safe
@require_role(*CSW_MANAGERS)
def groups(request: HttpRequest) -> HttpResponse:
    rows = in_scope(
        request.user, SpeedWatchGroup.objects.select_related("neighbourhood"), GROUP_PATH
    ).annotate(volunteer_count=Count("members", distinct=True), site_count=Count("sites", distinct=True))
    page = Paginator(rows.order_by("status", "name"), PER_PAGE).get_page(request.GET.get("page"))
    checks = in_scope(
        request.user, Site.objects.filter(status=SiteStatus.PROPOSED).select_related("group"), SITE_PATH
    )
    return render(request, "community/csw/staff_groups.html", {"page": page, "checks": checks})


@require_http_methods(["GET", "POST"])
@require_role(*CSW_MANAGERS)
def group(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, SpeedWatchGroup.objects.all(), GROUP_PATH), pk=pk)
    form = GroupStatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_group_status(request.user, item, form.cleaned_data["status"])
            messages.success(request, "The group's status has been saved.")
            return redirect("community:csw-group", pk=item.pk)
        except ValidationError as exc:
            form.add_error("status", exc.messages[0])
    members = SpeedWatchVolunteer.objects.filter(group=item).select_related("user").order_by("user__username")
    sites = item.sites.all()
    sessions = (
        SpeedWatchSession.objects.filter(site__group=item)
        .select_related("site")
        .annotate(n=Count("readings"))[:30]
    )
    return render(
        request,
        "community/csw/staff_group.html",
        {
            "group": item,
            "form": form,
            "members": members,
            "sites": sites,
            "sessions": sessions,
            "volunteer_form": VolunteerForm(),
            "min_group": actions.MIN_GROUP,
        },
    )


@require_http_methods(["GET", "POST"])
@require_role(*CSW_MANAGERS)
def site_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, SpeedWatchGroup.objects.all(), GROUP_PATH), pk=pk)
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        site = form.save(commit=False)
        site.group = item
        actions.add_site(request.user, site)
        messages.success(request, f"{site.name} is waiting for the road-safety officer's site check.")
        return redirect("community:csw-group", pk=item.pk)
    return render(request, "community/csw/staff_site_new.html", {"group": item, "form": form})


@require_POST
@require_role(*CSW_MANAGERS)
def volunteer_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(in_scope(request.user, SpeedWatchGroup.objects.all(), GROUP_PATH), pk=pk)
    form = VolunteerForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        person = User.objects.filter(username=d["username"]).first()
        try:
            if person is None:
                raise ValidationError("There is no account with that user name")
            actions.add_volunteer(request.user, item, person, d["date_of_birth"], d["trained_on"])
            messages.success(request, f"{person.username} has joined the group.")
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
    else:
        messages.error(request, "Enter the volunteer's user name and date of birth")
    return redirect("community:csw-group", pk=item.pk)


@require_http_methods(["GET", "POST"])
@require_role(*CSW_SITE_APPROVERS)
def site_check(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(in_scope(request.user, Site.objects.select_related("group"), SITE_PATH), pk=pk)
    form = SiteCheckForm(
        request.POST or None,
        initial={
            "sight_lines_ok": site.sight_lines_ok,
            "safe_place_ok": site.safe_place_ok,
            "notes": site.risk_notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.check_site(
                request.user,
                site,
                sight_lines_ok=d["sight_lines_ok"],
                safe_place_ok=d["safe_place_ok"],
                notes=d["notes"],
                approve=d["decision"] == "approve",
            )
            messages.success(request, f"{site.name}: {site.get_status_display().lower()}.")
            return redirect("community:csw-groups")
        except ValidationError as exc:
            form.add_error("decision", exc.messages[0])
    return render(request, "community/csw/staff_site_check.html", {"site": site, "form": form})


@require_http_methods(["GET", "POST"])
@require_role(*CSW_MANAGERS, *CSW_VOLUNTEERS)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's readings, and its log sheet upload (staff, or a volunteer booked on it)."""
    if has_role(request.user, CSW_VOLUNTEERS):
        item = get_object_or_404(actions.volunteer_sessions(request.user), pk=pk)
    else:
        item = get_object_or_404(
            in_scope(request.user, SpeedWatchSession.objects.select_related("site__group"), SESSION_PATH),
            pk=pk,
        )
    form = SheetForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        rows, errors = parse_sheet(form.cleaned_data["sheet"].read(), item.pk, item.start, item.end)
        if not errors:
            try:
                added = actions.import_sheet(request.user, item, rows)
            except ValidationError as exc:
                errors = exc.messages
            else:
                skipped = len(rows) - added
                messages.success(
                    request,
                    f"{added} readings added"
                    + (f"; {skipped} were already recorded" if skipped else "")
                    + ".",
                )
                return redirect("community:csw-session", pk=item.pk)
    readings = Paginator(item.readings.all(), PER_PAGE).get_page(request.GET.get("page"))
    threshold = item.site.threshold
    return render(
        request,
        "community/csw/staff_session.html",
        {"session": item, "form": form, "sheet_errors": errors, "readings": readings, "threshold": threshold},
    )


# --- Letters ------------------------------------------------------------------------------------


@require_safe
@require_role(*CSW_LETTER_STAFF)
def letters(request: HttpRequest) -> HttpResponse:
    scope = actions.letters_in_scope(request.user)
    counts = [(label, scope.filter(status=value).count()) for value, label in LetterStatus.choices]
    pending = actions.over_threshold(
        in_scope(
            request.user,
            actions.Reading.objects.filter(letter__isnull=True),
            "session__site__group__neighbourhood",
        )
    )
    batches = LetterBatch.objects.filter(letters__in=scope).distinct().annotate(n=Count("letters"))[:20]
    visits = scope.filter(visit_needed=True, visited_on__isnull=True).select_related(
        "reading__session__site"
    )[:50]
    return render(
        request,
        "community/csw/staff_letters.html",
        {
            "counts": counts,
            "pending": len(pending),
            "batches": batches,
            "visits": visits,
            "late": actions.late_letters(scope),
            "form": KeepersForm(),
        },
    )


@require_POST
@require_role(*CSW_LETTER_STAFF)
def letters_prepare(request: HttpRequest) -> HttpResponse:
    made = actions.prepare_letters(request.user)
    messages.success(request, f"{made} letters prepared. Export them for the DVLA keeper look-up.")
    return redirect("community:csw-letters")


@require_safe
@require_role(*CSW_LETTER_STAFF)
def dvla_export(request: HttpRequest) -> HttpResponse:
    waiting = (
        actions.letters_in_scope(request.user)
        .filter(status=LetterStatus.AWAITING_KEEPER)
        .select_related("reading__session__site")
    )
    response = HttpResponse(letter_files.dvla_csv(waiting), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="csw-keeper-requests.csv"'
    return response


@require_POST
@require_role(*CSW_LETTER_STAFF)
def keepers_import(request: HttpRequest) -> HttpResponse:
    form = KeepersForm(request.POST, request.FILES)
    errors: list[str] = ["Choose the DVLA's CSV file"]
    if form.is_valid():
        rows, errors = parse_keepers(form.cleaned_data["keepers"].read())
        if not errors:
            count, errors = actions.import_keepers(request.user, rows)
            if not errors:
                messages.success(request, f"{count} keeper answers imported.")
                return redirect("community:csw-letters")
    for error in errors[:50]:
        messages.error(request, error)
    messages.error(request, "Nothing was imported: correct the lines named and upload the file again.")
    return redirect("community:csw-letters")


@require_POST
@require_role(*CSW_LETTER_STAFF)
def batch_make(request: HttpRequest) -> HttpResponse:
    batch = actions.make_batch(request.user)
    if batch is None:
        messages.error(request, "No letters are ready to print.")
        return redirect("community:csw-letters")
    messages.success(request, "The batch has been made. Download its PDF to print.")
    return redirect("community:csw-letters")


@require_safe
@require_role(*CSW_LETTER_STAFF)
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(LetterBatch, pk=pk)
    rows = actions.letters_in_scope(request.user).filter(batch=batch).select_related("reading__session__site")
    if not rows.exists():
        return HttpResponse(status=404)
    force = current_force()
    data = letter_files.batch_pdf(rows, force.name if force else "Police")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="csw-letters-{batch.pk}.pdf"'
    return response


@require_safe
@require_role(*CSW_MANAGERS)
def site_stats_staff(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(in_scope(request.user, Site.objects.select_related("group"), SITE_PATH), pk=pk)
    return render(
        request, "community/csw/site.html", {"stats": site_stats(site), "site": site, "staff": True}
    )
