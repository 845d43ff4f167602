"""Issue 14's crime measures: ASB leads per neighbourhood, offenders with a current plan, and a town
centre's own crime series."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.crime.metrics_records import asb_lead_named, repeat_offenders_managed
from safer.crime.records import AsbLead, ManagedOffender, TownCentre
from safer.lib.metrics import Period
from safer.places.models import Neighbourhood
from safer.teams.models import Rank
from safer.testing import create_neighbourhood, create_person

pytestmark = pytest.mark.django_db


def test_asb_lead_is_the_share_of_neighbourhoods_with_a_current_named_lead() -> None:
    a, b = create_neighbourhood(), create_neighbourhood()
    today = timezone.localdate()
    AsbLead.objects.create(neighbourhood=a, person=create_person(a, rank=Rank.SERGEANT), named_on=today)
    AsbLead.objects.create(
        neighbourhood=b,
        person=create_person(b, rank=Rank.PC),
        named_on=dt.date(2025, 1, 1),
        ended_on=dt.date(2025, 6, 1),
    )
    m = asb_lead_named(Neighbourhood.objects.filter(pk__in=[a.pk, b.pk]), Period(today, today))
    assert (m.numerator, m.denominator) == (1, 2)


def test_repeat_offenders_managed_counts_plans_in_force_on_the_day() -> None:
    nb = create_neighbourhood()
    today = timezone.localdate()
    ManagedOffender.objects.create(
        neighbourhood=nb, reference="IOM-1", flagged_on=dt.date(2025, 1, 1), plan_from=dt.date(2025, 2, 1)
    )
    ManagedOffender.objects.create(
        neighbourhood=nb,
        reference="IOM-2",
        flagged_on=dt.date(2025, 1, 1),
        plan_from=dt.date(2025, 2, 1),
        plan_until=dt.date(2025, 8, 1),
    )
    ManagedOffender.objects.create(
        neighbourhood=nb, reference="IOM-3", flagged_on=dt.date(2025, 1, 1), closed_on=dt.date(2025, 3, 1)
    )
    m = repeat_offenders_managed(Neighbourhood.objects.filter(pk=nb.pk), Period(today, today))
    assert (m.numerator, m.denominator) == (1, 2)  # the closed case is no longer counted


def test_a_town_centre_contains_points_within_its_radius() -> None:
    centre = TownCentre(name="Ludlow", slug="ludlow", latitude=52.367, longitude=-2.718, radius_m=400)
    assert centre.contains(52.367, -2.718)
    assert centre.contains(52.369, -2.718)  # about 220 m north
    assert not centre.contains(52.372, -2.718)  # about 560 m north
    lat0, lat1, lng0, lng1 = centre.bounding_box()
    assert lat0 < 52.367 < lat1 and lng0 < -2.718 < lng1
