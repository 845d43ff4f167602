"""Plans link neighbourhood priorities (engagement's, read through safer.lib.linkables) and start
from a priority or a ranked parish concern, bringing the area, title and link with them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.places.models import Parish
from safer.problems import plans
from safer.problems.models import Plan, PlanLink, Stage
from safer.problems.tests.factories import new_plan
from safer.testing import create_area, create_neighbourhood, create_priority, create_staff, sign_in

pytestmark = pytest.mark.django_db
# No crime months are imported in these tests, so the form has none to offer: give them.
MONTHS = {"first_month": "2024-01", "last_month": "2024-03"}


@pytest.fixture
def team() -> dict:
    area = create_area()
    # Boxes in Herefordshire whatever the factories' counter: a plan's centre must be in Great Britain.
    nb = create_neighbourhood(area=area, box=(-2.72, 52.02, -2.70, 52.04))
    other = create_neighbourhood(area=area, box=(-2.69, 52.02, -2.67, 52.04))
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    return {
        "nb": nb,
        "other": other,
        "pc": pc,
        "sergeant": create_staff(Role.SERGEANT, neighbourhoods=[nb, other]),
        "outsider": create_staff(Role.PC, neighbourhoods=[other]),
        "plan": new_plan(pc, nb),
        "priority": create_priority(nb, issue="Speeding on the Homend"),
    }


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_a_pc_links_an_open_priority_once_and_removes_it(team: dict) -> None:
    plan, priority = team["plan"], team["priority"]
    link = plans.link_priority(team["pc"], plan, str(priority.pk))
    assert (link.kind, link.ref, link.label) == ("priority", str(priority.pk), "Speeding on the Homend")
    assert link.url == reverse("engagement:staff-priority-edit", args=[team["nb"].slug, priority.pk])
    with pytest.raises(plans.PlanError, match="already linked"):
        plans.link_priority(team["pc"], plan, str(priority.pk))
    assert plan.links.filter(kind="priority").count() == 1
    plans.unlink_priority(team["pc"], plan, link.pk)
    assert not plan.links.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"problems.plan.linked", "problems.plan.unlinked"} <= actions


def test_a_priority_the_user_may_not_link_is_refused_and_nothing_changes(team: dict) -> None:
    plan = team["plan"]
    theirs = create_priority(team["other"], issue="Their priority")
    closed = create_priority(team["nb"], issue="Done with", closed_on=timezone.localdate())
    for ref in (str(theirs.pk), str(closed.pk), "999999", "abc", "", "1" * 60):
        with pytest.raises(plans.PlanError, match="open priority of this plan's neighbourhood"):
            plans.link_priority(team["pc"], plan, ref)
    # In the sergeant's scope, but not the plan's neighbourhood.
    with pytest.raises(plans.PlanError):
        plans.link_priority(team["sergeant"], plan, str(theirs.pk))
    # Someone whose scope does not hold the plan cannot touch it at all.
    with pytest.raises(PermissionDenied):
        plans.link_priority(team["outsider"], plan, str(team["priority"].pk))
    assert not PlanLink.objects.exists()


def test_a_closed_plan_cannot_be_linked_or_unlinked(team: dict) -> None:
    plan = team["plan"]
    link = plans.link_priority(team["pc"], plan, str(team["priority"].pk))
    plan.stage = Stage.CLOSED
    plan.save()
    with pytest.raises(plans.PlanError, match="closed plan"):
        plans.link_priority(team["pc"], plan, str(create_priority(team["nb"]).pk))
    with pytest.raises(plans.PlanError, match="closed plan"):
        plans.unlink_priority(team["pc"], plan, link.pk)
    assert list(plan.links.all()) == [link]


def test_removing_a_link_that_is_not_this_plans_priority_is_refused(team: dict) -> None:
    plan = team["plan"]
    hotspot = PlanLink.objects.create(plan=plan, kind="hotspot", label="250 m cell")
    elsewhere = new_plan(team["pc"], team["nb"])
    theirs = plans.link_priority(team["pc"], elsewhere, str(team["priority"].pk))
    for link_id in (hotspot.pk, theirs.pk, None, 999999):
        with pytest.raises(plans.PlanError, match="not linked to this plan"):
            plans.unlink_priority(team["pc"], plan, link_id)
    assert PlanLink.objects.count() == 2


def test_the_plan_page_lists_linked_priorities_and_offers_the_open_ones(team: dict) -> None:
    plan, priority = team["plan"], team["priority"]
    other_open = create_priority(team["nb"], issue="Parking outside the school")
    create_priority(team["other"], issue="Their priority")
    client = sign_in(Client(), team["pc"])
    url = reverse("problems:plan", args=[plan.pk])

    response = client.post(reverse("problems:plan-priority-link", args=[plan.pk]), {"priority": priority.pk})
    assert response.status_code == 302 and _messages(response) == ["Priority linked to the plan."]
    page = client.get(url)
    html = page.content.decode()
    assert "Neighbourhood priorities" in html
    edit_url = reverse("engagement:staff-priority-edit", args=[team["nb"].slug, priority.pk])
    assert f'href="{edit_url}">Speeding on the Homend</a>' in html
    assert [p.ref for p in page.context["priority_choices"]] == [str(other_open.pk)]
    assert "Their priority" not in html

    # Bad ids: a message and the plan again, never a 500.
    bad = client.post(reverse("problems:plan-priority-link", args=[plan.pk]), {"priority": "x" * 500})
    assert bad.status_code == 302 and "open priority" in _messages(bad)[0]
    bad = client.post(reverse("problems:plan-priority-unlink", args=[plan.pk]), {"link": "nope"})
    assert bad.status_code == 302 and "not linked" in _messages(bad)[-1]

    link = plan.links.get()
    response = client.post(reverse("problems:plan-priority-unlink", args=[plan.pk]), {"link": link.pk})
    assert response.status_code == 302 and not plan.links.exists()


def test_a_plan_started_from_a_priority_brings_its_area_title_and_link(team: dict) -> None:
    priority, nb = team["priority"], team["nb"]
    client = sign_in(Client(), team["pc"])
    query = f"?source=priority&priority={priority.pk}"
    page = client.get(reverse("problems:plan-start") + query)
    initial = page.context["form"].initial
    assert page.context["start"].error == ""
    assert initial["neighbourhood"] == nb.pk and initial["radius_m"] == 1000
    assert initial["title"] == "Priority: Speeding on the Homend"
    assert abs(initial["easting"] - 380_000) < 60_000  # the neighbourhood's centre, in Worcestershire
    data = {**initial, "objective": "Slow the traffic", "category": "", "parish": "", **MONTHS}
    response = client.post(reverse("problems:plan-start") + query, data)
    assert response.status_code == 302
    plan = Plan.objects.exclude(pk=team["plan"].pk).get()
    assert plan.source == "priority" and plan.source_detail == {"priority": str(priority.pk)}
    link = plan.links.get()
    assert (link.kind, link.ref, link.label) == ("priority", str(priority.pk), "Speeding on the Homend")


def test_starting_from_a_priority_out_of_scope_gives_a_message(team: dict) -> None:
    theirs = create_priority(team["other"])
    client = sign_in(Client(), team["pc"])
    for ref in (str(theirs.pk), "abc", "999999"):
        page = client.get(reverse("problems:plan-start") + f"?source=priority&priority={ref}")
        assert page.status_code == 200 and page.context["start"].error
        assert "neighbourhood" not in page.context["form"].initial


def test_a_plan_started_from_a_ranked_concern_says_where_it_ranked(team: dict) -> None:
    parish = Parish.objects.create(neighbourhood=team["nb"], name="Eastnor")
    client = sign_in(Client(), team["pc"])
    query = f"?source=concern&parish={parish.pk}&concern=Speeding%20and%20road%20safety&rank=1&of=4"
    page = client.get(reverse("problems:plan-start") + query)
    initial = page.context["form"].initial
    assert (initial["parish"], initial["neighbourhood"], initial["radius_m"]) == (
        parish.pk,
        team["nb"].pk,
        1000,
    )
    assert initial["title"] == "Speeding and road safety in Eastnor"
    data = {**initial, "objective": "Slow the traffic", "category": "", **MONTHS}
    assert client.post(reverse("problems:plan-start") + query, data).status_code == 302
    plan = Plan.objects.get(source="concern")
    assert plan.links.get().label == "Speeding and road safety (ranked 1st of 4 in Eastnor)"
    assert plan.source_detail["rank"] == 1 and plan.source_detail["of"] == 4


@pytest.mark.parametrize(
    ("rank", "label"),
    [("2", "ranked 2nd in Eastnor"), ("0", "ranked concern in Eastnor"), ("x", "ranked concern in Eastnor")],
)
def test_a_rank_that_cannot_be_read_is_left_out(team: dict, rank: str, label: str) -> None:
    parish = Parish.objects.create(neighbourhood=team["nb"], name="Eastnor")
    query = f"?source=concern&parish={parish.pk}&concern=Drugs&rank={rank}&of=1"
    page = sign_in(Client(), team["pc"]).get(reverse("problems:plan-start") + query)
    assert page.context["start"].links[0][2] == f"Drugs ({label})"


def test_ordinals() -> None:
    from safer.problems.sources import ordinal

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip


def test_a_linked_priority_counts_towards_priorities_with_a_plan(team: dict) -> None:
    import datetime as dt

    from safer.lib.metrics import Period
    from safer.places.models import Neighbourhood
    from safer.problems.metrics import priorities_with_plan

    create_priority(team["nb"], issue="Not worked on yet")
    plans.link_priority(team["pc"], team["plan"], str(team["priority"].pk))
    today = timezone.localdate()
    measured = priorities_with_plan(
        Neighbourhood.objects.filter(pk=team["nb"].pk), Period(today - dt.timedelta(days=30), today)
    )
    assert (measured.numerator, measured.denominator) == (1, 2)
