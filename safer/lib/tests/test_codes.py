from __future__ import annotations

from safer.lib import codes


def test_a_new_code_has_six_digits_and_keeps_leading_zeros(monkeypatch):
    monkeypatch.setattr(codes.secrets, "randbelow", lambda n: 42)
    assert codes.new_code() == "000042"
    assert len(codes.new_code(8)) == 8


def test_codes_vary():
    assert len({codes.new_code() for _ in range(50)}) > 40


def test_a_code_matches_only_what_it_was_made_for():
    stored = codes.code_hash("123456", purpose="test.code", bound_to="7:key")
    assert codes.matches(stored, "123 456", purpose="test.code", bound_to="7:key")
    assert not codes.matches(stored, "123457", purpose="test.code", bound_to="7:key")
    assert not codes.matches(stored, "123456", purpose="test.code", bound_to="8:key")
    assert not codes.matches(stored, "123456", purpose="other.code", bound_to="7:key")


def test_the_stored_hash_is_not_the_code():
    assert "123456" not in codes.code_hash("123456", purpose="test.code", bound_to="7:key")


def test_nothing_matches_an_empty_hash():
    assert not codes.matches("", "", purpose="test.code", bound_to="7:key")
