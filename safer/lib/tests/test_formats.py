"""Times, postcodes and names as the service writes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from safer.lib.formats import govuk_time, person_name, uk_postcode


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (dt.time(7, 16), "7:16am"),
        (dt.time(22, 0), "10pm"),
        (dt.time(10, 0), "10am"),
        (dt.time(12, 0), "midday"),
        (dt.time(0, 0), "midnight"),
        (dt.time(12, 30), "12:30pm"),
        (dt.time(0, 5), "12:05am"),
        (dt.time(23, 59, 59), "11:59pm"),
    ],
)
def test_govuk_time(value: dt.time, written: str) -> None:
    assert govuk_time(value) == written


def test_an_aware_datetime_is_written_in_local_time() -> None:
    summer_utc = dt.datetime(2026, 7, 1, 6, 16, tzinfo=dt.UTC)  # 7:16 in London (BST)
    assert govuk_time(summer_utc) == "7:16am"
    assert govuk_time(None) == ""


@pytest.mark.parametrize(
    ("stored", "written"),
    [("WR12AB", "WR1 2AB"), ("wr1 2ab", "WR1 2AB"), ("B11AA", "B1 1AA"), ("SW1A1AA", "SW1A 1AA"), ("", "")],
)
def test_uk_postcode(stored: str, written: str) -> None:
    assert uk_postcode(stored) == written


def test_person_name_prefers_the_full_name() -> None:
    assert person_name(User(username="pcso-7", first_name="Asha", last_name="Khan")) == "Asha Khan"
    assert person_name(User(username="pcso-7")) == "pcso-7"
    assert person_name(None) == ""


def test_the_filters_work_in_every_template_without_loading() -> None:
    rendered = Template("{{ t|govuk_time }} {{ p|uk_postcode }}").render(
        Context({"t": dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC), "p": "wr12ab"})
    )
    assert rendered == "7pm WR1 2AB"
