from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from safer.charter.loader import CharterError, load_charter, load_charters, parse_charter

GOOD: dict[str, Any] = {
    "id": "test-charter",
    "title": "Test charter",
    "force": "west-mercia",
    "published": dt.date(2021, 5, 26),
    "source": "A test",
    "themes": [{"id": "visibility", "title": "Visibility", "summary": "Be seen."}],
    "promises": [
        {
            "id": "named-team",
            "theme": "visibility",
            "text": "We will name every team.",
            "metric": "teams.named_team",
            "target": {"op": ">=", "value": 100, "unit": "%"},
            "period": "day",
            "level": "neighbourhood",
        }
    ],
}


def errors_for(data: dict[str, Any]) -> str:
    with pytest.raises(CharterError) as info:
        parse_charter(data, "test-charter.yaml")
    return str(info.value)


def with_promise(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data["promises"][0].update(changes)
    return data


def test_it_loads_a_good_charter() -> None:
    charter = parse_charter(copy.deepcopy(GOOD), "test-charter.yaml")
    assert charter.id == "test-charter"
    assert charter.published == dt.date(2021, 5, 26)
    promise = charter.promise("named-team")
    assert promise.target.op == ">=" and promise.target.value == 100.0
    assert promise.applies_at("force") and promise.applies_at("neighbourhood")
    assert not promise.applies_at("parish")


def test_it_names_the_file_and_promise_for_an_unknown_key() -> None:
    message = errors_for(with_promise(metirc="teams.named_team"))
    assert "test-charter.yaml: promise 'named-team': unknown key 'metirc'" in message


def test_it_names_a_missing_field() -> None:
    data = copy.deepcopy(GOOD)
    del data["promises"][0]["target"]
    assert "promise 'named-team': missing field 'target'" in errors_for(data)


def test_it_refuses_a_bad_period() -> None:
    message = errors_for(with_promise(period="fortnightly"))
    assert "promise 'named-team': bad period 'fortnightly'" in message


def test_it_refuses_a_bad_level() -> None:
    message = errors_for(with_promise(level="county"))
    assert "promise 'named-team': bad level 'county'" in message


def test_it_refuses_duplicate_promise_ids() -> None:
    data = copy.deepcopy(GOOD)
    data["promises"].append(copy.deepcopy(data["promises"][0]))
    assert "promise 'named-team': duplicate promise id 'named-team'" in errors_for(data)


def test_it_refuses_a_bad_target() -> None:
    message = errors_for(with_promise(target={"op": "=>", "value": "ninety", "unit": "%"}))
    assert "promise 'named-team': target: bad op '=>'" in message
    assert "promise 'named-team': target: value must be a number" in message


def test_it_refuses_an_unknown_theme_and_a_bad_metric_key() -> None:
    message = errors_for(with_promise(theme="speed", metric="named team"))
    assert "promise 'named-team': unknown theme 'speed'" in message
    assert "promise 'named-team': bad metric key 'named team'" in message


def test_it_lists_every_problem_at_once() -> None:
    message = errors_for(with_promise(period="soon", level="street", extra=1))
    assert len(message.splitlines()) == 3


def test_it_refuses_unknown_charter_keys_and_a_bad_date() -> None:
    data = copy.deepcopy(GOOD)
    data["publisehd"] = data.pop("published")
    message = errors_for(data)
    assert "charter: unknown key 'publisehd'" in message
    assert "charter: missing field 'published'" in message


def test_it_refuses_a_theme_without_promises() -> None:
    data = copy.deepcopy(GOOD)
    data["themes"].append({"id": "prevention", "title": "Prevention", "summary": "Prevent."})
    assert "theme 'prevention': has no promises" in errors_for(data)


def test_it_names_the_file_for_broken_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n")
    with pytest.raises(CharterError, match=r"^broken\.yaml: not valid YAML"):
        load_charter(path)


def test_it_requires_the_id_to_match_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.yaml"
    path.write_text(yaml.safe_dump(GOOD))
    with pytest.raises(CharterError, match="must match the file name 'other-name'"):
        load_charter(path)


def test_it_loads_a_directory_oldest_first(tmp_path: Path) -> None:
    newer = copy.deepcopy(GOOD) | {"id": "newer", "published": dt.date(2025, 1, 1)}
    (tmp_path / "newer.yaml").write_text(yaml.safe_dump(newer))
    (tmp_path / "test-charter.yaml").write_text(yaml.safe_dump(GOOD))
    assert list(load_charters([tmp_path])) == ["test-charter", "newer"]
