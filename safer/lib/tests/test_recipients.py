from __future__ import annotations

import pytest
from django.core.cache import cache

from safer.lib import recipients


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_address_gets_at_most_the_daily_number_of_messages():
    assert [recipients.allow("victim@example.org", "test", 3) for _ in range(5)] == [True] * 3 + [False] * 2


def test_every_way_of_writing_an_address_counts_as_one():
    for typed in ("07700 900123", "+447700900123", "07700900123"):
        recipients.allow(typed, "test", 3)
    assert not recipients.allow("+44 7700 900 123", "test", 3)
    for typed in ("Victim@Example.org", " victim@example.org "):
        recipients.allow(typed, "test", 2)
    assert not recipients.allow("VICTIM@example.org", "test", 2)


def test_other_addresses_and_purposes_count_apart():
    for _ in range(3):
        recipients.allow("victim@example.org", "test", 3)
    assert recipients.allow("other@example.org", "test", 3)
    assert recipients.allow("victim@example.org", "other", 3)


def test_the_cache_key_does_not_hold_the_address():
    key = recipients.cache_key("victim@example.org", "test")
    assert "victim" not in key and "example" not in key
    assert "7700900123" not in recipients.cache_key("07700 900123", "test")
