"""Every JSON output (``--json``, ``--format json``) is one object in the one envelope:
``schema_version`` and ``kind`` first, what it is about under the key named by its kind (the
plan alone keeps its fields beside the two)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer.main
from tests.support.output import json_body
from typer.testing import CliRunner

from mathpath.cli import app
from mathpath.export.envelope import SCHEMA_VERSIONS

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
ANSWERS = Path(__file__).parents[1] / "fixtures" / "check-answers.yaml"
START = ["--start", "2026-03-02"]

# Every command that prints JSON, as its kind.
OUTPUTS: list[tuple[str, list[str]]] = [
    ("resources", ["list", "--json"]),
    ("resource", ["show", "la-book", "--json"]),
    ("topics", ["topics", "--json"]),
    ("goals", ["goals", "--json"]),
    ("explanation", ["why", "la-book", "--goal", "dl", *START, "--json"]),
    ("status", ["status", "--goal", "dl", "--json"]),
    ("today", ["today", "--goal", "dl", "--format", "json"]),
    ("next", ["next", "--goal", "dl", "--format", "json"]),
    ("check", ["check", "precalculus", "--answers", str(ANSWERS), "--format", "json"]),
    ("review", ["review", "--format", "json"]),
    ("profile", ["profile", "show", "--json"]),
    ("cache", ["cache", "info", "--json"]),
    ("graph", ["graph", "--goal", "dl", "--format", "json"]),
    ("graph", ["graph", "--goal", "dl", "--plan", "--format", "json"]),
    ("diff", ["plan", "--goal", "dl", *START, "--diff", "--format", "json"]),
]


@pytest.fixture
def run(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))

    def invoke(*args: str) -> str:
        result = runner.invoke(app, ["--catalog", str(MINI), *args])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    invoke("plan", "--goal", "dl", *START, "--save")  # for --diff
    return invoke


@pytest.mark.parametrize(
    ("kind", "args"), OUTPUTS, ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_every_json_output_is_in_the_envelope(run: Any, kind: str, args: list[str]) -> None:
    text = run(*args)
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    json_body(text, kind)


def test_the_plan_keeps_its_fields_beside_the_envelope(run: Any, tmp_path: Path) -> None:
    text = run("plan", "--goal", "dl", *START, "--format", "json")
    data = json.loads(text)
    assert list(data)[:3] == ["schema_version", "kind", "goal"]
    assert (data["schema_version"], data["kind"]) == (SCHEMA_VERSIONS["plan"], "plan")
    target = tmp_path / "plan.json"
    run("plan", "--goal", "dl", *START, "-o", str(target))
    assert target.read_text(encoding="utf-8") == text


def test_a_list_streamed_item_by_item_is_the_same_text(run: Any) -> None:
    empty = run("list", "--lang", "fr", "--json")
    assert empty == '{\n  "schema_version": 2,\n  "kind": "resources",\n  "resources": []\n}\n'
    assert json_body(run("list", "--json"), "resources")[0]["id"] == "calc-video"


def _json_commands() -> set[str]:
    """Every command with a --json flag or a --format that takes json (from the app itself)."""
    found: set[str] = set()

    def walk(command: Any, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        for param in getattr(command, "params", ()):
            if "--json" in param.opts or (
                "--format" in param.opts and "json" in (param.help or "")
            ):
                found.add(path)

    walk(typer.main.get_command(app), "")
    return found


def test_the_list_above_is_every_command_that_prints_json() -> None:
    covered = {" ".join(args[: 2 if args[0] in ("profile", "cache") else 1]) for _, args in OUTPUTS}
    assert _json_commands() - {"plan"} == covered - {"plan"}  # plan: the test above
    assert set(SCHEMA_VERSIONS) == {kind for kind, _ in OUTPUTS} | {"plan"}
