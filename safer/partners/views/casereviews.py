"""Back-office pages for ASB Case Reviews: the queue with its clocks, and one application with the
steps that move it on. Applications hold applicants' personal data: every read is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from safer.accounts import audit
from safer.accounts.scopes import CASE_REVIEWERS, in_scope, require_role
from safer.partners import actions, casereview
from safer.partners.forms import AppealDecisionForm, AppealRequestForm, DecisionForm, ReviewForm
from safer.partners.models import CaseReviewApplication, CaseReviewComplaint
from safer.partners.models.casereview import Stage

PER_PAGE = 50
OPEN_STAGES = [Stage.RECEIVED, Stage.ACKNOWLEDGED, Stage.THRESHOLD_MET, Stage.APPEALED]


def _applications(request: HttpRequest) -> Any:
    return in_scope(request.user, CaseReviewApplication.objects.select_related("area", "neighbourhood"))


@require_GET
@require_role(*CASE_REVIEWERS)
def queue(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    rows = _applications(request)
    rows = rows.filter(stage__in=OPEN_STAGES) if show == "open" else rows
    page = Paginator(rows.order_by("received_at"), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    items = [(a, casereview.next_due(a)) for a in page]
    audit.record_set(
        request.user,
        "partners.case_reviews.read",
        CaseReviewApplication,
        len(items),
        {"ids": [a.pk for a, _ in items]},
    )
    return render(
        request,
        "partners/case_reviews.html",
        {
            "page": page,
            "items": items,
            "today": today,
            "show": show,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query_prefix": f"show={show}&",
            "section": "case-reviews",
        },
    )


def _page(request: HttpRequest, application: CaseReviewApplication, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    rules = casereview.settings_for(application.area)
    audit.record(request.user, "partners.case_review.read", application)
    context: dict[str, Any] = {
        "application": application,
        "rules": rules,
        "clocks": casereview.clocks(application),
        "next_due": casereview.next_due(application),
        "qualifying": casereview.qualifying_complaints(application, rules),
        "automatic": casereview.threshold_automatically_met(application),
        "complaints": application.complaints.all(),
        "recommendations": application.recommendations.select_related("agency"),
        "today": today,
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "review_form": forms.get("review_form") or ReviewForm(initial={"held_on": today}),
        "appeal_form": forms.get("appeal_form") or AppealRequestForm(initial={"requested_on": today}),
        "appeal_decision_form": forms.get("appeal_decision_form") or AppealDecisionForm(),
        "error": forms.get("error", ""),
        "section": "case-reviews",
    }
    failed = any(f.errors for k, f in forms.items() if k.endswith("_form")) or bool(forms.get("error"))
    return render(request, "partners/case_review.html", context, status=400 if failed else 200)


@require_GET
@require_role(*CASE_REVIEWERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_applications(request), pk=pk))


def _done(request: HttpRequest, application: CaseReviewApplication, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("partners:case-review", pk=application.pk)


@require_POST
@require_role(*CASE_REVIEWERS)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    try:
        actions.acknowledge(request.user, application)
    except actions.ActionRefused as refused:
        return _page(request, application, error=str(refused))
    return _done(request, application, "Acknowledged. The applicant has been told.")


@require_POST
@require_role(*CASE_REVIEWERS)
def complaint(request: HttpRequest, pk: int, complaint_pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    found = get_object_or_404(CaseReviewComplaint, pk=complaint_pk, application=application)
    qualifying = request.POST.get("qualifying")
    if qualifying not in ("yes", "no"):
        return _page(request, application, error="Say whether the complaint qualifies.")
    try:
        actions.mark_complaint(request.user, found, qualifying == "yes")
    except actions.ActionRefused as refused:
        return _page(request, application, error=str(refused))
    return _done(request, application, "Complaint marked.")


@require_POST
@require_role(*CASE_REVIEWERS)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, application, decision_form=form)
    try:
        actions.decide(
            request.user, application, form.cleaned_data["threshold_met"], form.cleaned_data["reason"]
        )
    except actions.ActionRefused as refused:
        form.add_error("threshold_met", str(refused))
        return _page(request, application, decision_form=form)
    return _done(request, application, "Decision recorded. The applicant has been told.")


@require_POST
@require_role(*CASE_REVIEWERS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _page(request, application, review_form=form)
    d = form.cleaned_data
    try:
        actions.record_review(request.user, application, d["held_on"], d["summary"], d["recommendations"])
    except actions.ActionRefused as refused:
        form.add_error("held_on", str(refused))
        return _page(request, application, review_form=form)
    return _done(request, application, "Review recorded. The applicant has been sent the outcome.")


@require_POST
@require_role(*CASE_REVIEWERS)
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    form = AppealRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, application, appeal_form=form)
    try:
        actions.record_appeal(request.user, application, form.cleaned_data["requested_on"])
    except actions.ActionRefused as refused:
        form.add_error("requested_on", str(refused))
        return _page(request, application, appeal_form=form)
    return _done(request, application, "Appeal recorded.")


@require_POST
@require_role(*CASE_REVIEWERS)
def appeal_decision(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(_applications(request), pk=pk)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, application, appeal_decision_form=form)
    try:
        actions.decide_appeal(
            request.user, application, form.cleaned_data["upheld"], form.cleaned_data["reason"]
        )
    except actions.ActionRefused as refused:
        form.add_error("upheld", str(refused))
        return _page(request, application, appeal_decision_form=form)
    return _done(request, application, "Appeal decided. The applicant has been told.")
