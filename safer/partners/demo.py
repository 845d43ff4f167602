"""The demo's partners: agencies with contacts and shared sites, information-sharing agreements (one
about to lapse, one lapsed), the demo partner account, forums with a year of meetings, and ASB Case
Reviews at every stage. Fictional people and agreements (addresses at example.org); the councils and
services are the real public bodies of the area, named so the demo reads true. Rebuilt the same way
however often it runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from safer.accounts.models import ScopeLevel, StaffProfile
from safer.partners.models import (
    Agency,
    AgencyContact,
    AgreementReview,
    CaseReviewApplication,
    CaseReviewComplaint,
    CaseReviewRecommendation,
    CaseReviewSettings,
    Forum,
    ForumAction,
    ForumMeeting,
    MeetingAttendance,
    PartnerAccount,
    SharingAgreement,
    Site,
)
from safer.partners.models.forums import ActionStatus, Attendance, ForumKind
from safer.places.models import Neighbourhood, PolicingArea

SEED = 20140312
NOTE = "Demo data: the contacts, agreements and meetings are fictional."
HW, ST = "herefordshire-and-worcestershire", "shropshire-and-telford"
# (name, kind, area slug or "" for the whole force, contact name)
AGENCIES = [
    ("Worcester City Council", "council", HW, "Priya Demo"),
    ("Wyre Forest District Council", "council", HW, "Tom Demo"),
    ("Herefordshire Council", "council", HW, "Ellen Demo"),
    ("Shropshire Council", "council", ST, "Gareth Demo"),
    ("Telford & Wrekin Council", "council", ST, "Amina Demo"),
    ("Riverside Meadows Homes (fictional housing association)", "housing", HW, "Jo Demo"),
    ("Hereford & Worcester Fire and Rescue Service", "fire", HW, "Sam Demo"),
    ("Shropshire Fire and Rescue Service", "fire", ST, "Alex Demo"),
    ("Herefordshire and Worcestershire Integrated Care Board", "health", HW, "Ruth Demo"),
    ("St Wulstan's Academy (fictional school)", "school", HW, "Mark Demo"),
    ("Haven Women's Aid (fictional charity)", "charity", "", "Lena Demo"),
]
PARTNER_USERNAME = "demo-partner"
PARTNER_AGENCY = "Worcester City Council"
ALL_ITEMS_BUT_PERSONAL = [
    "title",
    "summary",
    "area",
    "location",
    "dates",
    "crime_counts",
    "analysis",
    "responses",
    "assessment",
]


def _clear() -> None:
    CaseReviewApplication.objects.filter(reference__startswith="CR-DEMO").delete()
    Forum.objects.filter(name__endswith="(demo)").delete()
    SharingAgreement.objects.filter(reference__startswith="ISA-DEMO").delete()
    names = [a[0] for a in AGENCIES]
    PartnerAccount.objects.filter(agency__name__in=names).delete()
    Site.objects.filter(name__endswith="(demo)").delete()
    CaseReviewRecommendation.objects.filter(agency__name__in=names).delete()
    # The agencies themselves are upserted by name (`_agencies`), not deleted: later apps' demo rows
    # (problem-solving responses owned by an agency) protect them, and their ids survive a rebuild.


def _agencies(areas: dict[str, PolicingArea]) -> dict[str, Agency]:
    made = {}
    for name, kind, area, contact in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            name=name, defaults={"kind": kind, "email": f"community.safety@{kind}.example.org", "notes": NOTE}
        )
        agency.areas.set([areas[area]] if area else [])
        AgencyContact.objects.filter(agency=agency).delete()
        first = contact.split()[0].lower()
        AgencyContact.objects.create(
            agency=agency,
            name=contact,
            job_title="Community safety lead",
            email=f"{first}@{kind}.example.org",
            is_primary=True,
        )
        made[name] = agency
    return made


def _sites(areas: dict[str, PolicingArea], agencies: dict[str, Agency]) -> None:
    hub = Site.objects.create(
        name="Worcester community safety hub (demo)", address="Orchard House, Worcester", area=areas[HW]
    )
    hub.agencies.add(
        agencies["Worcester City Council"],
        agencies["Riverside Meadows Homes (fictional housing association)"],
    )
    fire = Site.objects.create(
        name="Telford shared fire and police station (demo)", address="Stafford Park, Telford", area=areas[ST]
    )
    fire.agencies.add(agencies["Shropshire Fire and Rescue Service"])


def _agreements(today: dt.date, agencies: dict[str, Agency]) -> list[SharingAgreement]:
    spec: list[tuple[str, str, list[str], str, int, int, list[str]]] = [
        # reference, title, parties, legal basis, started days ago, review in days, items
        (
            "ISA-DEMO-001",
            "Community safety problem solving, Worcestershire",
            [
                "Worcester City Council",
                "Wyre Forest District Council",
                "Riverside Meadows Homes (fictional housing association)",
            ],
            "cda_s115",
            700,
            12,
            ALL_ITEMS_BUT_PERSONAL,
        ),
        (
            "ISA-DEMO-002",
            "Herefordshire anti-social behaviour partnership",
            ["Herefordshire Council", "Hereford & Worcester Fire and Rescue Service"],
            "cda_s115",
            400,
            220,
            ["title", "summary", "area", "location", "dates", "responses"],
        ),
        (
            "ISA-DEMO-003",
            "Shropshire community safety (lapsed)",
            ["Shropshire Council", "Telford & Wrekin Council"],
            "cda_s115",
            800,
            -20,
            ALL_ITEMS_BUT_PERSONAL,
        ),
        (
            "ISA-DEMO-004",
            "Fire and police joint prevention visits",
            ["Shropshire Fire and Rescue Service", "Hereford & Worcester Fire and Rescue Service"],
            "public_task",
            300,
            300,
            ["title", "location", "dates", "responses"],
        ),
        (
            "ISA-DEMO-005",
            "Health partnership: depersonalised data",
            ["Herefordshire and Worcestershire Integrated Care Board"],
            "cda_s17a",
            150,
            400,
            ["area", "dates", "crime_counts"],
        ),
        (
            "ISA-DEMO-006",
            "Domestic abuse support referrals",
            ["Haven Women's Aid (fictional charity)"],
            "consent",
            90,
            270,
            ["title", "summary", "responses", "victim_details"],
        ),
    ]
    made = []
    for ref, title, parties, basis, started, review_in, items in spec:
        a = SharingAgreement.objects.create(
            reference=ref,
            title=title,
            purpose=f"{title}: to share what partners need to analyse local problems, agree responses "
            f"and assess them. {NOTE}",
            legal_basis=basis,
            data_items=items,
            retention="12 months after the plan or case closes, then deleted",
            status="signed",
            start_date=today - dt.timedelta(days=started),
            review_date=today + dt.timedelta(days=review_in),
            signed_copy_location="Information management unit, records store (demo)",
        )
        a.parties.set([agencies[p] for p in parties])
        made.append(a)
    draft = SharingAgreement.objects.create(
        reference="ISA-DEMO-007",
        title="Schools and police: safer routes to school (draft)",
        purpose=f"Draft. {NOTE}",
        legal_basis="public_task",
        data_items=["area", "location", "dates"],
        retention="Until the end of the school year",
        start_date=today + dt.timedelta(days=30),
        review_date=today + dt.timedelta(days=395),
    )
    draft.parties.set([agencies["St Wulstan's Academy (fictional school)"]])
    # Herefordshire's was reviewed on time last year; the fire one a week late.
    AgreementReview.objects.create(
        agreement=made[1],
        reviewed_on=today - dt.timedelta(days=150),
        was_due=today - dt.timedelta(days=140),
        next_review_date=made[1].review_date,
        notes="No changes.",
    )
    AgreementReview.objects.create(
        agreement=made[3],
        reviewed_on=today - dt.timedelta(days=60),
        was_due=today - dt.timedelta(days=67),
        next_review_date=made[3].review_date,
        notes="Added responses.",
    )
    return made


def _partner_account(agencies: dict[str, Agency]) -> str:
    """Link the demo partner account (made from demo/data/accounts.yaml, if present) to the council,
    with no neighbourhood scope: it sees only what the council's agreements share."""
    user = User.objects.filter(username=PARTNER_USERNAME).first()
    if user is None:
        return ""
    StaffProfile.objects.filter(user=user).update(scope_level=ScopeLevel.NEIGHBOURHOODS)
    if hasattr(user, "staff"):
        user.staff.neighbourhoods.clear()
        user.staff.areas.clear()
    PartnerAccount.objects.update_or_create(
        user=user, defaults={"agency": agencies[PARTNER_AGENCY], "job_title": "Community safety officer"}
    )
    return f", account {PARTNER_USERNAME} at {PARTNER_AGENCY}"


