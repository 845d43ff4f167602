"""Words that suggest an emergency, so the form can put the 999 advice first.

The list is short and deliberate: each phrase is a reason to call 999 rather than write to a team
that may not read the message for hours. Matching is case-insensitive on word boundaries, so
"fire" matches "Fire!" but not "firework" or "campfire"; "attack" also matches "attacked" and
"attacking" through the listed forms. A match never blocks the message: the resident is shown the
999 advice and asked to confirm it is not an emergency before anything is sent.
"""

from __future__ import annotations

import re

EMERGENCY_PHRASES: tuple[str, ...] = (
    "knife",
    "knives",
    "stabbed",
    "stabbing",
    "gun",
    "guns",
    "firearm",
    "shooting",
    "attack",
    "attacked",
    "attacking",
    "assaulted",
    "happening now",
    "bleeding",
    "fire",
    "threat",
    "threatened",
    "threatening",
    "suicide",
    "kill myself",
    "kill me",
    "in danger",
)

_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in EMERGENCY_PHRASES) + r")\b",
    re.IGNORECASE,
)


def emergency_phrases_in(text: str) -> list[str]:
    """The listed phrases the text contains, lower-cased, in the order they first appear."""
    found: list[str] = []
    for match in _PATTERN.finditer(text or ""):
        phrase = " ".join(match.group(0).lower().split())
        if phrase not in found:
            found.append(phrase)
    return found


def looks_like_emergency(text: str) -> bool:
    return _PATTERN.search(text or "") is not None
