from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re

import pytest
import shapely
from django.utils import timezone

from safer.demo.builder import build_demo
from safer.demo.datafiles import load_neighbourhoods
from safer.demo.postcodes import POSTCODES_PATH
from safer.places.models import Force, Neighbourhood, Parish, Place, PolicingArea, Postcode
from safer.teams.models import Membership, Person, Rank

pytestmark = pytest.mark.django_db

MOBILE_RE = re.compile(r"^\+447700900\d{3}$")  # Ofcom's drama range, stored in E.164


def snapshot() -> dict[str, object]:
    """Everything that must come out the same on every build, by value (not by database id)."""
    neighbourhoods = [
        (
            n.code,
            n.name,
            n.slug,
            hashlib.sha256(bytes(n.boundary_wkb or b"")).hexdigest(),
            sorted(a.slug for a in n.areas.all()),
            sorted((p.name, p.ons_code) for p in n.parishes.all()),
        )
        for n in Neighbourhood.objects.order_by("code").prefetch_related("areas", "parishes")
    ]
    people = sorted(
        (p.work_email, p.rank, p.collar_number, p.work_mobile, p.biography, p.on_duty, p.details_verified_on)
        for p in Person.objects.filter(is_demo=True)
    )
    memberships = sorted(Membership.objects.values_list("person__work_email", "neighbourhood__code", "role"))
    postcodes = sorted(
        Postcode.objects.values_list("postcode", "latitude", "longitude", "neighbourhood__code")
    )
    places = sorted(Place.objects.values_list("name", "neighbourhood__code"))
    return {
        "neighbourhoods": neighbourhoods,
        "people": people,
        "memberships": memberships,
        "postcodes": postcodes,
        "places": places,
    }


def account_links() -> dict[str, int]:
    """How many demo accounts there are and how often the later steps linked them to their rows."""
    from django.contrib.auth.models import User

    from safer.community.models import SchemeCoordinator, SpeedWatchVolunteer
    from safer.partners.models import PartnerAccount
    from safer.volunteers.models import CadetUnit

    links = {
        "accounts": User.objects.filter(username__startswith="demo-").count(),
        "coordinator": SchemeCoordinator.objects.filter(user__username="demo-coordinator").count(),
        "volunteer": SpeedWatchVolunteer.objects.filter(user__username="demo-volunteer").count(),
        "cadet_leader": CadetUnit.objects.filter(leaders__username="demo-cadet-leader").count(),
        "partner": PartnerAccount.objects.filter(user__username="demo-partner").count(),
        "officers": Person.objects.filter(user__username__in=["demo-pcso", "demo-pc"]).count(),
    }
    assert links["coordinator"] == links["volunteer"] == links["partner"] == 1, links
    assert links["cadet_leader"] >= 1 and links["officers"] == 2, links
    return links


def test_it_builds_both_area_layouts_and_at_least_sixty_neighbourhoods():
    summary = build_demo()
    force = Force.objects.get(slug="west-mercia")
    assert force.telephone == "101" and force.online_reporting_url and len(force.engagement_methods) >= 2
    assert summary.neighbourhoods == Neighbourhood.objects.count() >= 60
    before = {a.name for a in PolicingArea.objects.current(dt.date(2026, 1, 18))}
    after = {a.name for a in PolicingArea.objects.current(dt.date(2026, 1, 19))}
    assert before == {
        "Herefordshire",
        "Shropshire",
        "Telford and Wrekin",
        "North Worcestershire",
        "South Worcestershire",
    }
    assert after == {"Shropshire & Telford", "Herefordshire & Worcestershire"}
    for nb in Neighbourhood.objects.prefetch_related("areas"):
        old = [a for a in nb.areas.all() if a.is_current(dt.date(2026, 1, 18))]
        new = [a for a in nb.areas.all() if a.is_current(dt.date(2026, 1, 19))]
        assert len(old) == 1 and len(new) == 1, nb.name
        assert nb.boundary_is_approximate
        assert "approximate" in nb.description and "fictional" in nb.description
        assert nb.parishes.count() >= 2
    telford = Neighbourhood.objects.get(name="Telford Town Centre")
    current = telford.current_area(dt.date(2026, 2, 1))
    assert current is not None and current.name == "Shropshire & Telford"
    assert Parish.objects.filter(ons_code__regex=r"^E0[45]\d{6}$").count() == Parish.objects.count()


