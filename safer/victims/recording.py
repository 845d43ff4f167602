"""Writes to victim records that stay inside the force (re-exported by `actions.py`): recording a
victim, the needs assessment, consent, key decisions and updates, entitlements met, analysts'
purposes and retention reviews. Each checks access itself, is one transaction and is logged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safer.accounts.scopes import VICTIM_ANALYSTS, VICTIM_OFFICERS, VICTIM_SUPERVISORS, has_role, in_scope
from safer.crime.models import Incident
from safer.victims import rules
from safer.victims.access import Op, can_record_outcome, check_writable, log, readable
from safer.victims.logs import AnalystPurpose, RetentionReview
from safer.victims.records import ConsentRecord, Entitlement, NeedsAssessment, Referral, Victim

User = AbstractBaseUser | AnonymousUser
K = Entitlement.Kind
CONTACT_FIELDS = [
    "kind", "name", "acting_for", "under_18", "phone", "email", "address", "method",
    "update_every_days", "phone_unsafe", "safe_phone", "safe_times", "no_messages", "no_letters",
    "safe_contact_notes", "domestic_abuse", "sexual_offence",
]  # fmt: skip


def _doer(user: User) -> Any:
    return user if user.is_authenticated else None


def explicit_consent_error(model: str, choice: str) -> str:
    """The message when a choice does not meet the consent model ("" when it does)."""
    if model == Victim.Consent.EXPLICIT and choice == ConsentRecord.Choice.NOT_OBJECTED:
        return (
            "For sexual offences, domestic abuse and bereaved relatives the victim must give "
            "explicit consent before any referral: record that they consented, that they do not "
            "want to be referred, or leave it until you have asked them"
        )
    return ""


def create_victim(user: User, incidents: list[Incident], fields: dict[str, Any], consent: str = "") -> Victim:
    """Record a victim of `incidents` (all in the officer's scope); the officer is in charge. Starts
    the Victims' Code clocks and, if the victim was asked, records their consent choice."""
    if not has_role(user, VICTIM_OFFICERS) or not incidents:
        raise PermissionDenied("Your role does not let you record victims.")
    pks = [i.pk for i in incidents]
    if in_scope(user, Incident.objects.filter(pk__in=pks)).count() != len(set(pks)):
        raise PermissionDenied("An incident is not in your scope.")
    now = timezone.now()
    with transaction.atomic():
        victim = Victim(**{k: v for k, v in fields.items() if k in CONTACT_FIELDS})
        victim.neighbourhood = incidents[0].neighbourhood
        victim.officer_in_charge = _doer(user)
        victim.created_by = _doer(user)
        victim.created_at = now
        rule = rules.consent_rule(victim, incidents)
        victim.consent_model = Victim.Consent.EXPLICIT if rule else Victim.Consent.OPT_OUT
        victim.consent_rule = rule
        error = explicit_consent_error(victim.consent_model, consent)
        if error:
            raise ValidationError(error)
        victim.retention_group = rules.retention_group(victim, incidents)
        victim.review_on = rules.review_date(victim.retention_group, max(i.occurred_at for i in incidents))
        victim.save()
        victim.incidents.set(incidents)
        rules.refresh_flags(victim)
        victim.save(update_fields=["is_repeat", "is_vulnerable"])
        Entitlement.objects.bulk_create(rules.first_clocks(victim, now))
        log(user, Op.COLLECTION, victim, "Victims' Code: recording a victim of crime", detail="record made")
        log(
            user,
            Op.COMBINATION,
            victim,
            "Linking the victim to the incidents they are a victim of",
            detail=f"incidents {', '.join(i.reference for i in incidents)}",
        )
        if consent:
            _consent(user, victim, consent)
    return victim


def _consent(user: User, victim: Victim, choice: str) -> ConsentRecord:
    record = ConsentRecord.objects.create(
        victim=victim,
        model=victim.consent_model,
        rule=victim.consent_rule,
        choice=choice,
        recorded_by=_doer(user),
    )
    clocks = victim.entitlements.filter(kind=K.REFERRAL, met_at__isnull=True)
    if choice == ConsentRecord.Choice.DECLINED:
        clocks.filter(not_applicable="").update(not_applicable="The victim does not want to be referred")
    else:
        clocks.exclude(not_applicable="").update(not_applicable="")
    log(
        user,
        Op.ALTERATION,
        victim,
        "Recording the victim's choice about referral",
        detail=f"consent {choice}",
    )
    return record


def record_consent(user: User, victim: Victim, choice: str) -> ConsentRecord:
    check_writable(user, victim)
    error = explicit_consent_error(victim.consent_model, choice)
    if error:
        raise ValidationError(error)
    with transaction.atomic():
        return _consent(user, victim, choice)


def assess(
    user: User, victim: Victim, categories: list[str], needs: str, interpreter: str
) -> NeedsAssessment:
    """A needs assessment or reassessment (Right 4): Enhanced Rights categories, one or more."""
    check_writable(user, victim)
    valid = set(NeedsAssessment.Category.values)
    if not set(categories) <= valid:
        raise ValidationError("Unknown Enhanced Rights category.")
    now = timezone.now()
    with transaction.atomic():
        assessment = NeedsAssessment.objects.create(
            victim=victim,
            categories=sorted(set(categories)),
            needs=needs,
            interpreter=interpreter,
            assessed_by=_doer(user),
            assessed_at=now,
        )
        _meet_open(user, victim, [K.NEEDS_ASSESSMENT], now)
        rules.refresh_flags(victim)
        victim.save(update_fields=["is_repeat", "is_vulnerable"])
        log(user, Op.ALTERATION, victim, "Victims' Code Right 4: needs assessment", detail="needs assessed")
    return assessment


def _meet_open(user: User, victim: Victim, kinds: list[str], when: dt.datetime) -> int:
    return (
        victim.entitlements.filter(kind__in=kinds, met_at__isnull=True, not_applicable="")
        .filter(created_at__lte=when)
        .update(met_at=when, met_by=_doer(user))
    )


def meet(user: User, victim: Victim, kind: str) -> int:
    """Mark the open entitlements of `kind` met now (written confirmation, VPS offered)."""
    check_writable(user, victim)
    if kind not in (K.WRITTEN_CONFIRMATION, K.VPS_OFFERED):
        raise ValidationError("That entitlement is met by its own form.")
    with transaction.atomic():
        count = _meet_open(user, victim, [kind], timezone.now())
        log(user, Op.ALTERATION, victim, "Victims' Code: entitlement met", detail=f"{kind} met")
    return count


def record_decision(user: User, victim: Victim, decision: str, decided_at: dt.datetime) -> Entitlement:
    """A key investigation decision (arrest, interview, release, bail, no further investigation):
    the victim is owed an update within 5 working days, or 1 under Enhanced Rights."""
    check_writable(user, victim)
    if decided_at > timezone.now():
        raise ValidationError("The decision cannot be in the future.")
    with transaction.atomic():
        clock = rules.decision_update(victim, decision, decided_at)
        clock.save()
        log(user, Op.ALTERATION, victim, "Victims' Code Right 6: key decision", detail=decision[:100])
    return clock


def record_update(user: User, victim: Victim, given_at: dt.datetime) -> int:
    """An update given to the victim: meets every open update clock and starts the next one at the
    agreed frequency."""
    check_writable(user, victim)
    if given_at > timezone.now():
        raise ValidationError("The update cannot be in the future.")
    with transaction.atomic():
        count = _meet_open(user, victim, [K.DECISION_UPDATE, K.SCHEDULED_UPDATE], given_at)
        rules.scheduled_update(victim, given_at).save()
        log(user, Op.ALTERATION, victim, "Victims' Code Right 6: update given", detail="update given")
    return count


def record_referral_outcome(user: User, referral: Referral, outcome: str) -> Referral:
    victim = referral.victim
    if not can_record_outcome(user, victim):
        raise PermissionDenied("You may not record outcomes for this victim.")
    if outcome not in Referral.Outcome.values or outcome == Referral.Outcome.PENDING:
        raise ValidationError("Choose an outcome.")
    with transaction.atomic():
        Referral.objects.filter(pk=referral.pk).update(outcome=outcome, outcome_at=timezone.now())
        log(user, Op.ALTERATION, victim, "Referral outcome from the service", detail=f"outcome {outcome}")
    referral.refresh_from_db()
    return referral


def record_purpose(user: User, purpose: str, valid_until: dt.date) -> AnalystPurpose:
    """An analyst's purpose for reading victim records, for at most VICTIMS_PURPOSE_MAX_DAYS."""
    if not has_role(user, VICTIM_ANALYSTS):
        raise PermissionDenied("Only analysts record a purpose.")
    today = timezone.localdate()
    if not today <= valid_until <= today + dt.timedelta(days=settings.VICTIMS_PURPOSE_MAX_DAYS):
        raise ValidationError(f"A purpose lasts from today up to {settings.VICTIMS_PURPOSE_MAX_DAYS} days.")
    if len(purpose.strip()) < 10:
        raise ValidationError("Say what the analysis is for, in at least a few words.")
    return AnalystPurpose.objects.create(user=_doer(user), purpose=purpose.strip(), valid_until=valid_until)


def record_retention_review(
    user: User, victim: Victim, decision: str, reason: str, next_review_on: dt.date | None
) -> RetentionReview:
    """A supervisor's retention review: retain until a later review date, or dispose now."""
    if not has_role(user, VICTIM_SUPERVISORS) or not readable(user).filter(pk=victim.pk).exists():
        raise PermissionDenied("Only a supervisor with this record in scope reviews its retention.")
    from safer.victims.retention import erase

    with transaction.atomic():
        review = RetentionReview.objects.create(
            victim=victim,
            decision=decision,
            reason=reason,
            next_review_on=next_review_on if decision == RetentionReview.Decision.RETAIN else None,
            reviewer=_doer(user),
        )
        if decision == RetentionReview.Decision.RETAIN:
            if next_review_on is None or next_review_on <= timezone.localdate():
                raise ValidationError("A record kept needs a later review date.")
            Victim.objects.filter(pk=victim.pk).update(review_on=next_review_on)
            log(user, Op.ALTERATION, victim, f"Retention review: {reason}", detail="retained")
        else:
            erase(victim, user, f"Retention review: {reason}")
    return review


def change_contact(user: User, victim: Victim, fields: dict[str, Any], more: list[Incident]) -> list[str]:
    """Change the contact agreement and safe-contact details (victim-led, Right 6), and link more
    incidents in scope. A new frequency moves the open scheduled update; a newly linked incident
    may make explicit consent necessary. Returns the fields changed (names only, for the log)."""
    check_writable(user, victim)
    if more and in_scope(user, Incident.objects.filter(pk__in=[i.pk for i in more])).count() != len(more):
        raise PermissionDenied("An incident is not in your scope.")
    editable = [f for f in CONTACT_FIELDS if f != "kind"]
    changed = [f for f in editable if f in fields and getattr(victim, f) != fields[f]]
    with transaction.atomic():
        for name in changed:
            setattr(victim, name, fields[name])
        if more:
            victim.incidents.add(*more)
        rule = rules.consent_rule(victim, list(victim.incidents.all()))
        if rule and victim.consent_model != Victim.Consent.EXPLICIT:
            victim.consent_model, victim.consent_rule = Victim.Consent.EXPLICIT, rule
            changed.append("consent_model")
        victim.save()
        if "update_every_days" in changed:
            for clock in victim.entitlements.filter(
                kind=K.SCHEDULED_UPDATE, met_at__isnull=True, not_applicable=""
            ):
                clock.due_at = clock.created_at + dt.timedelta(days=victim.update_every_days)
                clock.save(update_fields=["due_at"])
        rules.refresh_flags(victim)
        victim.save(update_fields=["is_repeat", "is_vulnerable"])
        if changed:
            log(
                user,
                Op.ALTERATION,
                victim,
                "Contact agreed with the victim changed",
                detail=", ".join(changed),
            )
        if more:
            log(
                user,
                Op.COMBINATION,
                victim,
                "Linking the victim to a further incident",
                detail=f"incidents {', '.join(i.reference for i in more)}",
            )
    return changed
