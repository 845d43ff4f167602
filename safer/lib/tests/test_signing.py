from __future__ import annotations

import time

from safer.lib import signing


def test_a_token_reads_back_for_its_own_purpose():
    token = signing.make_token([7, "key", "x"], "test.manage")
    assert signing.read_token(token, "test.manage", 60) == [7, "key", "x"]


def test_a_token_is_refused_for_another_purpose():
    token = signing.make_token([7, "key"], "test.manage")
    assert signing.read_token(token, "test.unsubscribe", 60) is None


def test_a_changed_token_is_refused():
    token = signing.make_token([7, "key"], "test.manage")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert signing.read_token(tampered, "test.manage", 60) is None
    other = signing.make_token([8, "key"], "test.manage")
    forged = other.split(":")[0] + token[len(token.split(":")[0]) :]
    assert signing.read_token(forged, "test.manage", 60) is None
    assert signing.read_token("not-a-token", "test.manage", 60) is None


def test_an_expired_token_is_refused(monkeypatch):
    token = signing.make_token([7, "key"], "test.manage")
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    assert signing.read_token(token, "test.manage", 60) is None


def test_a_token_made_before_the_lib_still_reads():
    """Links already sent by email keep working: the same salt and format as django.core.signing."""
    from django.core import signing as django_signing

    old = django_signing.dumps([7, "key", ""], salt="alerts.manage", compress=False)
    assert signing.read_token(old, "alerts.manage", 60) == [7, "key", ""]


def test_a_fingerprint_stands_for_an_address_without_showing_it():
    mark = signing.fingerprint("Someone@Example.org", "test.email")
    assert mark == signing.fingerprint("someone@example.org", "test.email")
    assert "someone" not in mark and len(mark) == 20
    assert mark != signing.fingerprint("someone@example.org", "other.email")


def test_links_are_absolute(settings):
    settings.SITE_URL = "https://example.police.uk/"
    assert signing.absolute("/alerts/manage/x/") == "https://example.police.uk/alerts/manage/x/"


def test_new_keys_differ():
    assert signing.new_key() != signing.new_key()
