"""Who may read and change a victim record, and the DPA 2018 s62 log of every operation on one.

Read: the officer in charge, sergeants and inspectors whose scope holds the record (their
supervisors), victim-service staff within scope, and analysts within scope who have recorded a
current purpose. Nobody else, administrators included. Change: the officer in charge and their
supervisors. Every view that shows a record calls `readable_or_404`, which writes the consultation
to the log with its justification; every disclosure (a referral, a leaflet) is logged with its
recipient. Role sets come from `accounts.scopes` (the one mechanism)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safer.accounts.scopes import (
    VICTIM_ANALYSTS,
    VICTIM_OFFICERS,
    VICTIM_SUPERVISORS,
    VICTIM_SUPPORT,
    has_role,
    in_scope,
    role_of,
)
from safer.victims.logs import AnalystPurpose, ProcessingLog
from safer.victims.records import Victim

User = AbstractBaseUser | AnonymousUser
Op = ProcessingLog.Operation


def current_purpose(user: User) -> AnalystPurpose | None:
    if not user.is_authenticated:
        return None
    return (
        AnalystPurpose.objects.filter(user=user, valid_until__gte=timezone.localdate())  # type: ignore[misc]
        .order_by("-recorded_at")
        .first()
    )


def readable(user: User) -> QuerySet[Victim]:
    """The victim records `user` may read (not erased)."""
    records = in_scope(user, Victim.objects.filter(erased_at__isnull=True))
    if has_role(user, VICTIM_SUPERVISORS | VICTIM_SUPPORT):
        return records
    if has_role(user, VICTIM_ANALYSTS):
        return records if current_purpose(user) else records.none()
    if has_role(user, VICTIM_OFFICERS):
        return records.filter(officer_in_charge=user)  # type: ignore[misc]
    return records.none()


def writable(user: User) -> QuerySet[Victim]:
    """The records `user` may change: the officer in charge's own, and their supervisors'."""
    if not has_role(user, VICTIM_OFFICERS):
        return Victim.objects.none()
    records = in_scope(user, Victim.objects.filter(erased_at__isnull=True))
    if has_role(user, VICTIM_SUPERVISORS):
        return records
    return records.filter(officer_in_charge=user)  # type: ignore[misc]


def justification(user: User, victim: Victim) -> str:
    """Why this account may consult this record, in the log's words."""
    if has_role(user, VICTIM_ANALYSTS):
        purpose = current_purpose(user)
        return f"Analysis: {purpose.purpose}" if purpose else "Analysis (no purpose)"
    if has_role(user, VICTIM_SUPPORT):
        return "Victim service: support for the victim"
    if victim.officer_in_charge_id == getattr(user, "pk", None):
        return "Officer in charge of the investigation"
    return "Supervision of the officer in charge"


def log(
    user: User | None,
    operation: str,
    victim: Victim,
    justification: str,
    *,
    recipient: str = "",
    detail: str = "",
) -> ProcessingLog:
    actor: Any = user if user is not None and user.is_authenticated else None
    return ProcessingLog.objects.create(
        operation=operation,
        actor=actor,
        actor_name=actor.get_username() if actor else "system",
        actor_role=role_of(actor) or "" if actor else "",
        victim=victim,
        victim_ref=victim.reference,
        justification=justification[:300],
        recipient=recipient[:300],
        detail=detail[:300],
    )


def log_listed(user: User, victims: list[Victim], detail: str) -> None:
    """A list showing records (reference, crime reference, flags): one consultation entry each."""
    actor: Any = user if user.is_authenticated else None
    ProcessingLog.objects.bulk_create(
        ProcessingLog(
            operation=Op.CONSULTATION,
            actor=actor,
            actor_name=actor.get_username() if actor else "system",
            actor_role=role_of(actor) or "" if actor else "",
            victim=v,
            victim_ref=v.reference,
            justification=justification(user, v)[:300],
            detail=detail,
        )
        for v in victims
    )


def readable_or_404(user: User, pk: int, detail: str) -> Victim:
    """The record, its read written to the s62 log; 404 if this account may not read it."""
    victim = readable(user).filter(pk=pk).first()
    if victim is None:
        raise Http404("No victim record you may read.")
    log(user, Op.CONSULTATION, victim, justification(user, victim), detail=detail)
    return victim


def check_writable(user: User, victim: Victim) -> None:
    """For action functions: PermissionDenied unless `user` may change this record."""
    if not writable(user).filter(pk=victim.pk).exists():
        raise PermissionDenied("Only the officer in charge and their supervisors may change this record.")


def can_record_outcome(user: User, victim: Victim) -> bool:
    if writable(user).filter(pk=victim.pk).exists():
        return True
    return has_role(user, VICTIM_SUPPORT) and readable(user).filter(pk=victim.pk).exists()
