"""Partners see only plans shared with their agency, under an agreement in force, only the data
items it lists; they can update their own responses; every read is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safer.accounts.models import AuditEvent, Role
from safer.partners.sharing import READ_ACTION
from safer.partners.tests.factories import create_agency, create_agreement, create_partner
from safer.problems import plans, sharing
from safer.problems.models import Plan
from safer.problems.tests.factories import crimes, new_plan, place
from safer.testing import create_neighbourhood, create_staff, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared() -> dict:
    nb = create_neighbourhood()
    pc = create_staff(Role.PC, neighbourhoods=[nb])
    council, housing = create_agency(name="Wychavon District Council"), create_agency(name="Housing Trust")
    create_agreement(council, data_items=["title", "area", "dates", "responses"])
    create_agreement(housing, data_items=["title"])
    crimes(place(nb, 10, 0), "2024-02", 3)
    plan = new_plan(pc, nb, title="Fly-tipping behind the shops")
    other = new_plan(pc, nb, title="Another plan, not shared")
    sharing.share(pc, plan, council)
    response = plans.add_response(
        pc,
        plan,
        {
            "kind": "situational",
            "description": "Clear the alley",
            "owner_kind": "partner",
            "owner_agency": council,
            "due": timezone.localdate(),
        },
    )
    return {
        "nb": nb,
        "pc": pc,
        "council": council,
        "housing": housing,
        "plan": plan,
        "other": other,
        "response": response,
    }


def test_a_partner_sees_only_the_plans_shared_with_their_agency_and_only_the_listed_items(
    shared: dict,
) -> None:
    partner = create_partner(shared["council"])
    client = sign_in(Client(), partner)
    listing = client.get(reverse("problems:partner-plans"))
    assert [r["plan"] for r in listing.context["rows"]] == [shared["plan"]]
    page = client.get(reverse("problems:partner-plan", args=[shared["plan"].pk]))
    assert page.status_code == 200
    assert set(page.context["v"]) == {"title", "area", "dates", "responses"}
    assert "Five" not in page.content.decode() and "Objective" not in page.content.decode()
    assert client.get(reverse("problems:partner-plan", args=[shared["other"].pk])).status_code == 404
    reads = AuditEvent.objects.filter(action=READ_ACTION, object_id=str(shared["plan"].pk))
    assert reads.count() == 2 and {e.actor for e in reads} == {partner}


def test_a_partner_of_another_agency_sees_nothing(shared: dict) -> None:
    client = sign_in(Client(), create_partner(shared["housing"]))
    assert client.get(reverse("problems:partner-plans")).context["rows"] == []
    assert client.get(reverse("problems:partner-plan", args=[shared["plan"].pk])).status_code == 404
    url = reverse("problems:partner-response", args=[shared["response"].pk])
    assert client.post(url, {"status": "done", "update": "x"}).status_code == 404


def test_a_partner_whose_agreement_has_expired_sees_nothing(shared: dict) -> None:
    client = sign_in(Client(), create_partner(shared["council"]))
    shared["council"].agreements.update(review_date=timezone.localdate() - dt.timedelta(days=1))
    listing = client.get(reverse("problems:partner-plans"))
    assert listing.context["rows"] == [] and not listing.context["sharing"]
    assert "no information-sharing agreement in force" in listing.content.decode()
    assert client.get(reverse("problems:partner-plan", args=[shared["plan"].pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=READ_ACTION).exists()


def test_a_partner_updates_their_own_response_and_staff_see_it(shared: dict) -> None:
    partner = create_partner(shared["council"])
    client = sign_in(Client(), partner)
    url = reverse("problems:partner-response", args=[shared["response"].pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "done", "update": "Alley cleared on Monday"}).status_code == 302
    shared["response"].refresh_from_db()
    assert (shared["response"].status, shared["response"].update) == ("done", "Alley cleared on Monday")
    assert AuditEvent.objects.filter(action="problems.response.updated", actor=partner).exists()


def test_a_plan_cannot_be_shared_with_an_agency_without_an_agreement_in_force(shared: dict) -> None:
    lapsed = create_agency(name="Fire service")
    with pytest.raises(plans.PlanError, match="no information-sharing agreement in force"):
        sharing.share(shared["pc"], shared["plan"], lapsed)
    assert Plan.objects.filter(shares__agency=lapsed).count() == 0


def test_staff_cannot_use_the_partner_pages(shared: dict) -> None:
    client = sign_in(Client(), shared["pc"])
    assert client.get(reverse("problems:partner-plans")).status_code == 403
