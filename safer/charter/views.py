"""Public scorecard pages and downloads: every promise, its measure, by place and over time."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safer.charter.loader import Charter, Promise, Theme, describe_period, format_value, get_charter
from safer.charter.loader import charters_for_force as charters_here
from safer.charter.models import ScorecardSnapshot
from safer.charter.scorecard import (
    MET,
    NO_DATA,
    NOT_MEASURED,
    NOT_MET,
    STATUSES,
    Result,
    Scope,
    Scorecard,
    get_scorecard,
)
from safer.charter.series import Series, series_for, stored, stored_for_places
from safer.lib.metrics import Measurement, Period, get_metric

TAG_CLASS = {
    MET: "govuk-tag--green",
    NOT_MET: "govuk-tag--red",
    NO_DATA: "govuk-tag--yellow",
    NOT_MEASURED: "govuk-tag--grey",
}
LEVEL_WORDS = {
    "force": "the whole force",
    "area": "each local policing area",
    "neighbourhood": "each neighbourhood",
    "parish": "each parish or ward",
}


@dataclass(frozen=True)
class HistoryCell:
    label: str  # "Jun 2026"
    value: str
    status: str
    tag_class: str


@dataclass(frozen=True)
class Row:
    promise: Promise
    measure: str
    target: str
    period: str
    value: str
    status: str
    tag_class: str
    note: str
    judged_for: str
    history: list[HistoryCell]
    series: Series | None = None
    interval: str = ""


def _charter_or_404(charter_id: str) -> Charter:
    charter = get_charter(charter_id)
    if charter is None:
        raise Http404("No such charter")
    return charter


def measure_label(promise: Promise) -> str:
    metric = get_metric(promise.metric)
    # Labels and notes are sentences; the page adds its own full stop.
    return (metric.label if metric else (promise.note or promise.metric)).rstrip(".")


def value_text(promise: Promise, measurement: Measurement | None, period: Period | None = None) -> str:
    if measurement is None:
        return "Not measured yet"
    if measurement.value is None:
        if measurement.too_few:
            return f"Too few answers ({measurement.sample_size}) to give a figure"
        return "No data"
    metric = get_metric(promise.metric)
    unit = metric.unit if metric else promise.target.unit
    text = format_value(measurement.value, unit)
    if metric and metric.unit == "%" and measurement.denominator and measurement.sample_size is None:
        text += f" ({measurement.numerator:,.0f} of {measurement.denominator:,.0f})"
    if period is not None and not measurement.covers(period) and measurement.data_since:
        text = f"No data: the records begin on {measurement.data_since:%-d %B %Y} (so far {text})"
    return text


def interval_text(promise: Promise, measurement: Measurement | None) -> str:
    """ "95% interval 55% to 69%; 180 answers" for a survey measure, else ""."""
    if measurement is None or measurement.sample_size is None:
        return ""
    metric = get_metric(promise.metric)
    unit = metric.unit if metric else promise.target.unit
    answers = f"{measurement.sample_size} answer{'s' if measurement.sample_size != 1 else ''}"
    if measurement.ci_low is None or measurement.ci_high is None:
        return answers
    low, high = (
        format_value(round(measurement.ci_low, 1), unit),
        format_value(round(measurement.ci_high, 1), unit),
    )
    return f"95% interval {low} to {high}; {answers}"


def _row(promise: Promise, result: Result, history: list[HistoryCell], series: Series | None = None) -> Row:
    measurement = result.measurement
    note = measurement.note if measurement else ""
    return Row(
        series=series,
        interval=interval_text(promise, measurement),
        promise=promise,
        measure=measure_label(promise),
        target=promise.target.describe(),
        period=describe_period(promise.period),
        value=value_text(promise, measurement, result.period),
        status=result.status,
        tag_class=TAG_CLASS[result.status],
        note=note,
        judged_for=LEVEL_WORDS[promise.level],
        history=history,
    )


def _themes(charter: Charter, card: Scorecard, scope: Scope) -> list[tuple[Theme, list[Row]]]:
    """Each theme's promises at the scope, each with its last twelve months (stored snapshots and
    this month as measured now)."""
    months = stored(charter.id, scope, card.as_of)
    themes = []
    for theme in charter.themes:
        rows = []
        for promise in charter.promises_for(theme.id):
            result = card.result(promise.id, scope)
            if result is not None:
                series = None
                if result.measurement is not None:
                    series = series_for(promise, scope, result, card.as_of, months.get(promise.id, {}))
                rows.append(_row(promise, result, [], series))
        themes.append((theme, rows))
    return themes


def _render_scope(
    request: HttpRequest, charter: Charter, card: Scorecard, scope: Scope, *, area_error: str = ""
) -> HttpResponse:
    summary = card.summary(scope)
    judged_elsewhere = sum(1 for p in charter.promises if not p.applies_at(scope.level))
    area = card.scope("area", scope.area_slug) if scope.level == "neighbourhood" else None
    context = {
        "charter": charter,
        "card": card,
        "scope": scope,
        "area": area,
        "themes": _themes(charter, card, scope),
        "summary": [(status, summary[status], TAG_CLASS[status]) for status in STATUSES],
        "judged_elsewhere": judged_elsewhere,
        "areas": card.areas(),
        "neighbourhoods": card.neighbourhoods(scope.slug) if scope.level == "area" else [],
        "selected_area": scope.slug if scope.level == "area" else scope.area_slug,
        "area_error": area_error,
    }
    return render(request, "charter/scorecard.html", context, status=400 if area_error else 200)


def index(request: HttpRequest) -> HttpResponse:
    charters = []
    for charter in charters_here():
        card = get_scorecard(charter)
        summary = card.summary(card.force)
        charters.append(
            {
                "charter": charter,
                "promises": len(charter.promises),
                "summary": [(status, summary[status], TAG_CLASS[status]) for status in STATUSES],
            }
        )
    return render(request, "charter/index.html", {"charters": charters})


def charter_page(request: HttpRequest, charter_id: str) -> HttpResponse:
    charter = _charter_or_404(charter_id)
    card = get_scorecard(charter)
    if "area" in request.GET:
        # The area filter is a plain GET form, so it works without JavaScript; each area's scorecard
        # has its own address, which the form redirects to.
        slug = request.GET["area"]
        if not slug:
            return redirect("charter:charter", charter_id=charter.id)
        if card.scope("area", slug) is None:
            return _render_scope(
                request, charter, card, card.force, area_error="Choose an area from the list"
            )
        return redirect("charter:area", charter_id=charter.id, area_slug=slug)
    return _render_scope(request, charter, card, card.force)


def area_page(request: HttpRequest, charter_id: str, area_slug: str) -> HttpResponse:
    charter = _charter_or_404(charter_id)
    card = get_scorecard(charter)
    scope = card.scope("area", area_slug)
    if scope is None:
        raise Http404("No such local policing area")
    return _render_scope(request, charter, card, scope)


def neighbourhood_page(request: HttpRequest, charter_id: str, slug: str) -> HttpResponse:
    charter = _charter_or_404(charter_id)
    card = get_scorecard(charter)
    scope = card.scope("neighbourhood", slug)
    if scope is None:
        raise Http404("No such neighbourhood")
    return _render_scope(request, charter, card, scope)


def promise_page(request: HttpRequest, charter_id: str, promise_id: str) -> HttpResponse:
    """One promise: how it is measured (the charter's note and the query in words), its last twelve
    months at the force, and every area and neighbourhood side by side."""
    charter = _charter_or_404(charter_id)
    promise = next((p for p in charter.promises if p.id == promise_id), None)
    if promise is None:
        raise Http404("No such promise")
    card = get_scorecard(charter)
    card.fill_promise(promise)
    metric = get_metric(promise.metric)
    places = [s for s in card.scopes.values() if s.level in ("force", "area") and promise.applies_at(s.level)]
    months = stored_for_places(charter.id, promise.id, places, card.as_of)
    rows = []
    for scope in places:
        result = card.result(promise.id, scope)
        if result is None:
            continue
        series = series_for(promise, scope, result, card.as_of, months.get(scope.key, {}))
        rows.append((scope, _row(promise, result, [], series)))
    neighbourhoods = []
    if promise.applies_at("neighbourhood"):
        for scope in card.neighbourhoods():
            result = card.result(promise.id, scope)
            if result is not None:
                neighbourhoods.append((scope, _row(promise, result, [])))
    context = {
        "charter": charter,
        "promise": promise,
        "theme": next(t for t in charter.themes if t.id == promise.theme),
        "metric": metric,
        "measure": measure_label(promise),
        "period": describe_period(promise.period),
        "target": promise.target.describe(),
        "judged_for": LEVEL_WORDS[promise.level],
        "places": rows,
        "neighbourhoods": neighbourhoods,
        "card": card,
    }
    return render(request, "charter/promise.html", context)


# --- downloads -------------------------------------------------------------------------------

FIELDS = [
    "charter",
    "theme",
    "promise",
    "text",
    "metric",
    "promise_level",
    "level",
    "place",
    "place_name",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "target_op",
    "target_value",
    "unit",
    "status",
    "note",
    "sample_size",
    "ci_low",
    "ci_high",
    "data_since",
    "month",
    "final",
    "corrected_value",
    "corrected_status",
    "method_url",
]


def download_rows(charter: Charter, card: Scorecard) -> list[dict[str, Any]]:
    """Every promise at every place it is judged: the one shape both downloads share."""
    card.fill_all()
    rows = []
    for promise in charter.promises:
        metric = get_metric(promise.metric)
        for scope in card.scopes.values():
            result = card.result(promise.id, scope)
            if result is None:
                continue
            m = result.measurement
            rows.append(
                {
                    "charter": charter.id,
                    "theme": promise.theme,
                    "promise": promise.id,
                    "text": promise.text,
                    "metric": promise.metric,
                    "promise_level": promise.level,
                    "level": scope.level,
                    "place": scope.slug,
                    "place_name": scope.name,
                    "period_start": result.period.start.isoformat(),
                    "period_end": result.period.end.isoformat(),
                    "value": m.value if m else None,
                    "numerator": m.numerator if m else None,
                    "denominator": m.denominator if m else None,
                    "target_op": promise.target.op,
                    "target_value": promise.target.value,
                    "unit": metric.unit if metric else promise.target.unit,
                    "status": result.status,
                    "note": m.note if m else "",
                    "sample_size": m.sample_size if m else None,
                    "ci_low": m.ci_low if m else None,
                    "ci_high": m.ci_high if m else None,
                    "data_since": m.data_since.isoformat() if m and m.data_since else None,
                    "month": card.as_of.replace(day=1).isoformat(),
                    "final": False,
                    "corrected_value": None,
                    "corrected_status": None,
                    "method_url": reverse("charter:promise", args=[charter.id, promise.id]),
                }
            )
    return rows


def _safe_cell(value: Any) -> Any:
    # Spreadsheets run text that starts with these characters as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def download_csv(request: HttpRequest, charter_id: str) -> HttpResponse:
    charter = _charter_or_404(charter_id)
    card = get_scorecard(charter)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{charter.id}-{card.as_of.isoformat()}.csv"'
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    for row in download_rows(charter, card):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return response


def download_json(request: HttpRequest, charter_id: str) -> JsonResponse:
    charter = _charter_or_404(charter_id)
    card = get_scorecard(charter)
    data = {
        "charter": {
            "id": charter.id,
            "title": charter.title,
            "force": charter.force,
            "published": charter.published.isoformat(),
            "source": charter.source,
            "url": request.build_absolute_uri(reverse("charter:charter", args=[charter.id])),
        },
        "as_of": card.as_of.isoformat(),
        "computed_at": card.computed_at.isoformat(),
        "statuses": list(STATUSES),
        "results": download_rows(charter, card),
    }
    return JsonResponse(data, json_dumps_params={"indent": 1})


# --- the stored months, in the same shape ----------------------------------------------------


def history_rows(charter: Charter) -> list[dict[str, Any]]:
    """Every stored month of every promise at every place, in the downloads' one shape (FIELDS)."""
    promises = {p.id: p for p in charter.promises}
    rows = []
    for snap in ScorecardSnapshot.objects.filter(charter=charter.id).order_by(
        "month", "promise", "level", "place"
    ):
        promise = promises.get(snap.promise)
        if promise is None:
            continue  # a promise since taken out of the charter file
        metric = get_metric(promise.metric)
        rows.append(
            {
                "charter": charter.id,
                "theme": promise.theme,
                "promise": promise.id,
                "text": promise.text,
                "metric": promise.metric,
                "promise_level": promise.level,
                "level": snap.level,
                "place": snap.place,
                "place_name": snap.place_name,
                "period_start": snap.period_start.isoformat(),
                "period_end": snap.period_end.isoformat(),
                "value": snap.value,
                "numerator": snap.numerator,
                "denominator": snap.denominator,
                "target_op": promise.target.op,
                "target_value": promise.target.value,
                "unit": metric.unit if metric else promise.target.unit,
                "status": snap.status,
                "note": snap.note,
                "sample_size": snap.sample_size,
                "ci_low": snap.ci_low,
                "ci_high": snap.ci_high,
                "data_since": None,
                "month": snap.month.isoformat(),
                "final": snap.final,
                "corrected_value": snap.corrected_value,
                "corrected_status": snap.corrected_status or None,
                "method_url": reverse("charter:promise", args=[charter.id, promise.id]),
            }
        )
    return rows


def history_csv(request: HttpRequest, charter_id: str) -> HttpResponse:
    charter = _charter_or_404(charter_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{charter.id}-monthly.csv"'
    writer = csv.DictWriter(response, fieldnames=FIELDS)
    writer.writeheader()
    for row in history_rows(charter):
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return response


def history_json(request: HttpRequest, charter_id: str) -> JsonResponse:
    charter = _charter_or_404(charter_id)
    data = {
        "charter": {"id": charter.id, "title": charter.title},
        "statuses": list(STATUSES),
        "results": history_rows(charter),
    }
    return JsonResponse(data, json_dumps_params={"indent": 1})
