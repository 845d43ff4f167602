"""Every setting is defined once, with its default, in safer/settings.py and read as `settings.NAME`:
no `getattr(settings, "NAME", default)` copies whose defaults drift from the real one, and no
`settings.NAME` that settings.py (or Django's own defaults) forgot to define."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

import safer

ROOT = Path(safer.__file__).resolve().parent


def _sources() -> list[Path]:
    return [
        p
        for p in sorted(ROOT.rglob("*.py"))
        if "migrations" not in p.parts
        and "tests" not in p.parts
        and p.name not in {"settings.py", "conftest.py"}
    ]


def _reads(tree: ast.AST) -> tuple[list[int], set[str]]:
    """Lines of getattr(settings, ...) calls, and every NAME read as settings.NAME."""
    getattr_lines: list[int] = []
    names: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            getattr_lines.append(node.lineno)
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            names.add(node.attr)
    return getattr_lines, names


def test_no_module_reads_a_setting_with_its_own_default() -> None:
    found = []
    for path in _sources():
        lines, _ = _reads(ast.parse(path.read_text()))
        found += [f"safer/{path.relative_to(ROOT)}:{line}" for line in lines]
    assert found == []


def test_every_setting_read_is_defined() -> None:
    missing = set()
    for path in _sources():
        _, names = _reads(ast.parse(path.read_text()))
        missing |= {name for name in names if not hasattr(settings, name)}
    assert missing == set()


def test_the_check_finds_a_getattr_copy() -> None:
    lines, names = _reads(ast.parse('x = getattr(settings, "FOO", 3)\ny = settings.BAR\n'))
    assert lines == [1] and names == {"BAR"}
