"""Residents' pages: find a watch scheme near you, join it (with consent, as a Neighbourhood
Matters subscriber), ask to start one; a parish council asks for Community Speed Watch; anyone
reads a Speed Watch site's statistics. No personal data is shown on any of them."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from safer.community.actions import schemes as scheme_actions
from safer.community.actions import speedwatch as csw_actions
from safer.community.forms import ConfirmJoinForm, FindForm, JoinForm, SpeedWatchRequestForm, StartSchemeForm
from safer.community.models import GroupStatus, SchemeStatus, SchemeType, Site, SiteStatus, WatchScheme
from safer.community.stats import site_stats
from safer.lib.ratelimit import limited
from safer.places.locate import neighbourhood_for_postcode
from safer.places.models import Postcode, format_postcode

NEAREST = 7
FORMS_PER_HOUR = 10


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    """The seven nearest active schemes to a postcode, nearest first."""
    form = FindForm(request.GET or None)
    results: list[tuple[WatchScheme, float | None, bool]] = []
    postcode = ""
    if form.is_bound and form.is_valid():
        point = Postcode.objects.get(postcode=form.cleaned_data["postcode"])
        postcode = format_postcode(point.postcode)
        active = WatchScheme.objects.filter(status=SchemeStatus.ACTIVE).select_related("neighbourhood")
        found = []
        for scheme in active:
            covers = postcode.replace(" ", "") in {s.replace(" ", "").upper() for s in scheme.street_list()}
            distance = scheme.distance_km(point.latitude, point.longitude)
            found.append((scheme, distance, covers))
        found.sort(key=lambda t: (not t[2], t[1] if t[1] is not None else 1e9))
        results = found[:NEAREST]
    return render(
        request,
        "community/schemes/find.html",
        {"form": form, "results": results, "postcode": postcode, "types": SchemeType.choices},
    )


@require_http_methods(["GET", "POST"])
def scheme(request: HttpRequest, pk: int) -> HttpResponse:
    """A scheme's public page and its join form."""
    item = get_object_or_404(
        WatchScheme.objects.filter(status=SchemeStatus.ACTIVE)
        .select_related("neighbourhood")
        .annotate(members=Count("group__members")),
        pk=pk,
    )
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited(request, "community-join", FORMS_PER_HOUR, 3600):
            form.add_error(None, "Too many requests from your connection. Try again in an hour.")
        else:
            with transaction.atomic():
                scheme_actions.ask_to_join(item, form.cleaned_data["email"])
            return redirect("community:join-sent", pk=item.pk)
    return render(request, "community/schemes/scheme.html", {"scheme": item, "form": form})


@require_safe
def join_sent(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WatchScheme, pk=pk, status=SchemeStatus.ACTIVE)
    return render(request, "community/schemes/join_sent.html", {"scheme": item})


@require_http_methods(["GET", "POST"])
def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: the GET shows the consent box and a button (scanners follow links);
    only the POST joins."""
    found = scheme_actions.read_join_token(token)
    if found is None:
        return render(request, "community/schemes/join_expired.html", status=404)
    subscriber, item = found
    form = ConfirmJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheme_actions.join(subscriber, item)
        return render(request, "community/schemes/joined.html", {"scheme": item})
    already = subscriber.groups.filter(pk=item.group_id).exists()
    return render(
        request, "community/schemes/join_confirm.html", {"scheme": item, "form": form, "already": already}
    )


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = StartSchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if limited(request, "community-start", FORMS_PER_HOUR, 3600):
            form.add_error(None, "Too many requests from your connection. Try again in an hour.")
        else:
            req = form.save(commit=False)
            point = Postcode.objects.get(postcode=req.postcode)
            nb = neighbourhood_for_postcode(point.postcode)
            if nb is None:
                form.add_error("postcode", "That postcode is not in an area this force polices")
            else:
                req.neighbourhood = nb
                scheme_actions.request_scheme(req)
                return render(request, "community/schemes/start_sent.html", {"req": req})
    return render(request, "community/schemes/start.html", {"form": form})


# --- Community Speed Watch, public -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def speed_watch_request(request: HttpRequest) -> HttpResponse:
    """A parish or town council asks for Community Speed Watch on its roads."""
    form = SpeedWatchRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        nb = neighbourhood_for_postcode(form.cleaned_data["postcode"])
        if limited(request, "community-csw-request", FORMS_PER_HOUR, 3600):
            form.add_error(None, "Too many requests from your connection. Try again in an hour.")
        elif nb is None:
            form.add_error("postcode", "That postcode is not in an area this force polices")
        else:
            group = form.save(commit=False)
            group.neighbourhood = nb
            group.name = f"{group.council_name} Community Speed Watch"
            group.parish = nb.parishes.filter(
                name__iexact=group.council_name.replace(" Parish Council", "").replace(" Town Council", "")
            ).first()
            csw_actions.request_group(group)
            return render(request, "community/csw/request_sent.html", {"group": group})
    return render(request, "community/csw/request.html", {"form": form})


@require_safe
def speed_watch_sites(request: HttpRequest) -> HttpResponse:
    sites = (
        Site.objects.filter(status=SiteStatus.APPROVED, group__status=GroupStatus.ACTIVE)
        .select_related("group__neighbourhood")
        .order_by("group__name", "name")
    )
    return render(
        request, "community/csw/sites.html", {"sites": sites, "request_url": reverse("community:csw-request")}
    )


@require_safe
def speed_watch_site(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(
        Site.objects.select_related("group"), pk=pk, status__in=[SiteStatus.APPROVED, SiteStatus.RETIRED]
    )
    return render(request, "community/csw/site.html", {"stats": site_stats(site), "site": site})
