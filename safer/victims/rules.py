"""The rules a victim record follows, all from configuration (settings.VICTIMS_*): which consent
model applies, the retention group and review date, the repeat and vulnerability flags computed from
incident data, and the Victims' Code clocks a new record starts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from safer.crime.models import Incident
from safer.victims.records import Entitlement, Victim
from safer.victims.workdays import add_working_days, due_after


def _matches(category: str, words: list[str]) -> bool:
    return any(w in category.lower() for w in words)


def consent_rule(victim: Victim, incidents: list[Incident]) -> str:
    """Why explicit consent is needed before any referral ("" when opt-out applies): sexual
    offences, domestic abuse and bereaved relatives (Victims' Code; wave2-domain §2.3)."""
    reasons = []
    if victim.sexual_offence or any(_matches(i.category, ["sexual", "rape"]) for i in incidents):
        reasons.append("sexual offence")
    if victim.domestic_abuse or any(_matches(i.category, ["domestic"]) for i in incidents):
        reasons.append("domestic abuse")
    if victim.kind == Victim.Kind.BEREAVED:
        reasons.append("bereaved relative")
    other = [w for w in settings.VICTIMS_EXPLICIT_CONSENT_WORDS if w not in ("sexual", "rape", "domestic")]
    if any(_matches(i.category, other) for i in incidents):
        reasons.append("incident category")
    return ", ".join(reasons)


def retention_group(victim: Victim, incidents: list[Incident]) -> str:
    if victim.domestic_abuse or victim.sexual_offence or victim.kind == Victim.Kind.BEREAVED:
        return Victim.Group.GROUP_2
    if any(_matches(i.category, settings.VICTIMS_GROUP_2_WORDS) for i in incidents):
        return Victim.Group.GROUP_2
    return Victim.Group.GROUP_3


def review_date(group: str, latest: dt.datetime) -> dt.date:
    years = int(settings.VICTIMS_RETENTION_YEARS[group])
    day = timezone.localdate(latest)
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def repeat_incident_count(victim: Victim) -> int:
    """Recorded incidents of this victim (by the incident data's pseudonymous victim reference, and
    the incidents linked to the record) in the configured window before the latest of them."""
    linked = list(victim.incidents.all())
    if not linked:
        return 0
    refs = {i.victim_ref for i in linked if i.victim_ref}
    same = Incident.objects.filter(Q(pk__in=[i.pk for i in linked]) | Q(victim_ref__in=refs))
    latest = same.aggregate(latest=Max("occurred_at"))["latest"]
    window = dt.timedelta(days=settings.VICTIMS_REPEAT_WINDOW_DAYS)
    return same.filter(occurred_at__gt=latest - window).count()


def refresh_flags(victim: Victim) -> None:
    """Repeat: more than one recorded crime or ASB incident in the window. Vulnerable: repeat, under
    18, assessed vulnerable or intimidated, or a domestic-abuse or sexual offence."""
    victim.is_repeat = repeat_incident_count(victim) >= settings.VICTIMS_REPEAT_MIN_INCIDENTS
    current = victim.current_assessment()
    assessed_vulnerable = bool(current and "vulnerable" in current.categories)
    victim.is_vulnerable = (
        victim.is_repeat
        or victim.under_18
        or assessed_vulnerable
        or victim.domestic_abuse
        or victim.sexual_offence
    )


def working_days(kind: str) -> int:
    return int(settings.VICTIMS_DUE_WORKING_DAYS[kind])


def first_clocks(victim: Victim, start: dt.datetime) -> list[Entitlement]:
    """The entitlements owed from the day a victim is recorded (Rights 3, 4, 6 and 7)."""
    K = Entitlement.Kind
    return [
        Entitlement(
            victim=victim, kind=K.WRITTEN_CONFIRMATION, due_at=due_after(start, working_days("confirmation"))
        ),
        Entitlement(
            victim=victim, kind=K.NEEDS_ASSESSMENT, due_at=due_after(start, working_days("assessment"))
        ),
        Entitlement(victim=victim, kind=K.REFERRAL, due_at=due_after(start, working_days("referral"))),
        Entitlement(victim=victim, kind=K.VPS_OFFERED, due_at=due_after(start, working_days("vps"))),
        scheduled_update(victim, start),
    ]


def scheduled_update(victim: Victim, after: dt.datetime) -> Entitlement:
    return Entitlement(
        victim=victim,
        kind=Entitlement.Kind.SCHEDULED_UPDATE,
        due_at=after + dt.timedelta(days=victim.update_every_days),
    )


def decision_update(victim: Victim, decision: str, decided_at: dt.datetime) -> Entitlement:
    """Told of a key decision within 5 working days, or 1 under Enhanced Rights (Right 6)."""
    days = working_days("decision_enhanced" if victim.is_enhanced else "decision")
    return Entitlement(
        victim=victim,
        kind=Entitlement.Kind.DECISION_UPDATE,
        trigger=decision,
        due_at=due_after(decided_at, days),
        created_at=decided_at,  # the clock starts at the decision: an update after it meets it
    )


def repeat_contact_due(day: dt.date, agreed_every_days: int | None, enhanced: bool) -> dt.date:
    """The last day a repeat victim may be contacted after a repeat incident on `day` (local date)
    and still be "contacted within the agreed time":

    - with a victim record under Enhanced Rights: the earlier of the `enhanced` working days of
      VICTIMS_REPEAT_CONTACT_WORKING_DAYS (1) and the record's agreed update frequency;
    - with a victim record otherwise: the contact agreement's update frequency, in calendar days
      after the incident's day (as the scheduled-update clock counts it);
    - with no record (`agreed_every_days` None): the `standard` working days (2).

    Working days are counted after the incident's day, England and Wales bank holidays excluded."""
    days = settings.VICTIMS_REPEAT_CONTACT_WORKING_DAYS
    if agreed_every_days is None:
        return add_working_days(day, int(days["standard"]))
    agreed = day + dt.timedelta(days=agreed_every_days)
    if enhanced:
        return min(agreed, add_working_days(day, int(days["enhanced"])))
    return agreed
