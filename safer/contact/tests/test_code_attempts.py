"""Defect 16: the texted code's attempt limit holds when guesses arrive in parallel.

The race was between reading the count and writing it back: each guess read "4 tries so far", so
all of them were compared. The first test recreates that window exactly (every guess holds a copy of
the message read before any guess counted); the second runs real threads on the configured database
(PostgreSQL when DATABASE_URL names one, as in production; SQLite otherwise)."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import OperationalError, connection

from safer.contact import actions
from safer.contact import codes as contact_codes
from safer.contact.models import ContactMessage, Status
from safer.testing import create_contact_message

# SQLite's shared-cache test database answers "table is locked" at once rather than waiting; with
# 40 threads retrying, writers can starve behind readers, so fewer threads race there.
GUESSES = 40 if connection.vendor == "postgresql" else 12
DEADLINE_SECONDS = 60


@pytest.mark.django_db
def test_guesses_that_read_the_count_before_any_was_counted_are_checked_at_most_five_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = create_contact_message(confirmed=False, channel="sms")
    code = contact_codes.new_code(message)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    stale_copies = [ContactMessage.objects.get(pk=message.pk) for _ in range(40)]
    compared = 0
    real_matches = actions.codes.matches

    def counting_matches(*args: Any, **kwargs: Any) -> bool:
        nonlocal compared
        compared += 1
        return real_matches(*args, **kwargs)

    monkeypatch.setattr(actions.codes, "matches", counting_matches)
    assert not any(actions.check_code(copy, wrong) for copy in stale_copies)
    assert compared == contact_codes.MAX_CODE_ATTEMPTS
    assert ContactMessage.objects.get(pk=message.pk).code_attempts == contact_codes.MAX_CODE_ATTEMPTS


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_guesses_are_checked_at_most_five_times(monkeypatch: pytest.MonkeyPatch) -> None:
    message = create_contact_message(confirmed=False, channel="sms")
    code = contact_codes.new_code(message)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    compared = 0
    lock = threading.Lock()
    real_matches = actions.codes.matches

    def slow_matches(*args: Any, **kwargs: Any) -> bool:
        nonlocal compared
        with lock:
            compared += 1
        time.sleep(0.02)  # widen the window between reading the count and writing it
        return real_matches(*args, **kwargs)

    monkeypatch.setattr(actions.codes, "matches", slow_matches)
    barrier = threading.Barrier(GUESSES)

    def guess() -> bool:
        try:
            barrier.wait()
            deadline = time.monotonic() + DEADLINE_SECONDS
            while True:
                try:
                    return actions.check_code(ContactMessage.objects.get(pk=message.pk), wrong)
                except OperationalError as error:
                    # SQLite's shared-cache test database answers "table is locked" at once where a
                    # file database (or PostgreSQL) would wait: try again, as a busy timeout would.
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                    time.sleep(random.uniform(0.001, 0.02))  # noqa: S311 - back-off jitter, not a secret
        finally:
            connection.close()

    with ThreadPoolExecutor(GUESSES) as pool:
        results = list(pool.map(lambda _: guess(), range(GUESSES)))
    assert not any(results)
    assert compared <= contact_codes.MAX_CODE_ATTEMPTS
    assert ContactMessage.objects.get(pk=message.pk).code_attempts == contact_codes.MAX_CODE_ATTEMPTS
    # The code is used up: even the right one no longer confirms.
    monkeypatch.setattr(actions.codes, "matches", real_matches)
    assert not actions.check_code(ContactMessage.objects.get(pk=message.pk), code)
    assert ContactMessage.objects.get(pk=message.pk).status == Status.UNCONFIRMED


@pytest.mark.django_db
def test_the_right_code_on_the_fifth_try_still_confirms() -> None:
    message = create_contact_message(confirmed=False, channel="sms")
    code = contact_codes.new_code(message)
    for _ in range(contact_codes.MAX_CODE_ATTEMPTS - 1):
        assert not actions.check_code(message, "000000" if code != "000000" else "111111")
    assert actions.check_code(message, code)
    assert ContactMessage.objects.get(pk=message.pk).status == Status.OPEN
