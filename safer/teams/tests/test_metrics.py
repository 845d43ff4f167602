"""The teams' charter measures: named teams, verified contact details, contactable officers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.teams.metrics import contactable_officer, details_verified, named_team
from safer.teams.models import Rank
from safer.testing import create_neighbourhood, create_person

pytestmark = pytest.mark.django_db


def today_period() -> Period:
    today = timezone.localdate()
    return Period(start=today - dt.timedelta(days=89), end=today)


def full_team(nb: Neighbourhood, *, stale: bool = False) -> None:
    create_person(nb, rank=Rank.INSPECTOR)
    create_person(nb, rank=Rank.SERGEANT)
    create_person(nb, rank=Rank.PC)
    verified = timezone.localdate() - dt.timedelta(days=91) if stale else timezone.localdate()
    create_person(nb, rank=Rank.PCSO, details_verified_on=verified)


def test_it_registers_the_teams_metrics() -> None:
    assert get_metric("teams.named_team") is not None
    assert get_metric("teams.details_verified") is not None
    assert get_metric("teams.contactable_officer") is not None


def test_it_counts_a_neighbourhood_without_a_sergeant_as_not_named() -> None:
    complete, no_sergeant, empty = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    full_team(complete)
    create_person(no_sergeant, rank=Rank.INSPECTOR)
    create_person(no_sergeant, rank=Rank.PCSO)
    everyone = Neighbourhood.objects.filter(pk__in=[complete.pk, no_sergeant.pk, empty.pk])

    result = named_team(everyone, today_period())

    assert (result.numerator, result.denominator) == (1, 3)
    assert result.value == pytest.approx(100 / 3)
    assert named_team(Neighbourhood.objects.filter(pk=no_sergeant.pk), today_period()).value == 0.0


def test_it_needs_a_pc_or_pcso_as_well_as_the_supervisors() -> None:
    nb = create_neighbourhood()
    create_person(nb, rank=Rank.INSPECTOR)
    create_person(nb, rank=Rank.SERGEANT)
    create_person(nb, rank=Rank.SPECIAL)
    assert named_team(Neighbourhood.objects.filter(pk=nb.pk), today_period()).value == 0.0
    create_person(nb, rank=Rank.PC)
    assert named_team(Neighbourhood.objects.filter(pk=nb.pk), today_period()).value == 100.0


def test_it_counts_a_team_with_one_stale_member_as_not_verified() -> None:
    fresh, stale, empty = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    full_team(fresh)
    full_team(stale, stale=True)
    everyone = Neighbourhood.objects.filter(pk__in=[fresh.pk, stale.pk, empty.pk])

    result = details_verified(everyone, today_period())

    # The empty neighbourhood has no team to verify, so it is not in the denominator.
    assert (result.numerator, result.denominator, result.value) == (1, 2, 50.0)


def test_it_counts_a_never_verified_member_as_stale() -> None:
    nb = create_neighbourhood()
    create_person(nb, details_verified_on=None)
    create_person(nb)
    assert details_verified(Neighbourhood.objects.filter(pk=nb.pk), today_period()).value == 0.0


def test_it_treats_exactly_90_days_as_still_verified() -> None:
    nb = create_neighbourhood()
    create_person(nb, details_verified_on=timezone.localdate() - dt.timedelta(days=90))
    assert details_verified(Neighbourhood.objects.filter(pk=nb.pk), today_period()).value == 100.0


def test_it_gives_no_data_when_there_are_no_teams() -> None:
    create_neighbourhood()
    result = details_verified(Neighbourhood.objects.all(), today_period())
    assert result.value is None
    assert named_team(Neighbourhood.objects.none(), today_period()).value is None


def test_it_gives_no_data_for_a_period_that_ended_before_today() -> None:
    nb = create_neighbourhood()
    full_team(nb)
    last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    past = Period(start=last_month.replace(day=1), end=last_month)
    for measure in (named_team, details_verified, contactable_officer):
        result = measure(Neighbourhood.objects.all(), past)
        assert result.value is None
        assert "current team" in result.note


def test_it_needs_an_officer_with_an_email_or_mobile_to_be_contactable() -> None:
    pcso_only, no_details, reachable = create_neighbourhood(), create_neighbourhood(), create_neighbourhood()
    create_person(pcso_only, rank=Rank.PCSO)
    create_person(no_details, rank=Rank.PC, work_email="", work_mobile="")
    create_person(reachable, rank=Rank.SERGEANT, work_mobile="")
    result = contactable_officer(Neighbourhood.objects.all(), today_period())
    assert (result.numerator, result.denominator) == (1, 3)


def test_it_measures_many_neighbourhoods_in_one_query_each() -> None:
    for _ in range(12):
        full_team(create_neighbourhood())
    with CaptureQueriesContext(connection) as queries:
        named_team(Neighbourhood.objects.all(), today_period())
        details_verified(Neighbourhood.objects.all(), today_period())
    assert len(queries) == 2
