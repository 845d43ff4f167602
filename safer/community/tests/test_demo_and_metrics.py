"""The demo step builds a scheme of every type and a Speed Watch group with sessions, readings and
a printed batch, once however often it runs; the scorecard measures agree with counts made
independently here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safer.community.demo import load_demo_community
from safer.community.metrics import (
    csw_letters_on_time,
    csw_repeat_offence_rate,
    new_watch_schemes,
    parishes_with_watch_scheme,
    scheme_members_per_1000,
)
from safer.community.models import Letter, Reading, SchemeType, SpeedWatchSession, WatchScheme
from safer.community.tests.helpers import create_scheme
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood, Parish
from safer.testing import create_force, create_neighbourhood, create_subscriber


@pytest.mark.django_db
def test_the_demo_has_every_scheme_type_and_a_speed_watch_group_and_rebuilds_without_doubling() -> None:
    create_force()
    for n in range(3):
        nb = create_neighbourhood(centre_lat=52.19 + n / 100, centre_lng=-2.22)
        Parish.objects.create(neighbourhood=nb, name=f"Parish {n}")
    create_subscriber([nb], email="ali@demo.example")
    summary = load_demo_community()
    assert set(WatchScheme.objects.values_list("type", flat=True)) == set(SchemeType.values)
    assert all(name.endswith("(demo)") for name in WatchScheme.objects.values_list("name", flat=True))
    assert SpeedWatchSession.objects.count() == 4 and Reading.objects.count() == 48
    printed = Letter.objects.filter(batch__isnull=False)
    assert printed.exists()
    over = {
        r.pk
        for r in Reading.objects.select_related("session__site")
        if r.speed_mph >= r.session.site.threshold
    }
    assert set(Letter.objects.values_list("reading_id", flat=True)) == over
    first = (WatchScheme.objects.count(), Reading.objects.count(), Letter.objects.count())
    assert load_demo_community() == summary
    assert (WatchScheme.objects.count(), Reading.objects.count(), Letter.objects.count()) == first


@pytest.mark.django_db
def test_the_community_promises_are_registered() -> None:
    import safer.community.metrics  # noqa: F401

    for key in ("community.parishes_with_watch_scheme", "community.new_watch_schemes"):
        assert get_metric(key) is not None


@pytest.mark.django_db
def test_scheme_measures_match_counts_made_here() -> None:
    create_force()
    a = create_neighbourhood(population=2000)
    b = create_neighbourhood(population=3000)
    pa, pb, _pc = (Parish.objects.create(neighbourhood=nb, name=f"P{i}") for i, nb in enumerate((a, b, b)))
    today = timezone.localdate()
    create_scheme(a, parish=pa, started_on=today - dt.timedelta(days=30))
    old = create_scheme(b, parish=pb, started_on=today - dt.timedelta(days=800))
    create_scheme(
        b, status="closed", closed_on=today - dt.timedelta(days=5), started_on=today - dt.timedelta(days=500)
    )
    member = create_subscriber([b])
    old.group.members.add(member)
    everywhere = Neighbourhood.objects.all()
    year = Period(today - dt.timedelta(days=364), today)
    assert parishes_with_watch_scheme(everywhere, year).value == pytest.approx(100 * 2 / 3)
    assert new_watch_schemes(everywhere, year).value == 1
    assert scheme_members_per_1000(everywhere, year).value == pytest.approx(1000 * 1 / 5000)
    assert csw_repeat_offence_rate(everywhere, year).value is None  # no letters: nothing to measure
    assert csw_letters_on_time(everywhere, year).value is None


@pytest.mark.django_db
def test_speed_watch_measures_match_the_demo_letters() -> None:
    create_force()
    create_neighbourhood(centre_lat=52.19, centre_lng=-2.22)
    load_demo_community()
    today = timezone.localdate()
    period = Period(today - dt.timedelta(days=90), today)
    letters = list(Letter.objects.select_related("batch", "reading__session"))
    repeat = sum(1 for letter in letters if letter.level >= 2)
    assert csw_repeat_offence_rate(Neighbourhood.objects.all(), period).value == pytest.approx(
        100 * repeat / len(letters)
    )
    judged = [letter for letter in letters if letter.status != "no-keeper"]
    on_time = sum(
        1
        for letter in judged
        if letter.batch and (letter.batch.created_at.date() - letter.reading.session.date).days <= 15
    )
    assert csw_letters_on_time(Neighbourhood.objects.all(), period).value == pytest.approx(
        100 * on_time / len(judged)
    )
