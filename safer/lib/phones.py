"""UK phone numbers: one validator, stored in E.164 (+447700900123), shown in national format
(07700 900123), dialled from a tel: link in E.164.

Numbers need to be possible (the right length for their range) rather than allocated, so Ofcom's
drama numbers (07700 900xxx, 01632 960xxx) work in tests and the demo.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError

INVALID = "Enter a UK phone number, like 07700 900982 or 01632 960001"
NOT_MOBILE = "Enter a UK mobile number, like 07700 900982"
# Geographic (01, 02), non-geographic (03) and mobile (07) ranges: no premium, freephone or pagers.
ALLOWED_PREFIXES = ("1", "2", "3", "7")


def normalise(value: str, *, mobile: bool = False) -> str:
    """`value` as typed (spaces, +44, brackets) as E.164, or "" for a blank. Raises ValidationError
    with a message for the person typing it."""
    value = value.strip()
    if not value:
        return ""
    problem = NOT_MOBILE if mobile else INVALID
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(problem, code="invalid")
    # A local-only number (no area code) is possible in libphonenumber's terms but not diallable.
    whole = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
    if number.country_code != 44 or not whole:
        raise ValidationError(problem, code="invalid")
    national_digits = phonenumbers.national_significant_number(number)
    if mobile and not national_digits.startswith("7"):
        raise ValidationError(NOT_MOBILE, code="not-mobile")
    if not national_digits.startswith(ALLOWED_PREFIXES):
        raise ValidationError(problem, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(number: str) -> str:
    """A stored number as people in the UK write it ("07700 900123"); what was given if it does not
    parse (so a legacy value still shows)."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def tel_href(number: str) -> str:
    """A tel: link target in international form, so it dials from any phone; short codes (999, 101,
    111) dial as they are."""
    if not number:
        return ""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    if len(digits) <= 6:
        return "tel:" + digits
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return "tel:" + digits
    if not phonenumbers.is_possible_number(parsed):
        return "tel:" + digits
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
