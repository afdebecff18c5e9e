"""Every command and sub-command has help with an example (found by walking the app)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

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
