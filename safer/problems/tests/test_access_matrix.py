"""The problems app's staff pages in the access matrix (safer/accounts/tests/matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from safer.accounts import scopes
from safer.accounts.tests.matrix import Everyone, Row, World, check_everyone
from safer.crime.models import Incident
from safer.partners.models import Agency, PartnerAccount
from safer.partners.tests.factories import create_agency, create_agreement
from safer.problems.models import (
    AnalysisRequest,
    Plan,
    PlanLink,
    PlanShare,
    PreventionAction,
    Response,
    Stage,
    WriteUp,
)
from safer.testing import create_priority


def _burglary(w: World) -> Incident:
    if "burglary" not in w.extra:
        w.extra["burglary"] = Incident.objects.create(
            reference="MATRIX-1",
            occurred_at=timezone.now(),
            category="burglary-residential",
            latitude=52.15,
            longitude=-2.29,
            easting=384_000.0,
            northing=251_000.0,
            neighbourhood=w.neighbourhood,
        )
    return w.extra["burglary"]  # type: ignore[no-any-return]


def _action_pk(w: World) -> int:
    if "action" not in w.extra:
        w.extra["action"] = PreventionAction.objects.create(
            trigger=_burglary(w),
            visit_by=timezone.localdate(),
            streets=[{"id": 1, "name": "High Street", "distance_m": 50}],
            message_subject="Burglary nearby",
            message_body="Please lock your doors.",
        )
    return int(w.extra["action"].pk)


def _visit(w: World) -> dict[str, Any]:
    return {
        "target": "High Street",
        "households": 4,
        "delivered": "advice",
        "visited_on": timezone.localdate().isoformat(),
    }


def _plan(w: World, stage: str = Stage.SCANNING, submitted: bool = True) -> Plan:
    key = f"plan-{stage}-{submitted}"
    if key not in w.extra:
        w.extra[key] = Plan.objects.create(
            title="Matrix plan",
            objective="Fewer reports",
            scanning="Reports every night",
            neighbourhood=w.neighbourhood,
            stage=stage,
            submitted_at=timezone.now() if submitted else None,
            easting=384_000.0,
            northing=251_000.0,
            first_month="2024-01",
            last_month="2024-03",
            review_due=timezone.localdate(),
        )
    return w.extra[key]  # type: ignore[no-any-return]


def _closed_with_write_up(w: World) -> Plan:
    plan = _plan(w, Stage.CLOSED, submitted=False)
    if "write_up" not in w.extra:
        w.extra["write_up"] = WriteUp.objects.create(
            plan=plan, summary="Done", public_title="the park", public_summary="New lights."
        )
    return plan


def _response(w: World) -> Response:
    if "response" not in w.extra:
        w.extra["response"] = Response.objects.create(
            plan=_plan(w),
            kind="situational",
            description="Fix the lights",
            due=timezone.localdate(),
            owner_agency=_agency(w),
            owner_kind="partner",
        )
    return w.extra["response"]  # type: ignore[no-any-return]


def _agency(w: World) -> Agency:
    if "agency" not in w.extra:
        agency = create_agency()
        create_agreement(agency, data_items=["title", "area", "dates", "responses"])
        w.extra["agency"] = agency
    return w.extra["agency"]  # type: ignore[no-any-return]


def _shared_with_partners(w: World) -> Plan:
    """The plan, shared with an agency, and every partner account in the test linked to it."""
    plan = _plan(w)
    agency = _agency(w)
    PlanShare.objects.get_or_create(plan=plan, agency=agency)
    for user in User.objects.filter(staff__role="partner", partner__isnull=True):
        PartnerAccount.objects.create(user=user, agency=agency)
    return plan


def _request(w: World) -> AnalysisRequest:
    if "request" not in w.extra:
        w.extra["request"] = AnalysisRequest.objects.create(
            neighbourhood=w.neighbourhood, question="When does it peak?"
        )
    return w.extra["request"]  # type: ignore[no-any-return]


def _priority(w: World) -> dict[str, Any]:
    """An open priority of the plan's neighbourhood, to link."""
    if "priority" not in w.extra:
        w.extra["priority"] = create_priority(w.neighbourhood)
    return {"priority": w.extra["priority"].pk}


