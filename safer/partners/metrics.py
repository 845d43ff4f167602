"""Scorecard measures owned by the partners app (registered from PartnersConfig.ready())."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from safer.lib.metrics import Measurement, Period, metric
from safer.partners import casereview
from safer.partners.models import (
    Agency,
    AgreementReview,
    CaseReviewApplication,
    ForumMeeting,
    SharingAgreement,
    Site,
)
from safer.partners.models.forums import Attendance, ForumKind
from safer.partners.models.sharing import AgreementStatus
from safer.partners.sharing import in_force_filter
from safer.places.models import Neighbourhood, PolicingArea


def _areas(neighbourhoods: QuerySet[Neighbourhood], on: dt.date) -> list[PolicingArea]:
    areas = PolicingArea.objects.filter(neighbourhoods__in=neighbourhoods).distinct()
    return [a for a in areas if a.is_current(on)]


def _agencies(neighbourhoods: QuerySet[Neighbourhood]) -> QuerySet[Agency]:
    """Active agencies serving these neighbourhoods' areas, and those serving the whole force."""
    areas = PolicingArea.objects.filter(neighbourhoods__in=neighbourhoods)
    return Agency.objects.filter(Q(areas__in=areas) | Q(areas__isnull=True), active=True).distinct()


@metric(
    "partners.agreements_in_date",
    label="Partner agencies with an information-sharing agreement in force",
)
def agreements_in_date(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of active agencies, the share named in a signed agreement whose review date has not passed
    (on the period's last day)."""
    agencies = _agencies(neighbourhoods)
    total = agencies.count()
    if not total:
        return Measurement(value=None, note="No partner agencies recorded.")
    live = SharingAgreement.objects.filter(in_force_filter(period.end))
    covered = agencies.filter(agreements__in=live).distinct().count()
    return Measurement.share(covered, total)


@metric(
    "partners.agreements_reviewed",
    label="Information-sharing agreements reviewed on or before their review date",
)
def agreements_reviewed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Reviews that fell due in the period: those held by the due date, over those held plus the
    agreements whose review date passed in the period with no review (still signed)."""
    today = timezone.localdate()
    held = AgreementReview.objects.filter(was_due__range=(period.start, period.end))
    on_time = sum(1 for r in held if r.on_time)
    missed = SharingAgreement.objects.filter(
        status=AgreementStatus.SIGNED,
        review_date__gte=period.start,
        review_date__lte=min(period.end, today - dt.timedelta(days=1)),
    ).count()
    total = held.count() + missed
    if not total:
        return Measurement(value=None, note="No agreement reviews fell due in the period.")
    return Measurement.share(on_time, total)


@metric(
    "partners.areas_with_colocation",
    label="Local policing areas with a site shared with partner agencies",
)
def areas_with_colocation(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of the local policing areas holding these neighbourhoods that are current on the period's last
    day, the share with at least one site in the area, open that day, where police staff work and at
    least one partner agency is recorded. No data when there is no current area."""
    areas = _areas(neighbourhoods, period.end)
    if not areas:
        return Measurement(value=None, note="No current policing areas.")
    open_sites = Site.objects.filter(
        Q(opened_on__isnull=True) | Q(opened_on__lte=period.end),
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.end),
        police_based=True,
        agencies__isnull=False,
    )
    with_site = set(open_sites.values_list("area_id", flat=True))
    return Measurement.share(sum(1 for a in areas if a.pk in with_site), len(areas))


@metric(
    "partners.joint_tasking_held",
    label="Local policing areas that held a multi-agency tasking meeting",
)
def joint_tasking_held(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """A tasking meeting counts when at least one partner agency was present."""
    areas = _areas(neighbourhoods, period.end)
    if not areas:
        return Measurement(value=None, note="No current policing areas.")
    held = set(
        ForumMeeting.objects.filter(
            forum__kind=ForumKind.TASKING,
            held_on__range=(period.start, period.end),
            attendance__agency__isnull=False,
            attendance__status=Attendance.PRESENT,
        ).values_list("forum__area_id", flat=True)
    )
    return Measurement.share(sum(1 for a in areas if a.pk in held), len(areas))


@metric(
    "partners.forum_meetings_attended",
    label="Partnership forum meetings attended by a police representative",
)
def forum_meetings_attended(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Partnership forum meetings held in the period, for forums of the local policing areas holding
    these neighbourhoods or for force-wide forums: the share at which a police representative is
    recorded as present (an attendee not from a partner agency). No data when no meeting was held."""
    areas = PolicingArea.objects.filter(neighbourhoods__in=neighbourhoods)
    meetings = ForumMeeting.objects.filter(
        Q(forum__area__in=areas) | Q(forum__area__isnull=True), held_on__range=(period.start, period.end)
    ).distinct()
    total = meetings.count()
    if not total:
        return Measurement(value=None, note="No partnership meetings in the period.")
    attended = meetings.filter(attendance__agency__isnull=True, attendance__status=Attendance.PRESENT).count()
    return Measurement.share(attended, total)


# The key keeps the "crime." prefix the charter files give it; the records live here.
@metric(
    "crime.asb_case_reviews_on_time",
    label="ASB Case Reviews completed within the published timescales",
)
def asb_case_reviews_on_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Applications received in the period whose handling is complete or overdue: the share
    acknowledged on time and completed (decision, or review when the threshold was met) by the
    area's deadline."""
    tz = timezone.get_current_timezone()
    applications = CaseReviewApplication.objects.filter(
        neighbourhood__in=neighbourhoods,
        received_at__gte=dt.datetime.combine(period.start, dt.time.min, tzinfo=tz),
        received_at__lte=dt.datetime.combine(period.end, dt.time.max, tzinfo=tz),
    ).select_related("area")
    today = timezone.localdate()
    judged = [r for r in (casereview.completed_on_time(a, today) for a in applications) if r is not None]
    if not judged:
        return Measurement(value=None, note="No ASB Case Reviews completed or due in the period.")
    return Measurement.share(sum(judged), len(judged))
