from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from safer.lib import phones


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "07700900123", "+44 7700 900123", "+447700900123", "(07700) 900-123", " 07700 900 123 "],
)
def test_every_way_of_writing_a_mobile_is_stored_the_same(typed):
    assert phones.normalise(typed, mobile=True) == "+447700900123"


def test_landlines_are_stored_in_e164():
    assert phones.normalise("01632 960001") == "+441632960001"
    assert phones.normalise("020 7946 0000") == "+442079460000"


def test_blank_is_blank():
    assert phones.normalise("  ") == ""


@pytest.mark.parametrize(
    "typed", ["12345", "not a number", "+33 6 12 34 56 78", "0900 123 4567", "0800 123 4567"]
)
def test_numbers_that_are_not_uk_phones_are_refused(typed):
    with pytest.raises(ValidationError):
        phones.normalise(typed)


def test_a_landline_is_not_a_mobile():
    with pytest.raises(ValidationError) as caught:
        phones.normalise("01632 960001", mobile=True)
    assert "mobile" in caught.value.messages[0]


def test_stored_numbers_show_in_national_format():
    assert phones.national("+447700900123") == "07700 900123"
    assert phones.national("+441632960001") == "01632 960001"
    assert phones.national("07911123456") == "07911 123456"
    assert phones.national("") == ""


def test_tel_links_dial_internationally_and_short_codes_as_they_are():
    assert phones.tel_href("07700 900123") == "tel:+447700900123"
    assert phones.tel_href("+447700900123") == "tel:+447700900123"
    assert phones.tel_href("101") == "tel:101"
    assert phones.tel_href("") == ""
