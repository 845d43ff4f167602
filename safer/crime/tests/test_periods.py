"""Every period is limited to the months actually imported and labelled with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client

from safer.accounts.models import Role
from safer.crime.analysis.counts import last_months, period_label
from safer.crime.importers import import_path
from safer.crime.models import ImportBatch
from safer.lib.metrics import Period, get_metric
from safer.places.models import Neighbourhood
from safer.testing import create_neighbourhood, create_staff, sign_in

DATA = Path(__file__).resolve().parent.parent / "data"


def test_it_labels_a_period_with_its_real_first_and_last_month_and_how_many_have_data() -> None:
    assert period_label(["2019-01", "2019-02"]) == "January to February 2019 (2 months of data)"
    assert period_label(["2019-02"]) == "February 2019 (1 month of data)"
    assert period_label(["2018-11", "2019-01"]) == "November 2018 to January 2019 (2 months of data)"
    assert period_label([]) == ""


@pytest.mark.django_db
def test_the_last_12_months_are_the_imported_months_of_the_12_up_to_the_latest() -> None:
    assert last_months(12) == []
    for month in ("2017-12", "2018-03", "2018-05", "2019-02"):
        ImportBatch.objects.create(kind="street", force="west-mercia", month=month, source="x.csv")
    ImportBatch.objects.create(kind="outcomes", force="west-mercia", month="2019-03", source="y.csv")
    assert last_months(12) == ["2018-03", "2018-05", "2019-02"]
    assert last_months(3) == ["2019-02"]
    assert period_label(last_months(12)) == "March 2018 to February 2019 (3 months of data)"


@pytest.fixture
def two_months(db: None) -> Neighbourhood:
    nb = create_neighbourhood(box=(-2.26, 52.17, -2.19, 52.21), name="Worcester Central")
    import_path(DATA / "2019-01-west-mercia-street.csv")
    import_path(DATA / "2019-02-west-mercia-street.csv")
    return nb


def test_the_back_office_pages_show_only_the_two_imported_months(client: Client, two_months: None) -> None:
    sign_in(client, create_staff(Role.ANALYST, scope_level="force"))
    overview = client.get("/crime/?months=12").content.decode()
    assert "January to February 2019 (2 months of data)" in overview
    assert "the months imported among the latest 12" in overview
    assert "2018-" not in overview  # no column of zeros for months never imported
    month_heading = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">2019-0'
    assert overview.count(month_heading) == 4  # two months, in each of the two tables
    locations = client.get("/crime/repeat-locations/").content.decode()
    assert "January to February 2019 (2 months of data)" in locations and "2018-03" not in locations


def test_the_concentration_measure_names_the_months_it_fell_back_to(two_months: Neighbourhood) -> None:
    metric = get_metric("crime.top10_concentration")
    assert metric is not None
    nbs = Neighbourhood.objects.filter(pk=two_months.pk)
    later = metric.compute(nbs, Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    assert later.note == (
        "No crime published for the period yet; the latest 12 months used: "
        "January to February 2019 (2 months of data)."
    )
    part = metric.compute(nbs, Period(dt.date(2019, 1, 1), dt.date(2019, 3, 31)))
    two = "January to February 2019 (2 months of data)"
    assert part.note == f"Crime data for 2 of the period's 3 months: {two}."
    whole = metric.compute(nbs, Period(dt.date(2019, 1, 1), dt.date(2019, 2, 28)))
    assert whole.note == "" and whole.value is not None
