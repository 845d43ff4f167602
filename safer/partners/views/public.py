"""Public pages for the ASB Case Review: how it works, the application (one question a page, kept
in the session until the last page sends it), and the figures the Act requires each year.

The pages work without JavaScript; nothing is stored until "Send application" on the check page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from safer.lib.ratelimit import limited
from safer.partners import actions, casereview
from safer.partners.forms_public import BehaviourForm, ReportsForm, VictimForm, WhoForm, YouForm
from safer.partners.models import CaseReviewSettings
from safer.partners.models.casereview import STATUTORY_THRESHOLD, ApplyingFor, ReportedTo
from safer.places.models import Neighbourhood

SESSION_KEY = "asb_case_review"
DONE_KEY = "asb_case_review_done"
# Question pages in order: (url name, form class, page title).
STEPS: list[tuple[str, type[forms.Form], str]] = [
    ("apply-who", WhoForm, "Who are you applying for?"),
    ("apply-victim", VictimForm, "The person you are applying for"),
    ("apply-you", YouForm, "Your details"),
    ("apply-behaviour", BehaviourForm, "The anti-social behaviour"),
    ("apply-reports", ReportsForm, "When you reported it"),
]


def _answers(request: HttpRequest) -> dict[str, Any]:
    stored = request.session.get(SESSION_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def _steps_for(answers: dict[str, Any]) -> list[str]:
    names = [name for name, _, _ in STEPS]
    if answers.get("applying_for") != ApplyingFor.SOMEONE_ELSE:
        names.remove("apply-victim")
    return names


def _first_missing(answers: dict[str, Any]) -> str | None:
    done = answers.get("_done", [])
    return next((name for name in _steps_for(answers) if name not in done), None)


def _serialise(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in cleaned.items()}


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    lowest = CaseReviewSettings.objects.order_by("threshold").values_list("threshold", flat=True).first()
    return render(
        request,
        "partners/public/start.html",
        {
            "threshold": STATUTORY_THRESHOLD,
            "lowest": lowest or STATUTORY_THRESHOLD,
            "rules": casereview.settings_for(None),
        },
    )


def _question(request: HttpRequest, name: str) -> HttpResponse:
    answers = _answers(request)
    steps = _steps_for(answers)
    if name not in steps:
        return redirect("partners:apply-who")
    index = steps.index(name)
    # A page can be reached only once the pages before it are answered.
    missing = _first_missing(answers)
    if missing is not None and steps.index(missing) < index:
        return redirect(f"partners:{missing}")
    form_class, title = next((f, t) for n, f, t in STEPS if n == name)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
            if isinstance(form, YouForm) and form.neighbourhood is not None:
                cleaned["neighbourhood_id"] = form.neighbourhood.pk
            if isinstance(form, ReportsForm):
                answers = {k: v for k, v in answers.items() if not k.startswith(("date_", "to_", "ref_"))}
            answers.update(_serialise(cleaned))
            if isinstance(form, WhoForm) and cleaned["applying_for"] == ApplyingFor.SELF:
                for key in ("victim_name", "relationship", "consent_confirmed"):
                    answers.pop(key, None)
            answers["_done"] = sorted({*answers.get("_done", []), name})
            request.session[SESSION_KEY] = answers
            following = _first_missing(answers)
            if request.GET.get("change") == "1" or following is None:
                return redirect("partners:apply-check")
            return redirect(f"partners:{following}")
    else:
        form = form_class(initial={k: v for k, v in answers.items() if not k.startswith("_")})
    back = reverse(f"partners:{steps[index - 1]}") if index else reverse("partners:case-review-start")
    template = (
        "partners/public/reports.html" if isinstance(form, ReportsForm) else "partners/public/question.html"
    )
    return render(
        request,
        template,
        {"form": form, "title": title, "back": back, "step": index + 1, "steps": len(steps)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def apply_who(request: HttpRequest) -> HttpResponse:
    return _question(request, "apply-who")


@require_http_methods(["GET", "POST"])
def apply_victim(request: HttpRequest) -> HttpResponse:
    return _question(request, "apply-victim")


@require_http_methods(["GET", "POST"])
def apply_you(request: HttpRequest) -> HttpResponse:
    return _question(request, "apply-you")


@require_http_methods(["GET", "POST"])
def apply_behaviour(request: HttpRequest) -> HttpResponse:
    return _question(request, "apply-behaviour")


@require_http_methods(["GET", "POST"])
def apply_reports(request: HttpRequest) -> HttpResponse:
    return _question(request, "apply-reports")


def _reports(answers: dict[str, Any]) -> list[tuple[dt.date, str, str]]:
    found = []
    for n in range(1, 6):
        day, to = answers.get(f"date_{n}"), answers.get(f"to_{n}")
        if day and to:
            found.append((dt.date.fromisoformat(day), to, answers.get(f"ref_{n}", "")))
    return found


@require_http_methods(["GET", "POST"])
def apply_check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = _first_missing(answers)
    if missing is not None:
        return redirect(f"partners:{missing}")
    neighbourhood = Neighbourhood.objects.filter(pk=int(answers.get("neighbourhood_id") or 0)).first()
    if neighbourhood is None:
        return redirect("partners:apply-you")
    reports = _reports(answers)
    error = ""
    if request.method == "POST":
        if limited(request, "asb-case-review", 10):
            error = "Too many applications have been sent from this connection. Please try again in an hour."
        else:
            fields = {
                "applicant_name": answers["applicant_name"],
                "applicant_email": answers.get("applicant_email", ""),
                "applicant_phone": answers.get("applicant_phone", ""),
                "applicant_postcode": answers["postcode"],
                "applying_for": answers["applying_for"],
                "victim_name": answers.get("victim_name", ""),
                "relationship": answers.get("relationship", ""),
                "consent_confirmed": bool(answers.get("consent_confirmed")),
                "behaviour": answers["behaviour"],
                "location": answers["location"],
                "hate_related": bool(answers.get("hate_related")),
            }
            try:
                application = actions.submit_application(neighbourhood, fields, reports)
            except actions.ActionRefused as refused:
                error = str(refused)
            else:
                request.session.pop(SESSION_KEY, None)
                request.session[DONE_KEY] = application.reference
                return redirect("partners:apply-done")
    labels = dict(ReportedTo.choices)
    return render(
        request,
        "partners/public/check.html",
        {
            "answers": answers,
            "neighbourhood": neighbourhood,
            "reports": [(d, labels.get(t, t), r) for d, t, r in reports],
            "someone_else": answers.get("applying_for") == ApplyingFor.SOMEONE_ELSE,
            "error": error,
        },
        status=429 if error.startswith("Too many") else 400 if error else 200,
    )


@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(DONE_KEY)
    if not reference:
        return redirect("partners:case-review-start")
    return render(
        request, "partners/public/done.html", {"reference": reference, "rules": casereview.settings_for(None)}
    )


@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    return render(request, "partners/public/figures.html", {"years": casereview.published_years()})
