"""Sign up in a minute: Neighbourhood Matters as a GOV.UK question-page journey.

One thing per page: your email address, your postcode, then check your answers and confirm. The
defaults are what most people want: crime alerts and witness appeals, by email, at once; the
neighbourhood of the team page they came from (`?neighbourhood=<slug>`), kept to the end. Texts,
calls, other kinds, digests and quiet hours are chosen later on the manage page the confirmation
email leads to (or all at once on the one-page form, `/alerts/sign-up/`).

The answers live in the session until the last page; nothing is stored before "Confirm". The
registration goes through `actions.register`, so an address already registered changes nothing and
its owner is sent their manage link, with the same "Check your email" page either way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safer.alerts import actions
from safer.alerts.actions import PlaceSpec, Preferences, Registration
from safer.alerts.forms import SignupForm, example_postcode, resolve_place
from safer.alerts.models import KIND_BITS, PlaceHow
from safer.lib.govuk import GovukForm
from safer.lib.ratelimit import limited
from safer.places.models import Neighbourhood, format_postcode

SESSION_KEY = "alerts.join"
DEFAULT_KINDS = ("crime", "appeal")
TOO_MANY = "You have tried this too many times. Try again in an hour."


class EmailForm(GovukForm):
    email = forms.EmailField(
        label="What is your email address?",
        max_length=254,
        help_text="We will send you an email to confirm it. We send nothing else until you do.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_email(self) -> str:
        # The one-page form's rules (ASCII local part, internationalised domain in lower case).
        probe = SignupForm()
        probe.cleaned_data = {"email": self.cleaned_data["email"]}
        return probe.clean_email()


class PostcodeForm(GovukForm):
    postcode = forms.CharField(label="What is your postcode?", max_length=200, required=False)

    def __init__(self, *args: Any, team: Neighbourhood | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        example = example_postcode()
        like = f"For example, {example}. " if example else ""
        if team is not None:
            self.fields["postcode"].help_text = (
                f"{like}You will get messages from the {team.name} team. Add your postcode to get "
                "messages for where you live as well, or leave it empty."
            )
        else:
            self.fields["postcode"].help_text = f"{like}We send you messages about crime near you."

    def clean_postcode(self) -> str:
        text = self.cleaned_data.get("postcode", "").strip()
        if not text:
            if self.team is None:
                raise ValidationError("Enter your postcode")
            return ""
        spec = resolve_place(text, "home")
        return spec.postcode or text


def _state(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY) or {})


def _save(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = state


def _team(state: dict[str, Any]) -> Neighbourhood | None:
    pk = state.get("neighbourhood")
    return Neighbourhood.objects.filter(pk=pk).first() if pk else None


def _next(request: HttpRequest, default: str) -> HttpResponse:
    """Back to "Check your answers" after a change, else on to the next question."""
    return redirect("alerts:join-check" if request.GET.get("change") else default)


@require_http_methods(["GET", "POST"])
def email(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    slug = request.GET.get("neighbourhood", "")
    if slug:
        found = Neighbourhood.objects.filter(force__slug=settings.FORCE_ID, slug=slug).first()
        if found is not None:
            state["neighbourhood"] = found.pk
            _save(request, state)
    if request.method == "POST":
        form = EmailForm(request.POST)
        if form.is_valid():
            state["email"] = form.cleaned_data["email"]
            _save(request, state)
            return _next(request, "alerts:join-postcode")
    else:
        form = EmailForm(initial={"email": state.get("email", "")})
    return render(request, "alerts/join/email.html", {"form": form, "team": _team(state)})


@require_http_methods(["GET", "POST"])
def postcode(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if not state.get("email"):
        return redirect("alerts:join")
    team = _team(state)
    if request.method == "POST":
        form = PostcodeForm(request.POST, team=team)
        if form.is_valid():
            state["postcode"] = form.cleaned_data["postcode"]
            _save(request, state)
            return redirect("alerts:join-check")
    else:
        form = PostcodeForm(initial={"postcode": format_postcode(state.get("postcode", ""))}, team=team)
    return render(request, "alerts/join/postcode.html", {"form": form, "team": team})


def _places(state: dict[str, Any], team: Neighbourhood | None) -> list[PlaceSpec]:
    places: list[PlaceSpec] = []
    if state.get("postcode"):
        places.append(resolve_place(state["postcode"], "home"))
    if team is not None and not any(team.pk in p.neighbourhood_ids for p in places):
        places.append(PlaceSpec(team.name, PlaceHow.NEIGHBOURHOOD, [team.pk]))
    return places


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    state = _state(request)
    if not state.get("email"):
        return redirect("alerts:join")
    team = _team(state)
    if not state.get("postcode") and team is None:
        return redirect("alerts:join-postcode")
    try:
        places = _places(state, team)
    except ValidationError:  # a postcode withdrawn from the directory since it was entered
        return redirect("alerts:join-postcode")
    neighbourhoods = Neighbourhood.objects.filter(pk__in=[i for p in places for i in p.neighbourhood_ids])
    context = {
        "email": state["email"],
        "postcode": format_postcode(state.get("postcode", "")),
        "team": team,
        "neighbourhoods": sorted({nb.name for nb in neighbourhoods}),
    }
    if request.method == "POST":
        if limited(request, "alerts-signup", settings.ALERTS_SIGNUPS_PER_HOUR):
            return render(request, "alerts/join/check.html", {**context, "limited": TOO_MANY}, status=429)
        bits = sum(KIND_BITS[k] for k in DEFAULT_KINDS)
        actions.register(
            Registration(email=state["email"], places=places, preferences=Preferences(email_kinds=bits))
        )
        request.session.pop(SESSION_KEY, None)
        return redirect("alerts:check-email")
    return render(request, "alerts/join/check.html", context)


def change_url(name: str) -> str:
    return reverse(name) + "?change=1"