def _priority_link(w: World) -> dict[str, Any]:
    """The plan's link to a priority, to remove."""
    if "priority_link" not in w.extra:
        w.extra["priority_link"] = PlanLink.objects.create(
            plan=_plan(w), kind="priority", ref=str(_priority(w)["priority"]), label="Speeding"
        )
    return {"link": w.extra["priority_link"].pk}


def _start(w: World) -> dict[str, Any]:
    return {
        "title": "Bikes stolen at the station",
        "objective": "Halve thefts",
        "neighbourhood": w.neighbourhood.pk,
        "easting": 384_000,
        "northing": 251_000,
        "radius_m": 200,
        "first_month": "2024-01",
        "last_month": "2024-03",
    }


def _assess(w: World) -> dict[str, Any]:
    return {
        "before_first": "2024-01",
        "before_last": "2024-03",
        "after_first": "2024-04",
        "after_last": "2024-06",
        "buffer_m": 200,
        "control": [w.neighbourhood.pk],
        "impact": "reduced",
    }


def _plan_url(name: str, stage: str = Stage.SCANNING, submitted: bool = True) -> Any:
    return lambda w: reverse(f"problems:{name}", args=[_plan(w, stage, submitted).pk])


RESPONSE = Stage.RESPONSE


ROWS: list[Row] = [
    Row("prevention", lambda w: reverse("problems:prevention"), allowed=scopes.CRIME_READERS),
    Row(
        "prevention (post)",
        lambda w: reverse("problems:prevention"),
        "post",
        scopes.PREVENTION_PLANNERS,
        data=lambda w: {"incident": _burglary(w).pk},
        ok=(302,),
        object_in_data=True,
    ),
    Row(
        "prevention response",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        allowed=scopes.CRIME_READERS,
    ),
    Row(
        "prevention response (post)",
        lambda w: reverse("problems:prevention-detail", args=[_action_pk(w)]),
        "post",
        scopes.PREVENTION_PLANNERS,
        data=_visit,
        ok=(302,),
    ),
    Row("plans", lambda w: reverse("problems:plans"), allowed=scopes.PLAN_READERS, scoped=False),
    Row("start a plan", lambda w: reverse("problems:plan-start"), allowed=scopes.PLAN_EDITORS, scoped=False),
    Row(
        "start a plan (post)",
        lambda w: reverse("problems:plan-start"),
        "post",
        scopes.PLAN_EDITORS,
        data=_start,
        ok=(302,),
        object_in_data=True,
    ),
    Row("plan", _plan_url("plan"), allowed=scopes.PLAN_READERS),
    Row("edit plan", _plan_url("plan-edit"), allowed=scopes.PLAN_EDITORS),
    Row(
        "edit plan (post)",
        _plan_url("plan-edit"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"title": "New title", "objective": "Fewer reports"},
        ok=(302,),
    ),
    Row(
        "submit plan (post)",
        _plan_url("plan-submit", submitted=False),
        "post",
        scopes.PLAN_EDITORS,
        ok=(302,),
    ),
    Row(
        "link a priority (post)",
        _plan_url("plan-priority-link"),
        "post",
        scopes.PLAN_EDITORS,
        data=_priority,
        ok=(302,),
    ),
    Row(
        "remove a priority link (post)",
        _plan_url("plan-priority-unlink"),
        "post",
        scopes.PLAN_EDITORS,
        data=_priority_link,
        ok=(302,),
    ),
    Row(
        "sign off (post)",
        _plan_url("plan-sign-off"),
        "post",
        scopes.PLAN_SIGNERS,
        data=lambda w: {"decision": "approve"},
        ok=(302,),
    ),
    Row(
        "review (post)",
        _plan_url("plan-review"),
        "post",
        scopes.PLAN_SIGNERS,
        data=lambda w: {"note": "On track"},
        ok=(302,),
    ),
    Row(
        "log time (post)",
        _plan_url("plan-time"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"minutes": 30, "on": timezone.localdate().isoformat()},
        ok=(302,),
    ),
    Row(
        "add response (post)",
        _plan_url("plan-response-add"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {
            "kind": "engagement",
            "description": "Leaflets",
            "owner_kind": "officer",
            "due": timezone.localdate().isoformat(),
        },
        ok=(302,),
    ),
    Row(
        "share plan (post)",
        _plan_url("plan-share"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"agency": _agency(w).pk},
        ok=(302,),
    ),
    Row("assess", _plan_url("assess", RESPONSE, False), allowed=scopes.PLAN_EDITORS),
    Row(
        "assess (post)",
        _plan_url("assess", RESPONSE, False),
        "post",
        scopes.PLAN_EDITORS,
        data=_assess,
        ok=(302,),
    ),
    Row("write-up", _plan_url("write-up"), allowed=scopes.PLAN_EDITORS),
    Row(
        "write-up (post)",
        _plan_url("write-up"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"summary": "What we did"},
        ok=(302,),
    ),
    Row(
        "write-up export",
        lambda w: reverse("problems:write-up-export", args=[_closed_with_write_up(w).pk]),
        allowed=scopes.PLAN_READERS,
    ),
    Row(
        "publish (post)",
        lambda w: reverse("problems:publish", args=[_closed_with_write_up(w).pk]),
        "post",
        scopes.PLAN_CLOSERS,
        ok=(302,),
    ),
    Row(
        "response",
        lambda w: reverse("problems:response", args=[_response(w).pk]),
        allowed=scopes.PLAN_EDITORS,
    ),
    Row(
        "response (post)",
        lambda w: reverse("problems:response", args=[_response(w).pk]),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"status": "under_way", "update": "Started"},
        ok=(302,),
    ),
    Row("hub", lambda w: reverse("problems:hub"), allowed=scopes.PLAN_READERS, scoped=False),
    Row(
        "triage (post)",
        _plan_url("triage"),
        "post",
        scopes.PLAN_SIGNERS | scopes.ANALYSIS_ANSWERERS,
        ok=(302,),
    ),
    Row("requests", lambda w: reverse("problems:requests"), allowed=scopes.PLAN_READERS, scoped=False),
    Row(
        "requests (post)",
        lambda w: reverse("problems:requests"),
        "post",
        scopes.PLAN_EDITORS,
        data=lambda w: {"question": "Where?", "neighbourhood": w.neighbourhood.pk},
        ok=(302,),
        object_in_data=True,
    ),
    Row("request", lambda w: reverse("problems:request", args=[_request(w).pk]), allowed=scopes.PLAN_READERS),
    Row(
        "request (post)",
        lambda w: reverse("problems:request", args=[_request(w).pk]),
        "post",
        scopes.ANALYSIS_ANSWERERS,
        data=lambda w: {"answer": "Fridays", "analysis_url": "/crime/hot-spots/"},
        ok=(302,),
    ),
    Row("time by parish", lambda w: reverse("problems:time"), allowed=scopes.PLAN_READERS, scoped=False),
    # Partners: what they see is decided by their agency's agreements, not by neighbourhood scope
    # (test_partner_views.py checks other agencies and expired agreements).
    Row(
        "partner: shared plans",
        lambda w: (_shared_with_partners(w), reverse("problems:partner-plans"))[1],
        allowed=scopes.PARTNERS,
        scoped=False,
    ),
    Row(
        "partner: shared plan",
        lambda w: reverse("problems:partner-plan", args=[_shared_with_partners(w).pk]),
        allowed=scopes.PARTNERS,
        scoped=False,
    ),
    Row(
        "partner: own response",
        lambda w: (_shared_with_partners(w), reverse("problems:partner-response", args=[_response(w).pk]))[1],
        allowed=scopes.PARTNERS,
        scoped=False,
    ),
    Row(
        "partner: own response (post)",
        lambda w: (_shared_with_partners(w), reverse("problems:partner-response", args=[_response(w).pk]))[1],
        "post",
        scopes.PARTNERS,
        data=lambda w: {"status": "done", "update": "Fixed"},
        ok=(302,),
        scoped=False,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_only_the_allowed_roles_get_in_and_nothing_changes_for_the_others(
    row: Row, matrix_everyone: Everyone
) -> None:
    check_everyone(row, matrix_everyone)
