"""Disclosures of victim records (re-exported by `actions.py`): referral to support through the
configured service's secure email, and the victim information leaflet. Each checks access, guards
against the known failures (duplicate referrals, missing consent, an unsafe number: Cleveland's dip
sample, wave2-domain §2.3) and writes the disclosure, with its recipient, to the s62 log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer.lib import sending
from safer.victims.access import Op, check_writable, log
from safer.victims.leaflet_pdf import leaflet_pdf
from safer.victims.records import ConsentRecord, Entitlement, Leaflet, Referral, Victim

User = AbstractBaseUser | AnonymousUser
REF_PREFIX = "victims.referral"


def _doer(user: User) -> Any:
    return user if user.is_authenticated else None


def services() -> dict[str, tuple[str, str]]:
    """Referral kind -> (service name, secure address), from settings; kinds with no address are off."""
    vs = settings.VICTIMS_SUPPORT_SERVICE
    found = {
        Referral.Kind.VICTIM_SERVICE: (vs["name"], vs["email"]),
        Referral.Kind.SAFEGUARDING: ("Safeguarding hub", settings.VICTIMS_SAFEGUARDING_EMAIL),
        Referral.Kind.EARLY_HELP: ("Early help", settings.VICTIMS_EARLY_HELP_EMAIL),
    }
    return {kind: pair for kind, pair in found.items() if pair[1]}


def latest_consent(victim: Victim) -> ConsentRecord | None:
    return victim.consents.order_by("-recorded_at", "-pk").first()


def referral_problems(victim: Victim, kind: str) -> list[str]:
    """Why a referral of `kind` must not go (empty: it may)."""
    problems = []
    if kind not in services():
        problems.append("That service is not configured.")
    earlier = victim.referrals.filter(kind=kind, send_failed=False).first()
    if earlier is not None:
        problems.append(
            f"{victim.reference} was already referred to {earlier.service} on "
            f"{timezone.localtime(earlier.created_at):%-d %B %Y}: a second referral would duplicate it."
        )
    consent = latest_consent(victim)
    if victim.consent_model == Victim.Consent.EXPLICIT and kind == Referral.Kind.VICTIM_SERVICE:
        if consent is None or consent.choice != ConsentRecord.Choice.GIVEN:
            problems.append(
                f"Explicit consent is needed first ({victim.consent_rule}): record the victim's consent."
            )
    elif (
        consent is not None
        and consent.choice == ConsentRecord.Choice.DECLINED
        and kind == Referral.Kind.VICTIM_SERVICE
    ):
        problems.append("The victim asked not to be referred.")
    if victim.phone_unsafe and not victim.safe_phone:
        problems.append(
            "The victim's number is marked unsafe and no safe number is recorded: the service must "
            "not call it. Record a safe number or safe contact notes first."
        )
    return problems


def _officer(victim: Victim) -> dict[str, str]:
    person = getattr(victim.officer_in_charge, "person", None) if victim.officer_in_charge else None
    if person is None:
        return {"name": "", "collar": "", "email": "", "mobile": ""}
    return {
        "name": person.display_name,
        "collar": person.collar_number,
        "email": person.work_email,
        "mobile": person.work_mobile,
    }


def referral_text(victim: Victim, kind: str) -> str:
    """What the service receives: only what it needs to make safe contact."""
    consent = latest_consent(victim)
    assessment = victim.current_assessment()
    officer = _officer(victim)
    phone = victim.safe_phone if victim.phone_unsafe else (victim.safe_phone or victim.phone)
    lines = [
        f"Referral from {settings.FORCE_ID} police: {dict(Referral.Kind.choices)[kind]}",
        "",
        f"Our reference: {victim.reference}",
        f"Crime reference: {victim.crime_references()}",
        f"Name: {victim.name}" + (f" (for {victim.acting_for})" if victim.acting_for else ""),
        f"Contact: {victim.get_kind_display()}",
        f"Safe telephone: {phone or 'none'}",
        f"Email: {victim.email or 'none'}",
        f"Address: {'do not write' if victim.no_letters else (victim.address or 'none')}",
        f"Preferred contact: {victim.get_method_display()}",
        f"Safe times: {victim.safe_times or 'not given'}",
        f"Leave messages: {'NO' if victim.no_messages else 'yes'}",
        f"Safe contact notes: {victim.safe_contact_notes or 'none'}",
        f"Under 18: {'yes' if victim.under_18 else 'no'}",
        "Enhanced Rights: "
        + (", ".join(assessment.category_labels()) if assessment and assessment.categories else "no"),
        f"Needs: {assessment.needs if assessment and assessment.needs else 'not assessed'}",
        "Consent: "
        + (
            f"{consent.get_choice_display()} on {timezone.localtime(consent.recorded_at):%-d %B %Y}"
            if consent
            else "opt-out referral; the victim did not ask us not to refer"
        ),
        f"Officer in charge: {officer['name']} {officer['collar']}, {officer['email']}, {officer['mobile']}",
        "",
        "Please tell the officer in charge the outcome: accepted, contacted, declined or could not contact.",
    ]
    return "\n".join(lines)


def refer(user: User, victim: Victim, kind: str = Referral.Kind.VICTIM_SERVICE) -> Referral:
    """Send a referral by secure email (send_now) after the checks; meets the referral clock."""
    check_writable(user, victim)
    problems = referral_problems(victim, kind)
    if problems:
        raise ValidationError(problems)
    name, address = services()[kind]
    with transaction.atomic():
        referral = Referral.objects.create(
            victim=victim,
            kind=kind,
            service=name,
            sent_to=address,
            created_by=_doer(user),
        )
        referral.outgoing_id = sending.send_now(
            sending.Transactional(
                channel=sending.EMAIL,
                to=address,
                subject=f"Referral {victim.reference}",
                text=referral_text(victim, kind),
                ref=f"{REF_PREFIX}:{referral.pk}",
            )
        )
        referral.save(update_fields=["outgoing_id"])
        if kind == Referral.Kind.VICTIM_SERVICE:
            victim.entitlements.filter(
                kind=Entitlement.Kind.REFERRAL, met_at__isnull=True, not_applicable=""
            ).update(met_at=referral.created_at, met_by=referral.created_by)
        consent = latest_consent(victim)
        basis = (
            f"explicit consent recorded {timezone.localtime(consent.recorded_at):%-d %B %Y}"
            if consent and consent.choice == ConsentRecord.Choice.GIVEN
            else "opt-out referral (public task)"
        )
        log(
            user,
            Op.DISCLOSURE,
            victim,
            f"Victims' Code Right 4: referral to support, {basis}",
            recipient=f"{name} <{address}>",
            detail=f"{kind} referral by secure email",
        )
    return referral


def record_delivery(sender: Any, ref: str, sent: bool, error: str, **_: Any) -> None:
    """`sending.outcome` receiver: the referral's message was sent or given up."""
    pk = sending.ref_id(ref, REF_PREFIX)
    if pk is None:
        return
    if sent:
        Referral.objects.filter(pk=pk).update(delivered_at=timezone.now())
    else:
        Referral.objects.filter(pk=pk).update(send_failed=True)


