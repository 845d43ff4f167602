from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safer.contact.emergency import EMERGENCY_PHRASES, emergency_phrases_in, looks_like_emergency


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Someone has a KNIFE outside the shop", ["knife"]),
        ("There's a fire in the bin store, and a threat was made", ["fire", "threat"]),
        ("It is happening   now at the park", ["happening now"]),
        ("He was Bleeding.", ["bleeding"]),
        ("Fire! Fire!", ["fire"]),
    ],
)
def test_it_finds_listed_phrases_whatever_their_case(text, expected):
    assert emergency_phrases_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fireworks kept us awake again last night",
        "The campfire smoke on the common",
        "Please can the gunnery range notice be updated",
        "Overgrown hedges are blocking the footpath",
        "",
    ],
)
def test_it_ignores_words_that_only_contain_a_listed_word(text):
    assert not looks_like_emergency(text)
    assert emergency_phrases_in(text) == []


@given(st.sampled_from(EMERGENCY_PHRASES), st.text(alphabet=" .,!?\n", max_size=5))
def test_it_matches_every_listed_phrase_on_its_own(phrase, punctuation):
    assert looks_like_emergency(f"{punctuation}{phrase.upper()}{punctuation}")
