"""Every command and sub-command has help with an example (found by walking the app)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from mathpath.catalog.load import bundled_catalog_path
from mathpath.cli import app


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every command path in the app, e.g. (), ("list",), ("profile", "set")."""
    root = typer.main.get_command(app)
    ctx = typer.Context(root)

    def walk(command: Any, path: tuple[str, ...], ctx: Any) -> Iterator[tuple[str, ...]]:
        yield path
        # Groups have sub-commands; plain commands do not.
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not getattr(sub, "hidden", False):
                    yield from walk(sub, (*path, name), typer.Context(sub, parent=ctx))

    yield from walk(root, (), ctx)


PATHS = list(command_paths())


def test_the_browsing_commands_are_found() -> None:
    found = {path for path in PATHS if len(path) == 1}
    assert {("list",), ("show",), ("topics",), ("goals",), ("schema",), ("validate",)} <= found


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "mathpath")
def test_help_has_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: mathpath" in result.stdout
    assert "Example" in result.stdout, f"`mathpath {' '.join(path)} --help` has no example"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "mathpath")
def test_short_help_flag(runner: CliRunner, path: tuple[str, ...]) -> None:
    assert runner.invoke(app, [*path, "-h"]).exit_code == 0


EXAMPLE = re.compile(r"mathpath [^;\n]+")
NEEDS_A_PERSON = {("init",), ("check",)}  # they ask questions on a terminal


def help_examples() -> list[tuple[tuple[str, ...], list[str]]]:
    """Each command's examples from its help, as argument lists (a shell redirect or pipe that
    follows one is left out: the command before it is what runs)."""
    root = typer.main.get_command(app)
    found = []
    for path in PATHS:
        command: Any = root
        ctx = typer.Context(root)
        for name in path:
            command = command.get_command(ctx, name)
            ctx = typer.Context(command, parent=ctx)
        text = (command.help or "").split("Example", 1)
        if len(text) < 2 or path in NEEDS_A_PERSON:
            continue
        for example in EXAMPLE.findall(text[1]):
            words = shlex.split(example.split(" > ")[0].split(" | ")[0])
            found.append((path, words[1:]))
    return found


def test_every_example_in_the_help_runs(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In one fresh home, in the order of the commands (``done`` before ``undo``, ``know``
    before ``unknow``): each example of each command's help exits 0 on the bundled catalog."""
    monkeypatch.chdir(tmp_path)
    for name in ("my-catalog.yaml", "other.yaml"):  # what `validate`'s example names
        (tmp_path / name).write_bytes(bundled_catalog_path().read_bytes())
    examples = help_examples()
    assert len(examples) >= len(PATHS) // 2
    failed = []
    for path, words in examples:
        result = runner.invoke(app, words)
        if result.exit_code != 0:
            failed.append(f"{' '.join(path)}: mathpath {' '.join(words)}: {result.stderr}")
    assert failed == [], "\n".join(failed)
