"""Every role set lives in accounts/scopes.py: no other app names roles to decide who may do what.

Test code, the demo data builders and the test factories name roles to create accounts; that is
data, not a rule, so they are left out."""

from __future__ import annotations

import re
from pathlib import Path

SAFER = Path(__file__).resolve().parents[2]
ROLE_NAMED = re.compile(r"\bRole\.[A-Z_]+")


def _rule_code() -> list[Path]:
    return [
        path
        for path in SAFER.rglob("*.py")
        if "tests" not in path.parts
        and path.parts[len(SAFER.parts)] not in {"accounts", "demo"}
        and path.name not in {"testing.py", "conftest.py", "demo.py"}
    ]


def test_no_app_outside_accounts_names_a_role() -> None:
    found = [
        f"{path.relative_to(SAFER)}:{n}: {line.strip()}"
        for path in _rule_code()
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if ROLE_NAMED.search(line)
    ]
    assert not found, "use a role set from accounts/scopes.py instead:\n" + "\n".join(found)


def test_the_check_sees_the_apps() -> None:
    names = {str(p.relative_to(SAFER)) for p in _rule_code()}
    assert {"teams/views.py", "crime/views.py", "alerts/actions/messages.py"} <= names
