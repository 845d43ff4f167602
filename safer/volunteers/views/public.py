"""Public pages: how to volunteer with the force, and the ride-along application as GOV.UK question
pages (one short form a page, a check-your-answers page, a confirmation). No JavaScript is needed:
the answers so far are kept in the visitor's session until they send the application."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safer.lib import phones
from safer.lib.ratelimit import limited
from safer.places.models import PolicingArea
from safer.volunteers import actions
from safer.volunteers.models import AdvisoryGroup, CadetUnit, RideAlong
from safer.volunteers.public_forms import RESTRICTIONS, AboutYouForm, EligibilityForm, RestrictionsForm

SESSION_KEY = "ride_along"
DONE_KEY = "ride_along_reference"
TOO_MANY = "Too many applications have been sent from your connection in the last hour. Try again later."
# The question pages in order: (step name, form, title).
STEPS: list[tuple[str, type[Any], str]] = [
    ("eligibility", EligibilityForm, "Can you go on a ride-along?"),
    ("about-you", AboutYouForm, "About you"),
    ("rules", RestrictionsForm, "The rules for observers"),
]


@require_safe
def volunteer(request: HttpRequest) -> HttpResponse:
    """Every way to give time to the force, with the units and groups that exist (no one's name)."""
    units = CadetUnit.objects.values("kind").annotate(n=Count("pk"))
    counts = {row["kind"]: row["n"] for row in units}
    context = {
        "cadet_units": counts.get(CadetUnit.Kind.CADETS, 0) + counts.get(CadetUnit.Kind.JUNIOR, 0),
        "mini_units": counts.get(CadetUnit.Kind.MINI, 0),
        "advisory_groups": AdvisoryGroup.objects.select_related("area").order_by("area__name", "name"),
        "minimum": settings.SPECIALS_MONTHLY_MINIMUM_HOURS,
    }
    return render(request, "volunteers/public/volunteer.html", context)


@require_safe
def ride_along_start(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteers/public/ride_along_start.html", {"restrictions": RESTRICTIONS})


def _answers(request: HttpRequest) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    return answers


def _first_missing(answers: dict[str, Any]) -> str | None:
    return next((name for name, _, _ in STEPS if name not in answers), None)


def _step_url(name: str) -> str:
    return reverse("volunteers:ride-along-step", args=[name])


@require_http_methods(["GET", "POST"])
def ride_along_step(request: HttpRequest, step: str) -> HttpResponse:
    names = [name for name, _, _ in STEPS]
    if step not in names:
        return redirect(_step_url(names[0]))
    index = names.index(step)
    _, form_class, title = STEPS[index]
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is not None and names.index(missing) < index:
        return redirect(_step_url(missing))
    form = form_class(request.POST or None, initial=answers.get(step))
    if request.method == "POST" and form.is_valid():
        answers[step] = {k: _plain(v) for k, v in form.cleaned_data.items()}
        request.session[SESSION_KEY] = answers
        if step == "eligibility" and not _may_apply(answers[step]):
            return redirect("volunteers:ride-along-not-eligible")
        later = _first_missing(answers)
        return redirect(_step_url(later) if later else reverse("volunteers:ride-along-check"))
    back = _step_url(names[index - 1]) if index else reverse("volunteers:ride-along")
    context = {
        "form": form,
        "title": title,
        "back": back,
        "step": step,
        "number": index + 1,
        "steps": len(STEPS),
        "restrictions": RESTRICTIONS if step == "rules" else [],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "volunteers/public/question.html", context, status=status)


def _plain(value: Any) -> Any:
    """A cleaned value as the session (JSON) can hold it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PolicingArea):
        return value.pk
    return value


def _age(dob: dt.date, today: dt.date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _may_apply(eligibility: dict[str, Any]) -> bool:
    dob = dt.date.fromisoformat(eligibility["date_of_birth"])
    return _age(dob, timezone.localdate()) >= 18 and eligibility["lives_in_area"] == "yes"


@require_safe
def ride_along_not_eligible(request: HttpRequest) -> HttpResponse:
    return render(request, "volunteers/public/not_eligible.html", {"back": _step_url("eligibility")})


@require_http_methods(["GET", "POST"])
def ride_along_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is not None:
        return redirect(_step_url(missing))
    if not _may_apply(answers["eligibility"]):
        return redirect("volunteers:ride-along-not-eligible")
    eligibility, about = answers["eligibility"], answers["about-you"]
    area = PolicingArea.objects.current().filter(pk=about["area"]).first()
    if area is None:
        return redirect(_step_url("about-you"))
    if request.method == "POST":
        if limited(request, "ride-along-apply", settings.RIDE_ALONG_APPLICATIONS_PER_HOUR):
            return render(request, "volunteers/public/check.html", {"limited": TOO_MANY}, status=429)
        application = actions.apply_for_ride_along(
            RideAlong(
                name=about["name"].strip(),
                email=about["email"],
                phone=about["phone"],
                date_of_birth=dt.date.fromisoformat(eligibility["date_of_birth"]),
                area=area,
                reason=about["reason"].strip(),
                lives_in_force_area=True,
                has_convictions=eligibility["convictions"] == "yes",
            )
        )
        del request.session[SESSION_KEY]
        request.session[DONE_KEY] = application.reference
        return redirect("volunteers:ride-along-done")
    dob = dt.date.fromisoformat(eligibility["date_of_birth"])
    rows = [
        ("Date of birth", f"{dob:%-d %B %Y}", "eligibility"),
        ("Live in the force area", "Yes", "eligibility"),
        ("Convictions or cautions", eligibility["convictions"].capitalize(), "eligibility"),
        ("Full name", about["name"], "about-you"),
        ("Email address", about["email"], "about-you"),
        ("Phone number", phones.national(about["phone"]), "about-you"),
        ("Area to observe", area.name, "about-you"),
        ("Why", about["reason"], "about-you"),
        ("The rules for observers", "Agreed", "rules"),
    ]
    summary = [{"key": k, "value": v, "href": _step_url(s)} for k, v, s in rows]
    return render(request, "volunteers/public/check.html", {"summary": summary, "back": _step_url("rules")})


@require_safe
def ride_along_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(DONE_KEY)
    if not reference:
        return redirect("volunteers:ride-along")
    application = RideAlong.objects.filter(reference=reference).first()
    return render(
        request, "volunteers/public/done.html", {"application": application, "reference": reference}
    )
