from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from safer.accounts.models import Role
from safer.crime.importers import import_path
from safer.crime.incidents import IncidentRow, save_incidents
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_area, create_neighbourhood, create_staff, sign_in

DATA = Path(__file__).resolve().parent.parent / "data"
WORCESTER = (-2.26, 52.17, -2.19, 52.21)
MALVERN = (-2.36, 52.08, -2.29, 52.15)


@pytest.fixture
def places(db: None) -> tuple[Neighbourhood, Neighbourhood]:
    area = create_area(name="South Worcestershire")
    worcester = create_neighbourhood(box=WORCESTER, area=area, name="Worcester Central", population=20000)
    malvern = create_neighbourhood(box=MALVERN, area=area, name="Malvern", population=30000)
    import_path(DATA / "2019-01-west-mercia-street.csv")
    return worcester, malvern


def incidents(days_ago: list[float], victim: str = "V1", category: str = "burglary-residential") -> None:
    now = timezone.now()
    save_incidents(
        [
            IncidentRow(
                f"R{victim}{k}",
                now - dt.timedelta(days=d),
                category,
                52.19 + k * 0.0005,
                -2.22,
                None,
                None,
                victim_ref=victim,
                offender_refs=f"O{victim}",
            )
            for k, d in enumerate(days_ago)
        ],
        "test",
    )


def test_the_analysis_pages_answer_staff_in_scope_and_no_one_else(client: Client, places: tuple) -> None:
    worcester, malvern = places
    pages = [
        "/crime/",
        "/crime/repeat-locations/",
        "/crime/hot-spots/",
        "/crime/near-repeat/",
    ]
    assert client.get("/crime/").status_code == 302
    sign_in(client, create_staff(Role.PARTNER, neighbourhoods=[worcester]))
    assert all(client.get(p).status_code == 403 for p in pages)
    sign_in(client, create_staff(Role.PCSO, neighbourhoods=[worcester]))
    for page in pages:
        assert client.get(page).status_code == 200, page
    overview = client.get("/crime/").content.decode()
    assert "Worcester Central" in overview and "Malvern" not in overview
    assert client.get("/crime/imports/").status_code == 403
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    overview = client.get("/crime/").content.decode()
    assert "Worcester Central" in overview and "Malvern" in overview and "2019-01" in overview
    assert "2019-01-west-mercia-street.csv" in client.get("/crime/imports/").content.decode()


def test_the_analysis_pages_show_counts_concentration_and_hot_spots(client: Client, places: tuple) -> None:
    worcester, _ = places
    import_path(DATA / "2019-02-west-mercia-street.csv")
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    page = client.get(f"/crime/repeat-locations/?neighbourhood={worcester.pk}&months=3").content.decode()
    assert "Generalised Gini" in page and "On or near" in page and "<svg" in page
    for method in ("gistar", "kde", "counts"):
        page = client.get(
            f"/crime/hot-spots/?neighbourhood={worcester.pk}&method={method}&cell=250&bandwidth=400&start=2019-01"
            "&end=2019-01&test_start=2019-02&test_end=2019-02&coverage=10"
        ).content.decode()
        assert "PAI" in page and "<svg" in page and "Top cells" in page, method
    bad = client.get(
        "/crime/hot-spots/?start=2019-02&end=2019-01&test_start=2019-02&test_end=2019-02&method=counts"
        "&cell=250&bandwidth=400&coverage=5"
    )
    assert "There is a problem" in bad.content.decode()


def test_the_near_repeat_page_runs_the_knox_test_on_incidents_in_scope(client: Client, places: tuple) -> None:
    incidents([1, 2, 3, 20, 40, 41, 90], victim="V1")
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    start = (timezone.localdate() - dt.timedelta(days=365)).isoformat()
    end = timezone.localdate().isoformat()
    page = client.get(
        f"/crime/near-repeat/?category=burglary*&start={start}&end={end}&spatial=0,1,100,200&temporal=0,7,14"
        "&metric=manhattan&permutations=19&seed=3"
    ).content.decode()
    assert "7 incidents, 21 pairs" in page
    assert "[0, 7) days" in page and "[200, ∞) m" in page and "p-value (19 permutations, seed 3)" in page
    bad = client.get(
        f"/crime/near-repeat/?category=burglary*&start={start}&end={end}&spatial=5,10&temporal=0,7"
        "&metric=manhattan&permutations=19&seed=3"
    ).content.decode()
    assert "starting at 0" in bad


def test_top10_concentration_metric_uses_the_latest_published_months(places: tuple) -> None:
    worcester, malvern = places
    metric = get_metric("crime.top10_concentration")
    assert metric is not None
    m = metric.compute(
        Neighbourhood.objects.filter(pk=worcester.pk), Period(dt.date(2019, 1, 1), dt.date(2019, 2, 28))
    )
    assert m.value is not None and 20 < m.value < 100
    assert m.note == "Crime data for 1 of the period's 2 months: January 2019 (1 month of data)."
    later = metric.compute(Neighbourhood.objects.all(), Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    assert later.value is not None and "latest 12 months" in later.note
