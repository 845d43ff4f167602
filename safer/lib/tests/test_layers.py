"""What import-linter cannot check: no module uses another app's private names (`_name`), whether it
imports them (`from safer.teams.views import _person`) or reaches them through a module it imported
(`maps._view(...)`). Private names are an app's own business; what another app needs is made public
(or moved to safer/lib) first. The layers themselves are checked by `lint-imports` (pyproject.toml).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import safer

ROOT = Path(safer.__file__).resolve().parent

# (file, name) pairs known today, each with the change that removes it. The test fails when an entry
# is no longer found, so the list only shrinks.
KNOWN: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class PrivateUse:
    file: str
    line: int
    name: str
    owner: str  # the module whose private name is used

    def __str__(self) -> str:
        return f"safer/{self.file}:{self.line} uses {self.owner}.{self.name}"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _app_of(module: str) -> str:
    """`safer.alerts.tasks` -> `alerts`; a top-level module such as `safer.testing` is its own app."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def private_uses(path: Path) -> list[PrivateUse]:
    relative = path.relative_to(ROOT)
    module = ".".join(("safer", *relative.with_suffix("").parts))
    app = _app_of(module)
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[PrivateUse] = []
    other_app_modules: dict[str, str] = {}  # local name -> module of another app it is bound to

    def note(line: int, owner: str, name: str) -> None:
        found.append(PrivateUse(str(relative), line, name, owner.removeprefix("safer.")))

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("safer."):
            owner = node.module or ""
            if _app_of(owner) == app:
                continue
            for part in owner.split(".")[2:]:
                if _is_private(part):
                    note(node.lineno, owner, part)
            for alias in node.names:
                if _is_private(alias.name):
                    note(node.lineno, owner, alias.name)
                other_app_modules[alias.asname or alias.name] = f"{owner}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("safer.") and _app_of(alias.name) != app:
                    for part in alias.name.split(".")[2:]:
                        if _is_private(part):
                            note(node.lineno, alias.name, part)
                    if alias.asname:
                        other_app_modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in other_app_modules
            and _is_private(node.attr)
        ):
            note(node.lineno, other_app_modules[node.value.id], node.attr)
    return found


def all_private_uses() -> list[PrivateUse]:
    uses: list[PrivateUse] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" not in path.parts:
            uses.extend(private_uses(path))
    return uses


def test_no_module_uses_another_apps_private_names() -> None:
    unexpected = [str(u) for u in all_private_uses() if (u.file, u.name) not in KNOWN]
    assert unexpected == []


def test_every_known_exception_still_exists_so_the_list_only_shrinks() -> None:
    current = {(u.file, u.name) for u in all_private_uses()}
    assert [key for key in KNOWN if key not in current] == []


def test_the_check_finds_imported_and_reached_private_names(tmp_path: Path, monkeypatch) -> None:
    app = tmp_path / "alerts"
    app.mkdir()
    sample = app / "sample.py"
    sample.write_text(
        "from safer.web.maps import WIDTH, _path\n"
        "from safer.web import maps\n"
        "import safer.crime.charts as charts\n"
        "from safer.alerts.models import _own_private\n"
        "maps._view(1)\n"
        "charts._svg(1)\n"
        "maps.build_map(1)\n"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert [str(u) for u in private_uses(sample)] == [
        "safer/alerts/sample.py:1 uses web.maps._path",
        "safer/alerts/sample.py:5 uses web.maps._view",
        "safer/alerts/sample.py:6 uses crime.charts._svg",
    ]
