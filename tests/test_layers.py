"""The packages import one way only: down the list in docs/design.md; Rich only in render/ and
Typer only in cli/.

Every module under src/mathpath is parsed (not imported) and each ``import``/``from ... import``,
at the top or inside a function, is checked against the layer order and those two rooms.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mathpath"

# Lowest first; a module may import its own layer and those before it.
LAYERS = ["i18n", "errors", "catalog", "planning", "learner", "export", "render", "cli"]
TOP = {"__init__", "__main__"}  # the public face and the entry point may use any layer


def layer_of(module: str) -> str:
    parts = module.split(".")
    assert parts[0] == "mathpath"
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("mathpath")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            if base == "mathpath":  # from mathpath import catalog, errors, __version__, ...
                found += [
                    (node.lineno, f"mathpath.{a.name}" if _is_module(a.name) else "mathpath")
                    for a in node.names
                ]
            elif base.startswith("mathpath."):
                found.append((node.lineno, base))
    return found


def _is_module(name: str) -> bool:
    return (SRC / f"{name}.py").exists() or (SRC / name / "__init__.py").exists()


def modules() -> list[tuple[Path, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((path, ".".join(parts)))
    return found


# The terminal libraries each have one room: Rich renderables in render/, Typer commands in cli/
# (docs/design.md); the core below them works as a library without either.
ONLY_IN = {"rich": "render", "typer": "cli"}


def third_party_imports(path: Path) -> list[tuple[int, str]]:
    """The top-level package of every import of ``path``, at the top or inside a function."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for path, module in modules():
        layer = layer_of(module)
        assert layer in LAYERS or layer in TOP, f"{module} is in no layer of {LAYERS}"
        assert path.exists()


@pytest.mark.parametrize(("path", "module"), modules(), ids=lambda v: str(v))
def test_imports_flow_down(path: Path, module: str) -> None:
    """Down the layers, and Rich and Typer only in their own rooms (``ONLY_IN``)."""
    own = layer_of(module)
    if own in TOP:
        return
    wrong = [
        f"line {line}: {target}"
        for line, target in imports_of(path, module)
        if layer_of(target) not in TOP and LAYERS.index(layer_of(target)) > LAYERS.index(own)
    ]
    assert not wrong, f"{module} ({own}) imports a higher layer: {wrong}"
    outside = [
        f"line {line}: {package}"
        for line, package in third_party_imports(path)
        if package in ONLY_IN and ONLY_IN[package] != own
    ]
    assert not outside, f"{module} ({own}) imports what only {ONLY_IN} may: {outside}"


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from mathpath.render.console import make_console\n")
    assert imports_of(bad, "mathpath.catalog.bad") == [(2, "mathpath.render.console")]


def test_the_check_sees_rich_outside_render(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from rich.text import Text\n")
    assert third_party_imports(bad) == [(2, "rich")]
