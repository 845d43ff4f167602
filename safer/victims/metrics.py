"""Scorecard measures owned by the victims app (registered from VictimsConfig.ready())."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q, QuerySet
from django.utils import timezone

from safer.crime.models import Incident
from safer.lib.metrics import Measurement, Period, metric
from safer.places.models import Neighbourhood
from safer.victims.queries import LATE, ON_TIME, OVERDUE, PENDING, repeat_victims
from safer.victims.records import ConsentRecord, Entitlement, Leaflet, NeedsAssessment, Referral, Victim


# The id keeps its "crime." prefix from before the move: the charter files name it.
@metric(
    "crime.repeat_victims_contacted",
    label="Repeat victims contacted within the agreed time",
    unit="%",
)
def repeat_victims_contacted(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Incidents in the period whose victim had another incident in the 12 months before (incident
    data, by the pseudonymous victim reference): the share whose victim was contacted within the
    agreed time, that is whose first contact recorded on the repeat-victims page, dated on or after
    the incident's day, is dated no later than the due day. The due day is set by the victim's
    contact agreement where a victim record is linked to the incident or to another incident of
    the same victim: its update frequency in calendar days after the incident's day, but 1 working
    day if its current needs assessment places the victim under Enhanced Rights (the earlier of the
    two). With no victim record it is 2 working days after the incident's day. Working days leave
    out weekends and England and Wales bank holidays; the 2 and the 1 are the defaults of the
    VICTIMS_REPEAT_CONTACT_WORKING_DAYS setting. A contact after the due day counts as not in time,
    as does no contact once the due day has passed. Incidents not yet contacted whose due day is
    today or later are left out until then; the note says how many."""
    start, end = _bounds(period)
    repeats = repeat_victims(Incident.objects.filter(neighbourhood__in=neighbourhoods), start, end)
    if not repeats:
        return Measurement(value=None, note="No repeat victims in the period.")
    counts = Counter(r.status for r in repeats)
    pending = f"{counts[PENDING]} not yet due (left out)"
    due = len(repeats) - counts[PENDING]
    if not due:
        return Measurement(value=None, note=f"No repeat victim's contact has fallen due yet: {pending}.")
    note = f"{counts[LATE]} contacted late, {counts[OVERDUE]} not contacted by the due day, {pending}."
    return Measurement.share(counts[ON_TIME], due, note=note)


# Victim records (issue 10). Every measure counts erased records too: erasure at the end of
# retention keeps the row, its flags, clocks, consent choices, referrals and leaflets (retention.py).


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(period.start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(period.end, dt.time.max, tzinfo=tz),
    )


