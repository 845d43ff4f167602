"""The charter measures engagement counts from its records of events, places, patrols, posts,
stations, councils, priorities, correspondence and survey responses (registered from metrics.py).

Each is given the neighbourhoods of the place being judged and a period, and says in `method` what
it counts; the YAML's `note` for each promise says the same in the charter's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from safer.engagement.calendar import occurrences_between
from safer.engagement.models import (
    FROM_PUBLIC,
    Correspondence,
    CouncilAgreement,
    Event,
    EventKind,
    EventStatus,
    EventTag,
    KeyPlace,
    KeyPlaceKind,
    Occurrence,
    ParishCouncil,
    PatrolLog,
    Priority,
    SocialPost,
    Station,
    StationStatusChange,
    Survey,
    SurveyResponse,
    WriterKind,
)
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood, PolicingArea


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _held(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> list[Occurrence]:
    """Sittings of published events in the period that were not cancelled."""
    events = Event.objects.filter(neighbourhood__in=neighbourhoods, status=EventStatus.PUBLISHED)
    return occurrences_between(events, *bounds(period), include_cancelled=False)


def _per_area(
    neighbourhoods: QuerySet[Neighbourhood], period: Period, counted: Callable[[Occurrence], bool], what: str
) -> Measurement:
    """Events held in the period ÷ the current local policing areas the neighbourhoods lie in: an
    area's own count, the force's the average over its areas."""
    if not neighbourhoods.exists():
        return Measurement(value=None, note="No neighbourhoods to measure.")
    held = sum(1 for o in _held(neighbourhoods, period) if counted(o))
    areas = (
        PolicingArea.objects.current(period.end).filter(neighbourhoods__in=neighbourhoods).distinct().count()
    )
    areas = max(1, areas)
    return Measurement(
        value=round(held / areas, 2),
        numerator=held,
        denominator=areas,
        note=f"{held} {what} in {areas} area{'s' if areas != 1 else ''}.",
    )


def _share_of_neighbourhoods(neighbourhoods: QuerySet[Neighbourhood], with_ids: set[int]) -> Measurement:
    ids = set(neighbourhoods.values_list("pk", flat=True))
    return Measurement.share(len(ids & with_ids), len(ids))


@metric(
    "engagement.public_events_attended",
    label="Larger public events with a police stand, per local policing area",
    unit="events",
    method="Published public events (kind 'public event') that went ahead in the period, per current area.",
)
def public_events_attended(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _per_area(
        neighbourhoods, period, lambda o: o.event.kind == EventKind.PUBLIC_EVENT, "public events"
    )


@metric(
    "engagement.seldom_heard_events",
    label="Engagement events with minority and seldom-heard communities, per local policing area",
    unit="events",
    method="Published events tagged 'with a seldom-heard or minority group' that went ahead, per area.",
)
def seldom_heard_events(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _per_area(
        neighbourhoods, period, lambda o: o.event.has_tag(EventTag.SELDOM_HEARD), "seldom-heard events"
    )


@metric(
    "engagement.beat_meetings_held",
    label="Neighbourhoods that held an advertised beat meeting",
    method=(
        "Neighbourhoods with at least one beat meeting (the kind, or tagged so) that went ahead in the "
        "period and was published before it started, out of all the neighbourhoods."
    ),
)
def beat_meetings_held(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    held = {
        o.event.neighbourhood_id
        for o in _held(neighbourhoods, period)
        if o.event.has_tag(EventTag.BEAT_MEETING) and o.notice_days is not None and o.notice_days > 0
    }
    return _share_of_neighbourhoods(neighbourhoods, held)


@metric(
    "engagement.drop_ins_held",
    label="Neighbourhoods that held a drop-in session or ran a survey",
    method=(
        "Neighbourhoods with a drop-in (the kind, or tagged so) that went ahead in the period, or a "
        "survey open on any day of it, out of all the neighbourhoods."
    ),
)
def drop_ins_held(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    held = {
        o.event.neighbourhood_id for o in _held(neighbourhoods, period) if o.event.has_tag(EventTag.DROP_IN)
    }
    surveyed = Survey.objects.filter(
        neighbourhood__in=neighbourhoods, opens_on__lte=period.end, closes_on__gte=period.start
    ).values_list("neighbourhood_id", flat=True)
    return _share_of_neighbourhoods(neighbourhoods, held | set(surveyed))


# --- named places and the patrols logged there --------------------------------------------------


def _first_patrol() -> dt.date | None:
    first = PatrolLog.objects.aggregate(first=Min("started_at"))["first"]
    return timezone.localdate(first) if first else None


def _places_visited(neighbourhoods: QuerySet[Neighbourhood], period: Period, kind: str) -> Measurement:
    start, end = bounds(period)
    places = KeyPlace.objects.filter(
        neighbourhood__in=neighbourhoods, kind=kind, listed_on__lte=period.end
    ).filter(Q(delisted_on__isnull=True) | Q(delisted_on__gte=period.start))
    visited = PatrolLog.objects.filter(place=OuterRef("pk"), started_at__gte=start, started_at__lt=end)
    total = places.count()
    if not total:
        return Measurement(value=None, note="No places of this kind are listed for the team.")
    return Measurement.share(places.filter(Exists(visited)).count(), total, data_since=_first_patrol())


@metric(
    "engagement.schools_visited",
    label="Schools in the neighbourhood visited by the team",
    method=(
        "Listed schools with at least one visit logged by the team in the period, out of the listed schools."
    ),
)
def schools_visited(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _places_visited(neighbourhoods, period, KeyPlaceKind.SCHOOL)


@metric(
    "engagement.key_places_visited",
    label="The neighbourhood's key places visited by the team",
    method=(
        "Listed key places with at least one patrol or visit logged in the period, out "
        "of the listed key places."
    ),
)
def key_places_visited(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    return _places_visited(neighbourhoods, period, KeyPlaceKind.KEY_PLACE)


@metric(
    "engagement.hotspot_patrol_share",
    label="Logged patrol time spent in current hot spots",
    method=(
        "Minutes of patrol logged at named hot spots that were listed on the day of the patrol, as a "
        "share of all the patrol minutes logged at named places in the period."
    ),
)
def hotspot_patrol_share(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    start, end = bounds(period)
    logs = PatrolLog.objects.filter(
        place__neighbourhood__in=neighbourhoods, started_at__gte=start, started_at__lt=end
    ).select_related("place")
    total = hot = 0
    for log in logs:
        total += log.minutes
        if log.place.kind == KeyPlaceKind.HOT_SPOT and log.place.is_listed(
            timezone.localdate(log.started_at)
        ):
            hot += log.minutes
    if not total:
        return Measurement(value=None, note="No patrols logged in the period.")
    return Measurement.share(
        hot, total, note=f"{total / 60:.1f} hours of patrol logged.", data_since=_first_patrol()
    )


@metric(
    "engagement.social_media_updates",
    label="Neighbourhoods whose team posted an update on social media",
    method=(
        "Neighbourhoods with at least one post in the team's social media log dated in "
        "the period, out of all."
    ),
)
def social_media_updates(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    posted = SocialPost.objects.filter(
        neighbourhood__in=neighbourhoods, posted_on__range=(period.start, period.end)
    ).values_list("neighbourhood_id", flat=True)
    first = SocialPost.objects.aggregate(first=Min("posted_on"))["first"]
    m = _share_of_neighbourhoods(neighbourhoods, set(posted))
    if first is None:
        return Measurement(value=None, note="No social media posts have been logged yet.")
    return Measurement.share(m.numerator or 0, m.denominator or 0, data_since=first)


# --- stations, councils, priorities, correspondence, survey responses ---------------------------


@metric(
    "engagement.station_status_published",
    label="Police stations whose opening status was published in the last seven days",
    method=(
        "Stations of the teams with a status set (open, available until, closed) in the period, out of all."
    ),
)
def station_status_published(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    start, end = bounds(period)
    stations = Station.objects.filter(neighbourhood__in=neighbourhoods)
    set_in_period = StationStatusChange.objects.filter(station=OuterRef("pk"), at__gte=start, at__lt=end)
    total = stations.count()
    if not total:
        return Measurement(value=None, note="No stations are recorded.")
    return Measurement.share(stations.filter(Exists(set_in_period)).count(), total)


@metric(
    "engagement.parish_agreements_current",
    label="Parish and town councils with a current engagement agreement",
    method="Parish and town councils with an agreement in force on the last day of the period, out of all.",
)
def parish_agreements_current(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    councils = ParishCouncil.objects.filter(parish__neighbourhood__in=neighbourhoods)
    current = CouncilAgreement.objects.filter(council=OuterRef("pk"), agreed_on__lte=period.end).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=period.end)
    )
    total = councils.count()
    if not total:
        return Measurement(value=None, note="No parish or town councils are recorded.")
    return Measurement.share(councils.filter(Exists(current)).count(), total)


@metric(
    "engagement.elected_correspondence_on_time",
    label="Correspondence from MPs and councillors answered by the agreed date",
    method=(
        "Letters and emails from MPs and councillors whose agreed reply date fell in the period and "
        "that were answered or are now late: the share answered by that date."
    ),
)
def elected_correspondence_on_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    today = timezone.localdate()
    due = Correspondence.objects.filter(
        neighbourhood__in=neighbourhoods,
        writer_kind__in=[WriterKind.MP, WriterKind.COUNCILLOR],
        reply_due__range=(period.start, period.end),
    ).filter(Q(replied_on__isnull=False) | Q(reply_due__lt=today))
    total = due.count()
    on_time = due.filter(replied_on__isnull=False, replied_on__lte=F("reply_due")).count()
    return Measurement.share(on_time, total)


def _priorities(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> QuerySet[Priority]:
    return Priority.objects.filter(
        neighbourhood__in=neighbourhoods, is_published=True, issue_date__range=(period.start, period.end)
    )


@metric(
    "engagement.priorities_from_public",
    label="Published priorities that came from a survey, meeting or concern raised by the public",
    method=(
        "Published priorities set in the period whose recorded source is a survey, a public meeting or "
        "concerns raised by the public, out of all set in the period (a source not recorded counts as not)."
    ),
)
def priorities_from_public(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    priorities = _priorities(neighbourhoods, period)
    return Measurement.share(priorities.filter(source__in=FROM_PUBLIC).count(), priorities.count())


@metric(
    "engagement.priorities_with_action",
    label='Published priorities with an action and outcome ("you said, we did")',
    method=(
        "Published priorities set in the period that have an action written and dated, out of all set in it."
    ),
)
def priorities_with_action(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    priorities = _priorities(neighbourhoods, period)
    acted = priorities.exclude(action="").filter(action_date__isnull=False).count()
    return Measurement.share(acted, priorities.count())


@metric(
    "engagement.survey_responses_per_1000",
    label="Survey responses per 1,000 residents",
    unit="per 1,000",
    method=(
        "Responses submitted in the period to the teams' surveys, per 1,000 residents of the "
        "neighbourhoods whose population is known (neighbourhoods without it are left out of both)."
    ),
)
def survey_responses_per_1000(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    known = neighbourhoods.filter(population__gt=0)
    people = known.aggregate(people=Sum("population"))["people"] or 0
    if not people:
        return Measurement(value=None, note="The population of these neighbourhoods is not recorded.")
    start, end = bounds(period)
    responses = SurveyResponse.objects.filter(
        survey__neighbourhood__in=known, submitted_at__gte=start, submitted_at__lt=end
    ).count()
    return Measurement(
        value=round(1000 * responses / people, 2),
        numerator=responses,
        denominator=people,
        note=f"{responses} responses from {people:,} residents.",
    )