def officer_details(victim: Victim) -> dict[str, str]:
    return _officer(victim)


def issue_leaflet(user: User, victim: Victim, variant: str, channel: str) -> Leaflet:
    """Issue the leaflet: emailed to the victim (their chosen channel) or printed. Snapshots the
    officer's details as printed, meets the written-confirmation clock, logs the disclosure."""
    check_writable(user, victim)
    if variant not in Leaflet.Variant.values or channel not in Leaflet.Channel.values:
        raise ValidationError("Choose a format and how the leaflet reaches the victim.")
    if channel == Leaflet.Channel.EMAIL and not victim.email:
        raise ValidationError("There is no email address for this victim: print the leaflet instead.")
    officer = _officer(victim)
    with transaction.atomic():
        leaflet = Leaflet.objects.create(
            victim=victim,
            variant=variant,
            channel=channel,
            crime_reference=victim.crime_references(),
            officer_name=officer["name"],
            collar_number=officer["collar"],
            officer_email=officer["email"],
            officer_mobile=officer["mobile"],
            issued_by=_doer(user),
        )
        if channel == Leaflet.Channel.EMAIL:
            sending.send_now(
                sending.Transactional(
                    channel=sending.EMAIL,
                    to=victim.email,
                    subject="Information for victims of crime",
                    text=(
                        f"Your crime reference is {leaflet.crime_reference}. The information leaflet is "
                        f"attached. The officer dealing with your case is {leaflet.officer_name}, "
                        f"{leaflet.officer_email}, {leaflet.officer_mobile}."
                    ),
                    attachments=(
                        sending.Attachment(
                            "information-for-victims.pdf", leaflet_pdf(leaflet), "application/pdf"
                        ),
                    ),
                    ref=f"victims.leaflet:{leaflet.pk}",
                )
            )
        victim.entitlements.filter(
            kind=Entitlement.Kind.WRITTEN_CONFIRMATION, met_at__isnull=True, not_applicable=""
        ).update(met_at=leaflet.issued_at, met_by=leaflet.issued_by)
        log(
            user,
            Op.DISCLOSURE,
            victim,
            "Victims' Code Right 3: written confirmation and information leaflet",
            recipient="The victim, by email" if channel == Leaflet.Channel.EMAIL else "The victim, printed",
            detail=f"{variant} leaflet",
        )
    return leaflet
