"""Staff pages for surveys: the list in the account's scope, a survey's full results (free text
included), and creating a survey for a neighbourhood in scope. Role and scope come from
accounts.scopes only; the Django admin stays for administrators."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts import scopes
from safer.engagement import actions, forms, survey_limits
from safer.engagement.models import Survey
from safer.engagement.views.public import results_for
from safer.engagement.views.staff import EDITORS, _fail, _mine, _team

# A new survey runs for eight weeks unless the officer says otherwise.
DEFAULT_WEEKS_OPEN = 8


@scopes.require_role(*EDITORS)
@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    found = scopes.in_scope(request.user, Survey.objects.select_related("neighbourhood", "parish"))
    context = {
        "surveys": found[:100],
        "teams": scopes.neighbourhoods_in_scope(request.user).order_by("name")[:100],
        "is_administrator": scopes.has_role(request.user, scopes.ADMINISTRATORS),
    }
    return render(request, "engagement/staff/surveys.html", context)


@scopes.require_role(*EDITORS)
@require_safe
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    item = _mine(request, Survey.objects.select_related("neighbourhood"), pk)
    context = {
        "survey": item,
        "responses": item.responses.count(),
        "results": results_for(item, with_text=True),
        "bursts": survey_limits.bursts(item),
    }
    return render(request, "engagement/staff/survey_results.html", context)


def _slots(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("slots", forms.QUESTION_SLOTS))
    except ValueError:
        return forms.QUESTION_SLOTS


@scopes.require_role(*EDITORS)
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _team(request, slug)
    if request.method == "POST" and "more" in request.POST:
        # "Add another question": the same answers back with one more blank question, nothing
        # checked or saved yet (so no errors for a form still being filled in).
        initial = {**request.POST.dict(), "ask_concerns": "ask_concerns" in request.POST}
        form = forms.NewSurveyForm(initial=initial, slots=_slots(request) + 1)
        return render(request, "engagement/staff/survey_form.html", {"team": nb, "form": form})
    today = timezone.localdate()
    initial = {
        "opens_on": today,
        "closes_on": today + dt.timedelta(weeks=DEFAULT_WEEKS_OPEN),
        "ask_concerns": True,
    }
    form = forms.NewSurveyForm(request.POST or None, initial=initial, slots=_slots(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = actions.create_survey(
                request.user,
                nb,
                form.survey_fields(),
                form.questions,
                ask_concerns=form.cleaned_data["ask_concerns"],
            )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, "Survey created. Its public page is open on the opening date.")
            return redirect("engagement:staff-survey", pk=survey.pk)
    return render(request, "engagement/staff/survey_form.html", {"team": nb, "form": form})
