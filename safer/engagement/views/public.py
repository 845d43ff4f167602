"""Public engagement pages: events and calendar feeds, "you said, we did", concerns, stations,
surveys, parish council pages and the printable poster. Every page works without JavaScript."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.engagement import actions, survey_limits
from safer.engagement.calendar import feed, public_events, upcoming
from safer.engagement.forms import SurveyForm
from safer.engagement.models import (
    Answer,
    Concern,
    CouncilMeeting,
    Event,
    ParishCouncil,
    Priority,
    QuestionKind,
    Station,
    StationStatusChange,
    Survey,
)
from safer.engagement.poster import poster_pdf
from safer.engagement.ranking import CATEGORY_LABELS, rank
from safer.lib.page_cache import cached_public_page
from safer.places.models import Neighbourhood, PolicingArea


def _neighbourhood(slug: str) -> Neighbourhood:
    return get_object_or_404(
        Neighbourhood.objects.select_related("force"), force__slug=settings.FORCE_ID, slug=slug
    )


def _api_base(nb: Neighbourhood) -> str:
    return f"/api/{nb.force.slug}/{nb.code}"


# --- events ----------------------------------------------------------------------------------


def events(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    context = {
        "neighbourhood": nb,
        "occurrences": upcoming(public_events([nb.pk]), limit=50, days=365),
        "api_base": _api_base(nb),
    }
    return render(request, "engagement/events.html", context)


def event(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Event.objects.select_related("neighbourhood", "parish").prefetch_related("attendees"), pk=pk
    )
    if not item.is_public:
        raise Http404("No such event.")
    upcoming = item.occurrences(after=timezone.now())[:12]
    # A repeating event leads with its next sitting (the first may be long past); a one-off, or a
    # series that has ended, with its own dates.
    shown = upcoming[0] if upcoming and item.rrule else None
    context = {
        "event": item,
        "next": upcoming[1:] if shown else upcoming,
        "when_start": shown.start if shown else item.start,
        "when_end": shown.end if shown else item.end,
    }
    return render(request, "engagement/event.html", context)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def neighbourhood_ics(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    return _ics(feed(public_events([nb.pk]), f"{nb.name} neighbourhood team events"), f"{nb.slug}.ics")


def area_ics(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(PolicingArea.objects.filter(force__slug=settings.FORCE_ID), slug=slug)
    neighbourhoods = area.neighbourhoods.values("pk")
    return _ics(
        feed(public_events(neighbourhoods), f"{area.name} police engagement events"), f"{area.slug}.ics"
    )


def poster(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    response = HttpResponse(poster_pdf(nb), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nb.slug}-poster.pdf"'
    return response


# --- you said, we did; concerns --------------------------------------------------------------


def priorities(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    published = list(Priority.objects.filter(neighbourhood=nb, is_published=True))
    context = {
        "neighbourhood": nb,
        "current": [p for p in published if p.closed_on is None],
        "closed": [p for p in published if p.closed_on is not None],
        "api_base": _api_base(nb),
    }
    return render(request, "engagement/priorities.html", context)


def concerns(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    since = timezone.now() - relativedelta(months=12)
    rows = (
        Concern.objects.filter(neighbourhood=nb, recorded_at__gte=since)
        .values_list("parish_id", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_parish: dict[int | None, Counter[str]] = defaultdict(Counter)
    overall: Counter[str] = Counter()
    for parish_id, category, n in rows:
        by_parish[parish_id][category] += n
        overall[category] += n
    parishes = [
        {"parish": p, "ranking": rank(by_parish.get(p.pk, Counter()))} for p in nb.parishes.order_by("name")
    ]
    context = {"neighbourhood": nb, "overall": rank(overall), "parishes": parishes, "since": since}
    return render(request, "engagement/concerns.html", context)


# --- stations --------------------------------------------------------------------------------


@cached_public_page
def stations(request: HttpRequest) -> HttpResponse:
    found = Station.objects.filter(force__slug=settings.FORCE_ID).select_related("neighbourhood")
    return render(request, "engagement/stations.html", {"stations": found.prefetch_related("hours")})


@cached_public_page
def station(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        Station.objects.select_related("neighbourhood").prefetch_related("hours"),
        force__slug=settings.FORCE_ID,
        slug=slug,
    )
    history = StationStatusChange.objects.filter(station=item)[:10]
    return render(request, "engagement/station.html", {"station": item, "history": history})


def station_item(s: Station) -> dict[str, Any]:
    return {
        "id": s.slug,
        "name": s.name,
        "address": s.address,
        "latitude": None if s.latitude is None else f"{s.latitude:.6f}",
        "longitude": None if s.longitude is None else f"{s.longitude:.6f}",
        "front_counter": s.has_front_counter,
        "neighbourhood": s.neighbourhood.code,
        "status": s.status,
        "status_text": s.status_text,
        "status_current": s.status_is_current(),
        "available_until": s.available_until.strftime("%H:%M") if s.available_until else None,
        "status_note": s.status_note or None,
        "status_set_at": timezone.localtime(s.status_set_at).isoformat() if s.status_set_at else None,
        "opening_hours": [
            {"day": h.get_weekday_display(), "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in s.hours.all()
        ],
    }


def stations_json(request: HttpRequest) -> JsonResponse:
    found = Station.objects.filter(force__slug=settings.FORCE_ID).select_related("neighbourhood")
    response = JsonResponse([station_item(s) for s in found.prefetch_related("hours")], safe=False)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


# --- surveys ---------------------------------------------------------------------------------


def _survey(slug: str) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("neighbourhood", "parish"),
        neighbourhood__force__slug=settings.FORCE_ID,
        slug=slug,
    )


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, slug: str) -> HttpResponse:
    item = _survey(slug)
    questions = list(item.questions.all())
    if not item.is_open():
        return render(request, "engagement/survey_closed.html", {"survey": item}, status=200)
    form = SurveyForm(request.POST or None, survey=item, questions=questions)
    if request.method == "POST" and form.is_valid():
        refused = survey_limits.refusal(item, request)
        if refused:
            form.add_error(None, refused)
            return render(request, "engagement/survey.html", {"survey": item, "form": form}, status=429)
        try:
            actions.submit_survey(
                item,
                form.answers(),
                form.cleaned_data.get("parish"),
                client_hash=survey_limits.client_hash(item, request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = redirect("engagement:survey-thanks", slug=item.slug)
            survey_limits.remember_answer(item, request, response)
            return response
    return render(request, "engagement/survey.html", {"survey": item, "form": form})


def survey_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "engagement/survey_thanks.html", {"survey": _survey(slug)})


def results_for(item: Survey, *, with_text: bool = False) -> list[dict[str, Any]]:
    """Each question's answers counted, with a bar length for the chart (share of responses).
    Free-text answers may hold personal details, so only staff pages ask for them (`with_text`)."""
    responses = item.responses.count()
    answers = Answer.objects.filter(response__survey=item)
    choice_counts: dict[int, Counter[str]] = defaultdict(Counter)
    for qid, choice, n in (
        answers.exclude(choice="").values_list("question_id", "choice").annotate(n=Count("pk")).order_by()
    ):
        choice_counts[qid][choice] = n
    scale_counts: dict[int, Counter[int]] = defaultdict(Counter)
    for qid, scale, n in (
        answers.filter(scale__isnull=False)
        .values_list("question_id", "scale")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        scale_counts[qid][scale] = n
    texts: dict[int, list[str]] = defaultdict(list)
    text_counts = Counter(answers.exclude(text="").values_list("question_id", flat=True))
    if with_text:
        for qid, text in answers.exclude(text="").order_by("-pk").values_list("question_id", "text")[:500]:
            if len(texts[qid]) < 20:
                texts[qid].append(text)
    out = []
    for q in item.questions.all():
        rows: list[tuple[str, int]] = []
        if q.kind == QuestionKind.CONCERN:
            rows = [(str(CATEGORY_LABELS.get(c, c)), n) for c, n in choice_counts[q.pk].most_common()]
        elif q.kind == QuestionKind.CHOICE:
            rows = [(c, choice_counts[q.pk].get(c, 0)) for c in q.choices]
        elif q.kind == QuestionKind.SCALE:
            rows = [(str(n), scale_counts[q.pk].get(n, 0)) for n in range(q.scale_min, q.scale_max + 1)]
        bars = [
            {"label": label, "count": n, "percent": round(100 * n / responses) if responses else 0}
            for label, n in rows
        ]
        total = sum(scale_counts[q.pk].values())
        mean = sum(k * v for k, v in scale_counts[q.pk].items()) / total if total else None
        out.append(
            {"question": q, "bars": bars, "texts": texts[q.pk], "text_count": text_counts[q.pk], "mean": mean}
        )
    return out


def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    item = _survey(slug)
    context = {"survey": item, "responses": item.responses.count(), "results": results_for(item)}
    return render(request, "engagement/survey_results.html", context)


def surveys(request: HttpRequest, slug: str) -> HttpResponse:
    nb = _neighbourhood(slug)
    found = Survey.objects.filter(neighbourhood=nb).select_related("parish")
    today = timezone.localdate()
    context = {
        "neighbourhood": nb,
        "open": [s for s in found if s.is_open(today)],
        "closed": [s for s in found if not s.is_open(today)],
    }
    return render(request, "engagement/surveys.html", context)


# --- parish councils -------------------------------------------------------------------------


def council(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ParishCouncil.objects.select_related("parish__neighbourhood").prefetch_related(
            "agreements",
            Prefetch(
                "meetings",
                CouncilMeeting.objects.filter(date__gte=timezone.localdate() - dt.timedelta(days=730)),
            ),
        ),
        parish__neighbourhood__force__slug=settings.FORCE_ID,
        pk=pk,
    )
    today = timezone.localdate()
    agreement = next((a for a in item.agreements.all() if a.is_current(today)), None)
    context = {"council": item, "agreement": agreement, "meetings": list(item.meetings.all())}
    return render(request, "engagement/council.html", context)
