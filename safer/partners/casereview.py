"""ASB Case Review rules: the area's settings, the threshold, the clocks, and the four numbers the
2014 Act requires to be published each year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from safer.partners.clocks import add_working_days, months_before
from safer.partners.models import CaseReviewApplication, CaseReviewSettings
from safer.partners.models.casereview import STATUTORY_THRESHOLD, Stage
from safer.places.models import PolicingArea


def settings_for(area: PolicingArea | None) -> CaseReviewSettings:
    """The area's published threshold and clocks (the defaults if it has set none)."""
    found = CaseReviewSettings.objects.filter(area=area).first() if area is not None else None
    return found or CaseReviewSettings(area=area, threshold=STATUTORY_THRESHOLD)


def received_on(application: CaseReviewApplication) -> dt.date:
    return timezone.localdate(application.received_at)


def qualifying_complaints(application: CaseReviewApplication, rules: CaseReviewSettings | None = None) -> int:
    """Complaints within the window (months) before the application, less any the reviewer found
    not to qualify (reported more than a month after the behaviour, or not found)."""
    rules = rules or settings_for(application.area)
    since = months_before(received_on(application), rules.window_months)
    return sum(
        1
        for c in application.complaints.all()
        if c.reported_on >= since and c.reported_on <= received_on(application) and c.qualifying is not False
    )


def threshold_automatically_met(application: CaseReviewApplication) -> bool:
    """s104(4): at least the local number of qualifying complaints means the review must be held."""
    rules = settings_for(application.area)
    return qualifying_complaints(application, rules) >= rules.threshold


@dataclass(frozen=True)
class Clocks:
    acknowledge_by: dt.date
    decide_by: dt.date
    review_by: dt.date | None  # once the threshold is met
    appeal_decide_by: dt.date | None  # once an appeal is asked for


def clocks(application: CaseReviewApplication) -> Clocks:
    rules = settings_for(application.area)
    start = received_on(application)
    review_by = None
    if application.threshold_met and application.decided_at:
        review_by = timezone.localdate(application.decided_at) + dt.timedelta(days=rules.review_days)
    appeal_by = None
    if application.appeal_requested_at:
        appeal_by = add_working_days(
            timezone.localdate(application.appeal_requested_at), rules.appeal_working_days
        )
    return Clocks(
        acknowledge_by=add_working_days(start, rules.acknowledge_working_days),
        decide_by=add_working_days(start, rules.decide_working_days),
        review_by=review_by,
        appeal_decide_by=appeal_by,
    )


def next_due(application: CaseReviewApplication) -> tuple[str, dt.date] | None:
    """The next step and when it is due; None once nothing is waiting."""
    c = clocks(application)
    if application.acknowledged_at is None:
        return "Acknowledge", c.acknowledge_by
    if application.decided_at is None:
        return "Decide on the threshold", c.decide_by
    if application.appeal_requested_at and application.appeal_decided_at is None and c.appeal_decide_by:
        return "Decide the appeal", c.appeal_decide_by
    if application.threshold_met and application.review_held_on is None and c.review_by:
        return "Hold the review", c.review_by
    return None


def finished_on(application: CaseReviewApplication) -> dt.date | None:
    """When the application's handling was complete: the decision if the threshold was not met,
    otherwise the review."""
    if application.threshold_met is False and application.decided_at:
        return timezone.localdate(application.decided_at)
    return application.review_held_on


def last_deadline(application: CaseReviewApplication) -> dt.date:
    c = clocks(application)
    if application.threshold_met and c.review_by:
        return c.review_by
    return c.decide_by


def completed_on_time(application: CaseReviewApplication, today: dt.date) -> bool | None:
    """True/False once the application is complete or its last deadline has passed; None before."""
    done = finished_on(application)
    deadline = last_deadline(application)
    if done is not None:
        acknowledged = application.acknowledged_at is not None and (
            timezone.localdate(application.acknowledged_at) <= clocks(application).acknowledge_by
        )
        return done <= deadline and acknowledged
    if today > deadline:
        return False
    return None


@dataclass(frozen=True)
class YearFigures:
    """The four numbers s104(10)-(11) requires to be published, for one year from 1 April."""

    start: dt.date
    end: dt.date
    applications: int
    threshold_not_met: int
    reviews: int
    reviews_with_recommendations: int

    @property
    def label(self) -> str:
        return f"{self.start.year} to {self.end.year}"


def year_start(on: dt.date) -> dt.date:
    return dt.date(on.year if on.month >= 4 else on.year - 1, 4, 1)


def figures_for_year(
    start: dt.date, applications: QuerySet[CaseReviewApplication] | None = None
) -> YearFigures:
    qs = applications if applications is not None else CaseReviewApplication.objects.all()
    end = dt.date(start.year + 1, 3, 31)
    tz = timezone.get_current_timezone()
    received = qs.filter(
        received_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        received_at__lte=dt.datetime.combine(end, dt.time.max, tzinfo=tz),
    )
    reviews = received.filter(review_held_on__isnull=False)
    return YearFigures(
        start=start,
        end=end,
        applications=received.count(),
        threshold_not_met=received.filter(threshold_met=False).count(),
        reviews=reviews.count(),
        reviews_with_recommendations=reviews.filter(recommendations__isnull=False).distinct().count(),
    )


def published_years(today: dt.date | None = None, count: int = 5) -> list[YearFigures]:
    """The last `count` complete years and the current one, newest first."""
    today = today or timezone.localdate()
    current = year_start(today)
    return [figures_for_year(dt.date(current.year - n, 4, 1)) for n in range(count + 1)]


def stage_of(application: CaseReviewApplication) -> str:
    return Stage(application.stage).label
