"""Sharing plans with partner agencies, and what a partner may see and change.

The rules of what may be shared live in partners.sharing (agreements in force, the data items they
list, the audit of every read); this module applies them to plans: a plan is shown to a partner
only when it is shared with their agency and the agency has an agreement in force, and then only
the data items those agreements list. A partner may update the responses their agency owns."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet

from safer.accounts import audit, scopes
from safer.partners.models import Agency
from safer.partners.sharing import agency_of, agreements_in_date, fields_shared_with
from safer.problems.models import Plan, PlanShare, Response
from safer.problems.plans import PlanError, _save_update

User = AbstractBaseUser | AnonymousUser


def share(user: User, plan: Plan, agency: Agency) -> PlanShare:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    if not agency.active:
        raise PlanError("That agency is no longer active.")
    if not agreements_in_date(agency).exists():
        raise PlanError(f"{agency} has no information-sharing agreement in force: nothing can be shared.")
    with transaction.atomic():
        record, created = PlanShare.objects.get_or_create(  # type: ignore[misc]
            plan=plan,
            agency=agency,
            defaults={"shared_by": user if user.is_authenticated else None},  # type: ignore[dict-item]
        )
        if created:
            audit.record(user, "problems.plan.shared", plan, {"agency": [None, agency.pk]})
    return record


def unshare(user: User, plan: Plan, agency: Agency) -> None:
    scopes.check_in_scope(user, scopes.PLAN_EDITORS, plan)
    with transaction.atomic():
        if PlanShare.objects.filter(plan=plan, agency=agency).delete()[0]:
            audit.record(user, "problems.plan.unshared", plan, {"agency": [agency.pk, None]})


def visible_to(user: User) -> tuple[Agency | None, set[str], QuerySet[Plan]]:
    """The partner's agency, the data items they may see today, and the plans shared with it
    (none at all when no agreement is in force)."""
    agency = agency_of(user)
    fields = fields_shared_with(agency)
    if agency is None or not fields:
        return agency, set(), Plan.objects.none()
    return (
        agency,
        fields,
        Plan.objects.filter(shares__agency=agency).select_related("neighbourhood", "parish"),
    )


def values(plan: Plan, fields: set[str], agency: Agency) -> dict[str, Any]:
    """The plan keyed by data item (partners.models.DATA_ITEMS), only the items in `fields`."""
    out: dict[str, Any] = {}
    if "title" in fields:
        out["title"] = plan.title
    if "summary" in fields:
        out["summary"] = {"objective": plan.objective, "scanning": plan.scanning}
    if "area" in fields:
        out["area"] = ", ".join(
            n for n in [plan.neighbourhood.name, plan.parish.name if plan.parish else ""] if n
        )
    if "location" in fields:
        out["location"] = f"{plan.radius_m} m around grid reference {plan.easting:.0f}, {plan.northing:.0f}"
    if "dates" in fields:
        out["dates"] = {
            "stage": plan.get_stage_display(),
            "months": f"{plan.first_month} to {plan.last_month}",
            "review_due": plan.review_due,
        }
    if "crime_counts" in fields:
        out["crime_counts"] = {"crimes": plan.crimes.count(), "incidents": plan.incidents.count()}
    if "analysis" in fields:
        out["analysis"] = {
            "analysis": plan.analysis,
            "triangle": [
                ("Victim", plan.victim, "Guardian", plan.guardian),
                ("Offender", plan.offender, "Handler", plan.handler),
                ("Location", plan.location, "Place manager", plan.place_manager),
            ],
            "type": plan.get_problem_type_display(),
        }
    if "responses" in fields:
        out["responses"] = [
            {
                "response": r,
                "owner": r.owner_label
                if (r.owner_agency_id or "officer_names" in fields)
                else r.get_owner_kind_display(),
                "ours": r.owner_agency_id == agency.pk,
            }
            for r in plan.responses.select_related("owner_user", "owner_agency")
        ]
    if "assessment" in fields and hasattr(plan, "assessment"):
        a = plan.assessment
        out["assessment"] = {
            "before": a.target_before,
            "after": a.target_after,
            "impact": a.get_impact_display(),
        }
    if "officer_names" in fields and plan.owner is not None:
        out["officer_names"] = plan.owner.get_full_name() or plan.owner.get_username()
    return out


def partner_update(user: User, response: Response, status: str, update: str) -> Response:
    """A partner updates a response their agency owns, on a plan shared with it under an agreement
    in force that lists responses."""
    agency, fields, plans = visible_to(user)
    if (
        agency is None
        or "responses" not in fields
        or response.owner_agency_id != agency.pk
        or not plans.filter(pk=response.plan_id).exists()
    ):
        raise PlanError("Your agency cannot update this response.")
    if not response.plan.is_open:
        raise PlanError("The plan is closed.")
    return _save_update(user, response, status, update)
