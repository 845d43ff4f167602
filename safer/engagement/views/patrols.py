"""Logging a patrol of a named hot spot, key place or school in two taps (open the page, press the
place's button; thirty minutes is chosen already), and the team's social media log. The "today"
page links here by the URL name `engagement:staff-patrols`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safer.accounts import scopes
from safer.engagement.actions.patrols import PATROL_MINUTES, log_patrol, log_social_post
from safer.engagement.models import KeyPlace, PatrolLog, SocialPlatform, SocialPost
from safer.lib.govuk import GovukForm

LOGGERS = tuple(scopes.PATROL_LOGGERS)


def _listed_places(request: HttpRequest) -> list[KeyPlace]:
    today = timezone.localdate()
    places = scopes.in_scope(request.user, KeyPlace.objects.select_related("neighbourhood"))
    places = places.filter(listed_on__lte=today).filter(
        Q(delisted_on__isnull=True) | Q(delisted_on__gte=today)
    )
    return list(places.order_by("neighbourhood__name", "kind", "name")[:200])


@scopes.require_role(*LOGGERS)
@require_safe
def patrols(request: HttpRequest) -> HttpResponse:
    mine = PatrolLog.objects.filter(logged_by_id=request.user.pk).select_related("place")[:10]
    context = {"places": _listed_places(request), "minutes": PATROL_MINUTES, "mine": mine}
    return render(request, "engagement/staff/patrols.html", context)


@scopes.require_role(*LOGGERS)
@require_POST
def patrol_log(request: HttpRequest) -> HttpResponse:
    place = get_object_or_404(
        scopes.in_scope(request.user, KeyPlace.objects.all()), pk=request.POST.get("place") or 0
    )
    try:
        minutes = int(request.POST.get("minutes", ""))
        log_patrol(request.user, place, minutes)
    except (ValueError, ValidationError) as error:
        text = (
            error.messages[0] if isinstance(error, ValidationError) else "Choose how long the patrol lasted"
        )
        messages.error(request, text)
        return redirect("engagement:staff-patrols")
    messages.success(request, f"Logged {minutes} minutes at {place.name}.")
    return redirect("engagement:staff-patrols")


class SocialPostForm(GovukForm):
    platform = forms.ChoiceField(
        label="Where it was posted", choices=SocialPlatform.choices, widget=forms.RadioSelect
    )
    posted_on = forms.DateField(
        label="Date posted",
        error_messages={
            "invalid": "Enter a date like 2026-03-01",
            "required": "Enter the date it was posted",
        },
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
    )
    summary = forms.CharField(label="What it was about (one line)", max_length=200)
    url = forms.URLField(
        label="Link to the post (optional)", required=False, max_length=500, assume_scheme="https"
    )

    def clean_posted_on(self) -> object:
        posted = self.cleaned_data["posted_on"]
        if posted > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future")
        return posted


@scopes.require_role(*LOGGERS)
@require_http_methods(["GET", "POST"])
def social_posts(request: HttpRequest, slug: str) -> HttpResponse:
    nb = get_object_or_404(scopes.neighbourhoods_in_scope(request.user), slug=slug)
    form = SocialPostForm(request.POST or None, initial={"posted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        log_social_post(request.user, nb, form.cleaned_data)
        messages.success(request, "Post logged.")
        return redirect("engagement:staff-social-posts", slug=nb.slug)
    page = Paginator(SocialPost.objects.filter(neighbourhood=nb), 25).get_page(request.GET.get("page"))
    status = 400 if form.errors else 200
    return render(
        request,
        "engagement/staff/social_posts.html",
        {"team": nb, "form": form, "page_obj": page},
        status=status,
    )