def _forums(
    today: dt.date, areas: dict[str, PolicingArea], agencies: dict[str, Agency], rng: np.random.Generator
) -> int:
    hw_members = [a for a in agencies.values() if a.areas.filter(pk=areas[HW].pk).exists()]
    st_members = [a for a in agencies.values() if a.areas.filter(pk=areas[ST].pk).exists()]
    spec: list[tuple[str, str, PolicingArea | None, list[Agency], int]] = [
        (
            "Safer Worcestershire Community Safety Partnership (demo)",
            ForumKind.CSP,
            areas[HW],
            hw_members,
            91,
        ),
        (
            "Safer Shropshire and Telford Community Safety Partnership (demo)",
            ForumKind.CSP,
            areas[ST],
            st_members,
            91,
        ),
        (
            "Herefordshire & Worcestershire multi-agency tasking (demo)",
            ForumKind.TASKING,
            areas[HW],
            hw_members,
            30,
        ),
        ("Shropshire & Telford multi-agency tasking (demo)", ForumKind.TASKING, areas[ST], st_members, 30),
        (
            "West Mercia Serious Organised Crime Joint Agency Group (demo)",
            ForumKind.SOC_JAG,
            None,
            list(agencies.values())[:5],
            61,
        ),
    ]
    meetings = 0
    actions = [
        "Joint patrol of the underpass at dusk",
        "Check the CCTV coverage of the car park",
        "Letter drop to residents about bike thefts",
        "Clear the overgrown footpath",
        "Visit the shop owners about knife sales",
    ]
    for name, kind, area, members, every in spec:
        forum = Forum.objects.create(name=name, kind=kind, area=area)
        forum.members.set(members)
        held = today - dt.timedelta(days=int(rng.integers(1, 10)))
        while held > today - dt.timedelta(days=365):
            meeting = ForumMeeting.objects.create(
                forum=forum, held_on=held, venue="Online" if rng.random() < 0.4 else "Council offices"
            )
            meetings += 1
            MeetingAttendance.objects.create(
                meeting=meeting,
                agency=None,
                representative="Inspector (demo)",
                status=Attendance.PRESENT if rng.random() < 0.88 else Attendance.APOLOGIES,
            )
            for member in members:
                status = Attendance.PRESENT if rng.random() < 0.75 else Attendance.APOLOGIES
                MeetingAttendance.objects.create(meeting=meeting, agency=member, status=status)
            for _ in range(int(rng.integers(1, 3))):
                owner = members[int(rng.integers(0, len(members)))] if rng.random() < 0.6 else None
                due = held + dt.timedelta(days=28)
                done = due < today and rng.random() < 0.8
                ForumAction.objects.create(
                    meeting=meeting,
                    description=actions[int(rng.integers(0, len(actions)))],
                    owner_agency=owner,
                    due_on=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    completed_on=due - dt.timedelta(days=3) if done else None,
                )
            held -= dt.timedelta(days=every)
    return meetings


