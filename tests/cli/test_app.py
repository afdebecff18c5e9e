"""The root group builds each command when it is asked for, from the module that registers it
(``cli.app.COMMAND_MODULES``); every command is still listed, run and suggested."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import typer
from typer.testing import CliRunner

import mathpath.cli
from mathpath.cli import app
from mathpath.cli.app import COMMAND_MODULES, registered


def _names(scratch: typer.Typer) -> set[str]:
    commands = {info.name for info in scratch.registered_commands}
    groups = {
        typer.main.get_group(info.typer_instance).name
        for info in scratch.registered_groups
        if info.typer_instance is not None
    }
    return {name for name in commands | groups if name}


def test_the_table_names_what_each_module_registers() -> None:
    names = [m.name for m in pkgutil.iter_modules(mathpath.cli.__path__)]
    modules = sorted(n for n in names if hasattr(import_module(f"mathpath.cli.{n}"), "register"))
    assert sorted(set(COMMAND_MODULES.values())) == modules
    for module in modules:
        expected = {name for name, owner in COMMAND_MODULES.items() if owner == module}
        assert _names(registered(module)) == expected, module


def test_help_lists_every_command_and_each_one_runs() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["--help"])
    assert listed.exit_code == 0
    commands = listed.stdout.split("Commands:")[1]
    for name in COMMAND_MODULES:
        assert f"\n  {name} " in commands, name
        shown = runner.invoke(app, [name, "--help"])
        assert shown.exit_code == 0, (name, shown.stderr)
        assert f"mathpath {name}" in shown.stdout


def test_a_mistyped_command_is_matched_against_every_command() -> None:
    result = CliRunner().invoke(app, ["reveiw"])
    assert result.exit_code != 0
    assert "review" in result.stderr
