"""The house rules of the package layout, checked on the source (README, "Development").

Floors, top to bottom: faces (cli, web) → export, timeline → store → inputs, index, tagging → warc,
render, errors, clock. A module imports only its own floor or lower ones (lazy imports inside
functions included), and a few libraries each have exactly one home.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "archiver"
FLOORS = {
    "cli": 4, "__main__": 4, "web": 4,
    "export": 3, "timeline": 3,
    "store": 2,
    "inputs": 1, "index": 1, "tagging": 1,
    "warc": 0, "warc_foreign": 0, "render": 0, "errors": 0, "clock": 0, "__init__": 0,
}  # fmt: skip
# Third-party libraries that only one room may import (STYLE, "Shape").
ONLY_IN = {"click": {"cli"}, "rich": {"render"}, "warcio": {"warc", "warc_foreign"}}


def _room(module: str) -> str:
    """``archiver.store.archive`` → ``store``; ``archiver`` → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out.append((".".join(parts), path))
    return out


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


MODULES = _modules()


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_no_import_from_a_higher_floor(module, path):
    room = _room(module)
    assert room in FLOORS, f"{module}: new room {room!r}; give it a floor in FLOORS and the README"
    for name in _imports(path):
        if name.split(".")[0] != "archiver" or name == "archiver":
            continue
        target = _room(name)
        if target in FLOORS and name.split(".")[1] in FLOORS:
            assert FLOORS[target] <= FLOORS[room], f"{module} (floor {FLOORS[room]}) imports {name}"


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_libraries_have_one_home(module, path):
    room = _room(module)
    for name in _imports(path):
        lib = name.split(".")[0]
        if lib in ONLY_IN:
            assert room in ONLY_IN[lib], f"{module} imports {lib}; only {sorted(ONLY_IN[lib])} may"
