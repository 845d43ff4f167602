"""Defect 16: the texted code's attempt limit holds when guesses arrive in parallel.

Runs on the configured database with real threads: PostgreSQL when DATABASE_URL names one (as in
production), SQLite otherwise."""

from __future__ import annotations

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

GUESSES = 40


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_guesses_are_checked_at_most_five_times(monkeypatch: pytest.MonkeyPatch) -> None:
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
            while True:
                try:
                    return actions.check_code(ContactMessage.objects.get(pk=message.pk), wrong)
                except OperationalError as error:
                    # SQLite's shared-cache test database answers "table is locked" at once where a
                    # file database (or PostgreSQL) would wait: try again, as a busy timeout would.
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.001)
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
