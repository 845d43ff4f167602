"""Demo problem-solving plans (fictional, `is_demo`), one at every stage, on the real police.uk crime
months the crime step loads: their areas are the busiest snap points of the demo PC's neighbourhood
and its neighbours, their crimes are linked from the crime table and the closed plan's assessment
is counted from it. One plan is shared with Worcester City Council, whose agreement (partners demo)
is about to lapse; the council owns a response there that the demo partner account can update."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from safer.crime.analysis.counts import available_months
from safer.crime.models import Crime, CrimeLocation
from safer.lib import linkables
from safer.partners.models import Agency
from safer.places.models import Neighbourhood
from safer.problems import evaluation
from safer.problems.models import (
    AnalysisRequest,
    Assessment,
    Plan,
    PlanLink,
    PlanShare,
    Response,
    Review,
    SignOff,
    Stage,
    TimeEntry,
    WriteUp,
)
from safer.problems.plans import crimes_in_area

COUNCIL = "Worcester City Council"
STAGES: list[tuple[str, str, str]] = [
    # stage, source, title prefix
    (Stage.SCANNING, "hotspot", "Hot spot: shop theft and ASB near"),
    (Stage.SCANNING, "repeat_location", "Repeat location:"),
    (Stage.ANALYSIS, "repeat_location", "Vehicle crime at"),
    (Stage.RESPONSE, "hotspot", "Evening disorder near"),
    (Stage.ASSESSMENT, "hotspot", "Cycle theft near"),
    (Stage.CLOSED, "hotspot", "Burglary and ASB near"),
]


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def _places(home: Neighbourhood, months: list[str], count: int) -> list[CrimeLocation]:
    """The busiest snap points of the home neighbourhood (then its area's other neighbourhoods), at
    least 700 m apart so the plans do not overlap."""
    near = Neighbourhood.objects.filter(areas__in=home.areas.all()).exclude(pk=home.pk)
    chosen: list[CrimeLocation] = []
    for nbs in ([home.pk], list(near.values_list("pk", flat=True))):
        ranked = (
            Crime.objects.filter(month__in=months, neighbourhood_id__in=nbs, location__isnull=False)
            .values("location")
            .annotate(n=Count("id"))
            .order_by("-n", "location")[:200]
        )
        places = CrimeLocation.objects.in_bulk([r["location"] for r in ranked])
        for row in ranked:
            place = places.get(row["location"])
            if (
                place is None
                or place.easting is None
                or place.northing is None
                or place.neighbourhood_id is None
            ):
                continue
            if all(
                (place.easting - c.easting) ** 2 + (place.northing - c.northing) ** 2 > 700**2  # type: ignore[operator]
                for c in chosen
            ):
                chosen.append(place)
            if len(chosen) == count:
                return chosen
    return chosen


def clear_demo_plans() -> str:
    """Remove the previous demo's plans before the partners step rebuilds the agencies their
    responses name (a response protects its agency)."""
    with transaction.atomic():
        removed, _ = Plan.objects.filter(is_demo=True).delete()
        AnalysisRequest.objects.filter(question__endswith="(demo)").delete()
    return f"{removed} rows of earlier demo plans removed"


def load_demo_plans() -> str:
    months = available_months()
    pc, sergeant, inspector, analyst = (
        _user(n) for n in ("demo-pc", "demo-sergeant", "demo-inspector", "demo-analyst")
    )
    home = pc.staff.neighbourhoods.first() if pc is not None and hasattr(pc, "staff") else None
    if len(months) < 2 or home is None:
        return "no crime months or no demo PC: skipped"
    with transaction.atomic():
        Plan.objects.filter(is_demo=True).delete()
        AnalysisRequest.objects.filter(question__endswith="(demo)").delete()
        places = _places(home, months, len(STAGES))
        made = [_plan(k, place, months, pc, sergeant, inspector) for k, place in enumerate(places)]
        council = Agency.objects.filter(name=COUNCIL).first()
        if len(made) > 3:
            _responses(made[3], council, pc)
        if len(made) > 4:
            _assess(made[4], months, pc)
        if len(made) > 5:
            _assess(made[5], months, pc)
            _close(made[5], inspector)
        _requests(home, made, pc, analyst)
        linked = _link_priorities(made, sergeant)
    return (
        f"{len(made)} plans, one at each stage, on {months[0]} to {months[-1]}; "
        f"{linked} working on a neighbourhood priority"
    )


def _plan(k: int, place: CrimeLocation, months: list[str], pc: Any, sergeant: Any, inspector: Any) -> Plan:
    stage, source, prefix = STAGES[k]
    street = place.name.removeprefix("On or near ")
    nb = place.neighbourhood
    assert nb is not None and place.easting is not None and place.northing is not None
    now = timezone.now()
    radius = 50 if source == "repeat_location" else 177
    plan = Plan.objects.create(
        title=f"{prefix} {street} (demo)",
        neighbourhood=nb,
        parish=nb.parishes.order_by("name").first(),
        stage=stage,
        submitted_at=now - dt.timedelta(days=2) if k in (1, 4) else None,
        objective=f"Reduce crime around {street} by a quarter within three months, with our partners.",
        scanning=f"Crime clusters around {street} in {months[0]} (police.uk street-level data)."
        if stage != Stage.SCANNING or k == 1
        else "",
        analysis="Most offences are in the evening; the car park has no lighting and no staff after 6pm."
        if stage not in (Stage.SCANNING,)
        else "",
        victim="Shoppers and staff" if k >= 2 else "",
        offender="Groups of young people, some known to the youth offending service" if k >= 2 else "",
        location=f"{street} and the car park behind it" if k >= 2 else "",
        guardian="Shop staff" if k >= 2 else "",
        handler="Parents, youth workers" if k >= 2 else "",
        place_manager="Car park operator (council)" if k >= 2 else "",
        problem_type="den" if k >= 2 else "",
        source=source,
        source_detail={"location": place.pk, "demo": True},
        easting=place.easting,
        northing=place.northing,
        radius_m=radius,
        first_month=months[0],
        last_month=months[0],
        review_due=timezone.localdate() + dt.timedelta(days=[30, 28, -6, 12, 20, 30][k]),
        response_started=dt.date(int(months[-1][:4]), int(months[-1][5:]), 1) if k >= 3 else None,
        owner=pc,
        triaged_at=None if k == 0 else now - dt.timedelta(days=20),
        created_by=pc,
        created_at=now - dt.timedelta(days=[1, 5, 40, 60, 90, 120][k]),
        is_demo=True,
    )
    plan.crimes.set(crimes_in_area(place.easting, place.northing, radius, months[0], months[0]))
    label = place.name if source == "repeat_location" else f"250 m cell near {street} ({months[0]})"
    PlanLink.objects.create(plan=plan, kind=source, ref=str(place.pk), label=label, url="/crime/hot-spots/")
    order: list[str] = [Stage.SCANNING, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT, Stage.CLOSED]
    for s in [Stage.SCANNING, Stage.ANALYSIS]:
        if stage in order and order.index(stage) > order.index(s):
            SignOff.objects.create(plan=plan, stage=s, decision="approved", by=sergeant, note="Agreed.")
    if k >= 2:
        Review.objects.create(
            plan=plan,
            reviewed_on=timezone.localdate() - dt.timedelta(days=36 if k == 2 else 10),
            was_due=timezone.localdate() - dt.timedelta(days=36 if k == 2 else 8),
            next_due=plan.review_due,
            note="Progress checked with the PC.",
            by=sergeant,
        )
    return plan


def _link_priorities(made: list[Plan], sergeant: Any) -> int:
    """The plans past scanning work on one of their team's open priorities (engagement's demo made
    them), found as a sergeant finds them on the plan page."""
    linked = 0
    if sergeant is None:  # a partial demo without its sergeant: nobody to find the priorities as
        return 0
    for plan in made[2:]:
        found = linkables.find("priority", sergeant, [plan.neighbourhood_id])
        if found:
            priority = found[0]
            PlanLink.objects.create(
                plan=plan,
                kind=PlanLink.Kind.PRIORITY,
                ref=priority.ref,
                label=priority.label,
                url=priority.url,
            )
            linked += 1
    return linked


def _responses(plan: Plan, council: Agency | None, pc: Any) -> None:
    today = timezone.localdate()
    served = timezone.now() - dt.timedelta(days=5)
    if council is not None:
        PlanShare.objects.create(plan=plan, agency=council, shared_by=pc)
        Response.objects.create(
            plan=plan,
            kind="situational",
            description="Light the car park and trim the hedges",
            owner_kind="partner",
            owner_agency=council,
            due=today + dt.timedelta(days=14),
        )
    Response.objects.create(
        plan=plan,
        kind="diversion",
        description="Refer two young people to the youth diversion scheme",
        owner_kind="hub",
        due=today + dt.timedelta(days=7),
        status="under_way",
    )
    Response.objects.create(
        plan=plan,
        kind="engagement",
        description="Evening youth club at the community centre",
        owner_kind="voluntary",
        owner_name="Youth club volunteers (demo)",
        due=today + dt.timedelta(days=30),
    )
    warning = Response.objects.create(
        plan=plan,
        kind="legal",
        description="Community Protection Warning to the car park's main user",
        owner_kind="officer",
        owner_user=pc,
        due=today - dt.timedelta(days=20),
        status="done",
        legal_tool="cpw",
        served_at=served - dt.timedelta(days=25),
    )
    Response.objects.create(
        plan=plan,
        kind="legal",
        description="Community Protection Notice after the warning was ignored",
        owner_kind="officer",
        owner_user=pc,
        due=today,
        status="under_way",
        legal_tool="cpn",
        served_at=served,
        warning=warning,
    )
    for days, minutes in ((3, 120), (10, 90), (17, 60)):
        TimeEntry.objects.create(
            plan=plan,
            parish=plan.parish,
            on=today - dt.timedelta(days=days),
            minutes=minutes,
            by=pc,
            note="Patrol and engagement",
        )


def _assess(plan: Plan, months: list[str], pc: Any) -> None:
    control = Neighbourhood.objects.filter(areas__in=plan.neighbourhood.areas.all()).exclude(
        pk=plan.neighbourhood_id
    )[:3]
    area = evaluation.Area(plan.easting, plan.northing, plan.radius_m, 250)
    ids = list(control.values_list("pk", flat=True))
    monthly = evaluation.monthly_counts(area, ids, months, plan.category)
    c = evaluation.before_after(monthly, months[:1], months[1:])
    wdd = evaluation.wdd_for(c)
    assessment = Assessment.objects.create(
        plan=plan,
        before_first=months[0],
        before_last=months[0],
        after_first=months[1],
        after_last=months[-1],
        buffer_m=250,
        target_before=c.target_before,
        target_after=c.target_after,
        buffer_before=c.buffer_before,
        buffer_after=c.buffer_after,
        control_before=c.control_before,
        control_after=c.control_after,
        monthly=monthly,
        wdq=evaluation.wdq(c),
        wdd=wdd.total,
        wdd_se=wdd.total_se,
        impact="reduced" if c.target_after < c.target_before else "no_effect",
        notes="Counted from the police.uk street-level months (demo).",
        by=pc,
    )
    assessment.control.set(ids)
    plan.submitted_at = plan.submitted_at or timezone.now() - dt.timedelta(days=1)
    plan.save(update_fields=["submitted_at"])


def _close(plan: Plan, inspector: Any) -> None:
    now = timezone.now()
    SignOff.objects.create(plan=plan, stage=Stage.ASSESSMENT, decision="approved", by=inspector, at=now)
    plan.stage, plan.submitted_at, plan.closed_at = Stage.CLOSED, None, now - dt.timedelta(days=3)
    plan.save(update_fields=["stage", "submitted_at", "closed_at"])
    a = plan.assessment
    WriteUp.objects.create(
        plan=plan,
        summary="Burglary and anti-social behaviour clustered around one street. With the council and "
        "residents we improved lighting, visited every home nearby and ran evening patrols.",
        scanning=plan.scanning,
        analysis=plan.analysis,
        response="Lighting, target hardening visits and evening patrols for eight weeks.",
        assessment=f"Crimes in the area fell from {a.target_before} to {a.target_after} (demo).",
        public_title="burglary and anti-social behaviour in the town centre (demo)",
        public_summary="Residents told us about break-ins and late-night disorder. With the council we "
        "improved lighting, visited homes nearby with crime prevention advice, and patrolled in the "
        f"evenings. Crime in the area fell from {a.target_before} to {a.target_after} a month.",
        public_approved_by=inspector,
        public_approved_at=now - dt.timedelta(days=2),
    )


def _requests(home: Neighbourhood, made: list[Plan], pc: Any, analyst: Any) -> None:
    now = timezone.now()
    AnalysisRequest.objects.create(
        neighbourhood=home,
        plan=made[2] if len(made) > 2 else None,
        asked_by=pc,
        question="When in the week do these vehicle crimes happen? (demo)",
        asked_at=now - dt.timedelta(days=2),
    )
    AnalysisRequest.objects.create(
        neighbourhood=home,
        plan=made[3] if len(made) > 3 else None,
        asked_by=pc,
        question="Is the disorder spreading to the next streets? (demo)",
        asked_at=now - dt.timedelta(days=9),
        answered_by=analyst,
        answered_at=now - dt.timedelta(days=7),
        answer="No sign of displacement: the hot spot is stable over both months.",
        analysis_url="/crime/hot-spots/",
    )