def test_it_gives_every_neighbourhood_an_inspector_a_sergeant_and_a_pc_or_pcso(demo_data):
    for nb in Neighbourhood.objects.all():
        roles = set(Membership.objects.filter(neighbourhood=nb).values_list("role", flat=True))
        assert Rank.INSPECTOR in roles and Rank.SERGEANT in roles, nb.name
        assert roles & {Rank.PC, Rank.PCSO}, nb.name
    inspectors = Person.objects.filter(rank=Rank.INSPECTOR)
    assert all(4 <= i.memberships.count() <= 6 or i.memberships.count() < 4 for i in inspectors)
    assert max(i.memberships.count() for i in inspectors) >= 4
    assert {s.memberships.count() for s in Person.objects.filter(rank=Rank.SERGEANT)} <= {1, 2, 3}


def test_it_makes_plainly_fictional_people_with_unreachable_contact_details(demo_data):
    people = list(Person.objects.all())
    assert people and all(p.is_demo for p in people)
    assert all(p.work_email.endswith("@demo.invalid") for p in people)
    assert len({p.work_email for p in people}) == len(people)
    mobiles = [p.work_mobile for p in people if p.work_mobile]
    assert mobiles and all(MOBILE_RE.match(m) for m in mobiles)
    assert len(set(mobiles)) == len(mobiles)
    stale = [p for p in people if p.details_are_stale()]
    assert 0 < len(stale) < len(people) / 3
    now = timezone.now()
    on_duty = [p for p in people if p.is_on_duty(now)]
    assert on_duty and all(p.duty_until and p.duty_until > now for p in on_duty)
    assert len(on_duty) < len(people)


def test_it_draws_valid_non_overlapping_boundaries_around_each_centre(demo_data):
    neighbourhoods = list(Neighbourhood.objects.order_by("code"))
    boundaries = [shapely.from_wkb(bytes(n.boundary_wkb or b"")) for n in neighbourhoods]
    assert all(b.is_valid and b.geom_type == "Polygon" for b in boundaries)
    for nb, b in zip(neighbourhoods, boundaries, strict=True):
        assert b.contains(shapely.Point(nb.centre_lng, nb.centre_lat)), nb.name
    tree = shapely.STRtree(boundaries)
    left, right = tree.query(boundaries, predicate="intersects")
    overlap = max(
        boundaries[i].intersection(boundaries[j]).area for i, j in zip(left, right, strict=True) if i < j
    )
    assert overlap < 1e-12


def test_it_resolves_every_fixture_postcode_to_the_neighbourhood_it_was_made_for(demo_data):
    rows = {r.code: r for r in load_neighbourhoods()}
    boundaries = {n.code: shapely.from_wkb(bytes(n.boundary_wkb or b"")) for n in Neighbourhood.objects.all()}
    stored = dict(Postcode.objects.values_list("postcode", "neighbourhood__code"))
    per_neighbourhood: dict[str, int] = {}
    with open(POSTCODES_PATH, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert {"pcd", "pcd7", "pcd8", "pcds", "dointr", "doterm", "lat", "long"} <= set(
            reader.fieldnames or []
        )
        for row in reader:
            point = shapely.Point(float(row["long"]), float(row["lat"]))
            made_for = [code for code, b in boundaries.items() if b.contains(point)]
            assert len(made_for) == 1, row["pcds"]
            outward = row["pcds"].split()[0]
            assert outward in rows[made_for[0]].outward_codes, row["pcds"]
            assert stored[row["pcds"].replace(" ", "")] == made_for[0], row["pcds"]
            per_neighbourhood[made_for[0]] = per_neighbourhood.get(made_for[0], 0) + 1
    assert set(per_neighbourhood) == set(rows)
    assert min(per_neighbourhood.values()) >= 2


def test_it_names_every_town_as_a_place_linked_to_its_neighbourhood(demo_data):
    for name, team in [("Worcester", "Worcester City Centre"), ("Malvern", "Malvern"), ("Ludlow", "Ludlow")]:
        neighbourhood = Place.objects.get(name=name).neighbourhood
        assert neighbourhood is not None and neighbourhood.name == team
    assert Place.objects.filter(neighbourhood__isnull=True).count() == 0
    assert Place.objects.count() > Neighbourhood.objects.count()


def test_it_leaves_one_copy_when_run_twice(demo_data):
    first = snapshot()
    ids = sorted(Neighbourhood.objects.values_list("pk", flat=True))
    people = Person.objects.count()
    links = account_links()
    build_demo()
    assert snapshot() == first
    assert account_links() == links
    assert sorted(Neighbourhood.objects.values_list("pk", flat=True)) == ids
    assert Person.objects.count() == people
    assert Force.objects.count() == 1 and PolicingArea.objects.count() == 7
