"""Oversight of victim records: analysts record their purpose; the data protection officer reads
the s62 processing log (who, when, justification, recipient). Reading the log is itself audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from safer.accounts import audit
from safer.accounts.scopes import DATA_PROTECTION, VICTIM_ANALYSTS, require_role
from safer.victims import actions, forms
from safer.victims.access import current_purpose
from safer.victims.logs import AnalystPurpose, ProcessingLog

PER_PAGE = 50


@require_http_methods(["GET", "POST"])
@require_role(*VICTIM_ANALYSTS)
def purpose(request: HttpRequest) -> HttpResponse:
    form = forms.PurposeForm()
    if request.method == "POST":
        form = forms.PurposeForm(request.POST)
        if form.is_valid():
            try:
                actions.record_purpose(
                    request.user, form.cleaned_data["purpose"], form.cleaned_data["valid_until"]
                )
            except ValidationError as e:
                form.add_error(None, e.messages[0])
            else:
                messages.success(request, "Purpose recorded. Every record you open is logged with it.")
                return redirect("victims:records")
    return render(
        request,
        "victims/purpose.html",
        {
            "form": form,
            "current": current_purpose(request.user),
            "earlier": AnalystPurpose.objects.filter(user=request.user)[:10],  # type: ignore[misc]
            "section": "purpose",
        },
    )


@require_safe
@require_role(*DATA_PROTECTION)
def processing_log(request: HttpRequest) -> HttpResponse:
    rows = ProcessingLog.objects.all()
    ref = request.GET.get("victim", "").strip().upper()
    operation = request.GET.get("operation", "")
    if ref:
        rows = rows.filter(victim_ref=ref)
    if operation in ProcessingLog.Operation.values:
        rows = rows.filter(operation=operation)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    audit.record_set(
        request.user,
        "victims.processing_log.read",
        ProcessingLog,
        len(page.object_list),
        {"victim": ref, "operation": operation, "page": page.number},
    )
    query = "&".join(f"{k}={v}" for k, v in (("victim", ref), ("operation", operation)) if v)
    return render(
        request,
        "victims/processing_log.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "ref": ref,
            "operation": operation,
            "operations": ProcessingLog.Operation.choices,
            "query_prefix": f"{query}&" if query else "",
            "section": "log",
        },
    )