def recorded(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> QuerySet[Victim]:
    """Victims recorded in the period in these neighbourhoods, erased ones included."""
    start, end = _bounds(period)
    return Victim.objects.filter(neighbourhood__in=neighbourhoods, created_at__range=(start, end))


def _declined(victims: QuerySet[Victim]) -> set[int]:
    """Victims whose latest consent choice is 'declined'."""
    latest: dict[int, str] = {}
    for victim_id, choice in (
        ConsentRecord.objects.filter(victim__in=victims)
        .order_by("recorded_at", "pk")
        .values_list("victim_id", "choice")
    ):
        latest[victim_id] = choice
    return {pk for pk, choice in latest.items() if choice == ConsentRecord.Choice.DECLINED}


def _referred(victims: QuerySet[Victim], kind: str = Referral.Kind.VICTIM_SERVICE) -> set[int]:
    return set(
        Referral.objects.filter(victim__in=victims, kind=kind, send_failed=False).values_list(
            "victim_id", flat=True
        )
    )


@metric(
    "victims.referrals_made",
    label="Eligible victims referred to the victim service",
    unit="%",
)
def referrals_made(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Of victims recorded in the period who did not decline, the share referred; the note gives
    how many went within 2 working days (the referral clock met in time)."""
    victims = recorded(neighbourhoods, period)
    eligible = set(victims.values_list("pk", flat=True)) - _declined(victims)
    if not eligible:
        return Measurement(value=None, note="No eligible victims recorded in the period.")
    referred = _referred(victims) & eligible
    in_time = sum(
        1
        for e in Entitlement.objects.filter(victim__in=eligible, kind=Entitlement.Kind.REFERRAL)
        if e.met_in_time()
    )
    return Measurement.share(len(referred), len(eligible), note=f"{in_time} within 2 working days.")


def _clock_share(neighbourhoods: QuerySet[Neighbourhood], period: Period, kinds: list[str]) -> Measurement:
    """Of the clocks of `kinds` settled in the period (erased victims too), the share met in time. A
    clock is settled when it is met, or when it falls due unmet; not-applicable ones are left out."""
    start, end = _bounds(period)
    now = timezone.now()
    settled = Entitlement.objects.filter(
        Q(met_at__range=(start, end)) | Q(met_at__isnull=True, due_at__range=(start, end), due_at__lt=now),
        victim__neighbourhood__in=neighbourhoods,
        kind__in=kinds,
        not_applicable="",
    )
    judged = list(settled)
    if not judged:
        return Measurement(value=None, note="Nothing settled in the period.")
    return Measurement.share(sum(1 for e in judged if e.met_in_time()), len(judged))


@metric("victims.referrals_within_two_working_days", label="Referrals to support within 2 working days")
def referrals_in_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The referral-to-support clocks of victims in these neighbourhoods settled in the period (met in
    the period, or fallen due unmet in the period): the share met by the deadline of 2 working days.
    Clocks marked not applicable, and those not yet due, are left out; erased records count."""
    return _clock_share(neighbourhoods, period, [Entitlement.Kind.REFERRAL])


@metric(
    "victims.updates_on_time",
    label="Updates to victims on key decisions and at the agreed frequency given on time",
)
def updates_on_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The clocks for updating victims on key decisions and at the agreed frequency, for victims in
    these neighbourhoods, settled in the period (met in the period, or fallen due unmet in the
    period): the share met by their deadline. Clocks marked not applicable, and those not yet due,
    are left out; erased records count."""
    return _clock_share(
        neighbourhoods, period, [Entitlement.Kind.DECISION_UPDATE, Entitlement.Kind.SCHEDULED_UPDATE]
    )


@metric("victims.written_confirmation_on_time", label="Victims given written confirmation on time (MoJ 1)")
def written_confirmation(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The written-confirmation clocks of victims in these neighbourhoods
    settled in the period (met in the period, or fallen due unmet in the period): the share met by
    the deadline. Clocks marked not applicable, and those not yet due, are left out; erased records
    count."""
    return _clock_share(neighbourhoods, period, [Entitlement.Kind.WRITTEN_CONFIRMATION])


@metric("victims.vps_offered", label="Victims offered a Victim Personal Statement on time (MoJ 4)")
def vps_offered(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The clocks for offering a Victim Personal Statement to victims in these
    neighbourhoods settled in the period (met in the period, or fallen due unmet in the period): the
    share met by the deadline. Clocks marked not applicable, and those not yet due, are left out;
    erased records count."""
    return _clock_share(neighbourhoods, period, [Entitlement.Kind.VPS_OFFERED])


@metric("victims.needs_assessed_on_time", label="Victims' needs assessed on time")
def needs_assessed(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The needs-assessment clocks of victims in these neighbourhoods settled in the period (met in the
    period, or fallen due unmet in the period): the share met by the deadline. Clocks marked not
    applicable, and those not yet due, are left out; erased records count."""
    return _clock_share(neighbourhoods, period, [Entitlement.Kind.NEEDS_ASSESSMENT])


@metric(
    "victims.leaflets_complete",
    label="Victim leaflets issued with the officer's name, collar number, email and mobile",
)
def leaflets_complete(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Victim information leaflets issued in the period to victims in these neighbourhoods: the share
    with the officer's name, collar number, email and mobile number all filled in. No data when no
    leaflet was issued."""
    start, end = _bounds(period)
    issued = Leaflet.objects.filter(victim__neighbourhood__in=neighbourhoods, issued_at__range=(start, end))
    total = issued.count()
    if not total:
        return Measurement(value=None, note="No leaflets issued in the period.")
    complete = issued.exclude(officer_name="").exclude(collar_number="").exclude(officer_email="")
    return Measurement.share(complete.exclude(officer_mobile="").count(), total)


def _contacted(victims: QuerySet[Victim]) -> dict[int, dt.datetime]:
    """Each victim's first contact: the earliest met confirmation, assessment or update."""
    kinds = [
        Entitlement.Kind.WRITTEN_CONFIRMATION,
        Entitlement.Kind.NEEDS_ASSESSMENT,
        Entitlement.Kind.DECISION_UPDATE,
        Entitlement.Kind.SCHEDULED_UPDATE,
    ]
    first: dict[int, dt.datetime] = {}
    for victim_id, met_at in Entitlement.objects.filter(
        victim__in=victims, kind__in=kinds, met_at__isnull=False
    ).values_list("victim_id", "met_at"):
        if met_at is not None and (victim_id not in first or met_at < first[victim_id]):
            first[victim_id] = met_at
    return first


@metric(
    "victims.vulnerable_contacted_in_time",
    label="Vulnerable victims contacted by an officer within 24 hours",
)
def vulnerable_contacted_in_time(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Victims flagged vulnerable and recorded in the period in these neighbourhoods (erased records
    included): the share whose first contact (the earliest written confirmation, needs assessment or
    update recorded as done) came within 24 hours of the victim being recorded. A victim recorded less
    than 24 hours ago and not yet contacted counts as not in time."""
    victims = recorded(neighbourhoods, period).filter(is_vulnerable=True)
    created = dict(victims.values_list("pk", "created_at"))
    if not created:
        return Measurement(value=None, note="No vulnerable victims recorded in the period.")
    first = _contacted(victims)
    in_time = sum(1 for pk, at in created.items() if pk in first and first[pk] - at <= dt.timedelta(hours=24))
    return Measurement.share(in_time, len(created))


@metric(
    "victims.vulnerable_victims_known_to_team",
    label="Vulnerable victims contacted by their neighbourhood team",
)
def vulnerable_known(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """Victims flagged vulnerable and recorded in the period in these neighbourhoods (erased records
    included): the share with at least one written confirmation, needs assessment or update recorded
    as done, at any time. Who made the contact is not checked."""
    victims = recorded(neighbourhoods, period).filter(is_vulnerable=True)
    total = victims.count()
    if not total:
        return Measurement(value=None, note="No vulnerable victims recorded in the period.")
    return Measurement.share(len(_contacted(victims)), total)


@metric(
    "victims.vulnerable_victims_with_plan",
    label="Repeat or vulnerable victims with a needs assessment and a referral decision",
)
def vulnerable_with_plan(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """A plan: their needs assessed, and either referred to support or their refusal recorded."""
    victims = recorded(neighbourhoods, period).filter(Q(is_vulnerable=True) | Q(is_repeat=True))
    pks = set(victims.values_list("pk", flat=True))
    if not pks:
        return Measurement(value=None, note="No repeat or vulnerable victims recorded in the period.")
    assessed = set(NeedsAssessment.objects.filter(victim__in=pks).values_list("victim_id", flat=True))
    decided = _referred(victims) | _declined(victims)
    return Measurement.share(len(pks & assessed & decided), len(pks))


def _count_referrals(neighbourhoods: QuerySet[Neighbourhood], period: Period, kind: str) -> Measurement:
    start, end = _bounds(period)
    count = Referral.objects.filter(
        victim__neighbourhood__in=neighbourhoods, kind=kind, created_at__range=(start, end), send_failed=False
    ).count()
    return Measurement(value=float(count), numerator=count)


@metric("victims.safeguarding_referrals", label="Safeguarding referrals made", unit="referrals")
def safeguarding_referrals(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The number of safeguarding referrals made in the period for victims in these neighbourhoods,
    leaving out referrals that failed to send. A count, not a share."""
    return _count_referrals(neighbourhoods, period, Referral.Kind.SAFEGUARDING)


@metric("victims.early_help_referrals", label="Early help referrals made with partners", unit="referrals")
def early_help_referrals(neighbourhoods: QuerySet[Neighbourhood], period: Period) -> Measurement:
    """The number of early help referrals to partners made in the period for victims in these
    neighbourhoods, leaving out referrals that failed to send. A count, not a share."""
    return _count_referrals(neighbourhoods, period, Referral.Kind.EARLY_HELP)