def _case_reviews(today: dt.date, areas: dict[str, PolicingArea], agencies: dict[str, Agency]) -> int:
    CaseReviewSettings.objects.update_or_create(area=areas[HW], defaults={"threshold": 3})
    CaseReviewSettings.objects.update_or_create(
        area=areas[ST],
        defaults={
            "threshold": 3,
            "acknowledge_working_days": 2,
            "decide_working_days": 10,
            "review_days": 28,
        },
    )
    hoods = {n.code: n for n in Neighbourhood.objects.filter(code__in=["SW01", "SW03", "HE01", "SH01"])}
    if not hoods:
        return 0
    now = timezone.now()
    council = agencies["Worcester City Council"]
    # (neighbourhood, days ago, reports, stage and outcome)
    spec: list[tuple[str, int, int, str]] = [
        ("SW01", 1, 3, "received"),
        ("SW03", 5, 2, "acknowledged"),
        ("HE01", 9, 4, "met"),
        ("SW01", 40, 3, "reviewed"),
        ("SH01", 70, 1, "not_met"),
        ("SW03", 120, 2, "not_met_appealed"),
        ("HE01", 200, 5, "reviewed"),
        ("SW01", 300, 3, "reviewed_norec"),
        ("SH01", 420, 3, "reviewed"),
        ("SW03", 500, 1, "not_met"),
    ]
    made = 0
    for n, (code, days, reports, outcome) in enumerate(spec, start=1):
        hood = hoods.get(code)
        if hood is None:
            continue
        area = hood.current_area() or (areas[HW] if code != "SH01" else areas[ST])
        received = now - dt.timedelta(days=days)
        values: dict[str, Any] = {"stage": "received"}
        if outcome != "received":
            values.update(stage="acknowledged", acknowledged_at=received + dt.timedelta(days=1))
        if outcome.startswith(("met", "reviewed", "not_met")):
            met = not outcome.startswith("not_met")
            values.update(
                stage="met" if met else "not_met",
                decided_at=received + dt.timedelta(days=8),
                threshold_met=met,
                decision_reason="Three or more qualifying reports in six months."
                if met
                else "One report, dealt with promptly; no further incidents since.",
            )
        if outcome.startswith("reviewed"):
            values.update(
                stage="reviewed",
                review_held_on=timezone.localdate(received) + dt.timedelta(days=8 + 18),
                review_summary="Partners met with the applicant and agreed a joint action plan.",
            )
        if outcome == "not_met_appealed":
            values.update(
                stage="closed",
                appeal_requested_at=received + dt.timedelta(days=15),
                appeal_decided_at=received + dt.timedelta(days=30),
                appeal_upheld=False,
                appeal_reason="The decision took account of every report.",
            )
        application = CaseReviewApplication.objects.create(
            reference=f"CR-DEMO{n:02d}",
            area=area,
            neighbourhood=hood,
            received_at=received,
            applicant_name=f"Demo Applicant {n}",
            applicant_email=f"applicant{n}@example.org",
            applicant_postcode="WR1 2AA",
            applying_for="someone_else" if n % 4 == 0 else "self",
            victim_name=f"Demo Resident {n}" if n % 4 == 0 else "",
            relationship="Son" if n % 4 == 0 else "",
            consent_confirmed=n % 4 == 0,
            behaviour="Groups gathering late at night, shouting and throwing stones at windows (fictional).",
            location="Demo Street",
            **values,
        )
        for r in range(reports):
            CaseReviewComplaint.objects.create(
                application=application,
                reported_on=timezone.localdate(received) - dt.timedelta(days=10 + 25 * r),
                reported_to=["police", "council", "housing"][r % 3],
                their_reference=f"DEMO-{n}{r}",
            )
        if outcome == "reviewed":
            CaseReviewRecommendation.objects.create(
                application=application, text="Install a camera on the alleyway", agency=council
            )
            CaseReviewRecommendation.objects.create(
                application=application, text="Weekly visible patrols for eight weeks"
            )
        made += 1
    return made


def load_demo_partners() -> str:
    today = timezone.localdate()
    rng = np.random.default_rng(SEED)
    areas = {a.slug: a for a in PolicingArea.objects.filter(slug__in=[HW, ST])}
    if len(areas) < 2:
        return "no current policing areas: skipped"
    with transaction.atomic():
        _clear()
        agencies = _agencies(areas)
        _sites(areas, agencies)
        agreements = _agreements(today, agencies)
        account = _partner_account(agencies)
        meetings = _forums(today, areas, agencies, rng)
        reviews = _case_reviews(today, areas, agencies)
    return (
        f"{len(agencies)} agencies, {len(agreements) + 1} agreements "
        f"(ISA-DEMO-001 lapses in 12 days){account}, "
        f"{meetings} forum meetings, {reviews} ASB Case Reviews"
    )
