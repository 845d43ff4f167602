"""Every metric key a charter file names must be registered by the app that owns its data.

A promise whose metric is not registered shows as "not measured yet" on the scorecard, never as met;
but a typo would silently show "not measured yet" too (the 2021 charter once asked for
`alerts.recipients_per_1000` while alerts registers `alerts.registered_per_1000`). So every key in
every charter file must be in the registry: no exceptions are left.
"""

from __future__ import annotations

from safer.charter.loader import CHARTER_DIR, load_charters
from safer.lib.metrics import REGISTRY


def charter_keys() -> dict[str, list[str]]:
    """Every metric key a shipped charter names -> where (charter/promise)."""
    keys: dict[str, list[str]] = {}
    for charter in load_charters([CHARTER_DIR]).values():
        for promise in charter.promises:
            keys.setdefault(promise.metric, []).append(f"{charter.id}/{promise.id}")
    return keys


def unregistered(keys: dict[str, list[str]]) -> list[str]:
    """Keys no app registers."""
    return [f"{key} (in {', '.join(where)})" for key, where in sorted(keys.items()) if key not in REGISTRY]


def test_every_metric_key_in_every_charter_file_is_registered() -> None:
    assert unregistered(charter_keys()) == [], "charter metric keys no app registers (a typo?)"


def test_it_catches_a_typo_whatever_the_app() -> None:
    keys = {
        "alerts.recipients_per_1000": ["west-mercia-2021/a19"],
        "no_such_app.anything": ["x/y"],
        "problems.anything": ["x/z"],
    }
    assert unregistered(keys) == [
        "alerts.recipients_per_1000 (in west-mercia-2021/a19)",
        "no_such_app.anything (in x/y)",
        "problems.anything (in x/z)",
    ]


def test_every_registered_metric_says_how_it_is_computed() -> None:
    missing = sorted(key for key, m in REGISTRY.items() if not m.method.strip())
    assert missing == [], "give these a docstring or method= so the scorecard can link to it"
