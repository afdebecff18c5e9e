"""Progress on long work: the core tells a callback, the command line draws it on stderr only
when stderr is a terminal and the command prints no JSON, after half a second."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mathpath.catalog import load_catalog
from mathpath.cli.app import app
from mathpath.render import progress as display

app_module = importlib.import_module("mathpath.cli.app")  # the module: mathpath.cli.app is the app

FIXTURES = Path(__file__).parents[1] / "fixtures"
STEPS = ("Reading the catalog", "Checking the entries", "Writing the cache")


@pytest.fixture
def fresh_catalog(tmp_path: Path, cache_folder: Path) -> Path:
    """A catalog that is not cached yet: loading it parses, checks and caches it."""
    path = tmp_path / "catalog.yaml"
    shutil.copyfile(FIXTURES / "mini.yaml", path)
    return path


def test_the_core_tells_the_callback_each_step(fresh_catalog: Path) -> None:
    heard: list[tuple[str, int, int | None]] = []
    load_catalog(fresh_catalog, use_cache=True, progress=lambda *step: heard.append(step))
    tasks = [task for task, _, _ in heard]
    for step in (*STEPS, "Checking references and cycles"):
        assert step in tasks
    checked = [(done, total) for task, done, total in heard if task == "Checking the entries"]
    assert checked[-1] == (10, 10)  # five topics, four resources, one goal
    written = [(done, total) for task, done, total in heard if task == "Writing the cache"]
    assert written[0][0] == 0
    assert written[-1][0] == written[-1][1]
    heard.clear()
    load_catalog(fresh_catalog, use_cache=True, progress=lambda *step: heard.append(step))
    assert heard == []  # from the cache: nothing long to tell


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr a terminal, and the display shown at once."""
    monkeypatch.setattr(app_module, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(display, "DELAY", 0.0)


@pytest.fixture
def displays(monkeypatch: pytest.MonkeyPatch) -> list[Console]:
    """The consoles the command line opened a progress display on."""
    opened: list[Console] = []
    real = display.progress_display

    def spy(console: Console, *, delay: float | None = None) -> Any:
        opened.append(console)
        return real(console, delay=delay)

    monkeypatch.setattr(display, "progress_display", spy)
    return opened


def test_json_output_has_no_progress(
    terminal: None, fresh_catalog: Path, displays: list[Console]
) -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "MATHPATH_CATALOG": None})
    for args in (
        ["plan", "--goal", "dl", "--format", "json"],
        ["plan", "--goal", "dl", "-f", "json"],
        ["list", "--json"],
        ["goals", "--json"],
    ):
        result = runner.invoke(app, ["--no-cache", "--catalog", str(fresh_catalog), *args])
        assert result.exit_code == 0, result.stderr
        json.loads(result.stdout)
        assert not any(step in result.stderr for step in STEPS)
    assert displays == []  # not even on stderr


def test_piped_stderr_has_no_progress(
    fresh_catalog: Path, monkeypatch: pytest.MonkeyPatch, displays: list[Console]
) -> None:
    monkeypatch.setattr(display, "DELAY", 0.0)
    runner = CliRunner(env={"NO_COLOR": "1", "MATHPATH_CATALOG": None})
    for args in (["plan", "--goal", "dl"], ["plan", "--goal", "dl", "--format", "ics"]):
        result = runner.invoke(app, ["--catalog", str(fresh_catalog), *args])
        assert result.exit_code == 0, result.stderr
        assert not any(step in result.stderr + result.stdout for step in STEPS)
        assert "Writing" not in result.stderr
    assert displays == []


def test_a_terminal_gets_the_display(
    terminal: None, fresh_catalog: Path, displays: list[Console], tmp_path: Path
) -> None:
    """The command line opens the display on stderr when it is a terminal (what it draws is
    below: CliRunner's stderr is no terminal, so Rich draws nothing there)."""
    runner = CliRunner(env={"NO_COLOR": "1", "MATHPATH_CATALOG": None})
    result = runner.invoke(app, ["--catalog", str(fresh_catalog), "goals"])
    assert result.exit_code == 0, result.stderr
    assert len(displays) == 1  # loading the catalog
    out = ["--catalog", str(fresh_catalog), "plan", "--goal", "dl", "-o", str(tmp_path / "p.ics")]
    assert runner.invoke(app, out).exit_code == 0
    assert len(displays) == 3  # loading the catalog (from the cache: nothing shown), the export


def draw(*, no_color: bool, delay: float) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, no_color=no_color, width=80)
    with display.progress_display(console, delay=delay) as tell:
        tell("Checking the entries", 4000, 10000)
        time.sleep(0.3)
        tell("Checking references and cycles", 0, None)
        time.sleep(0.3)
    return out.getvalue()


def test_the_display_draws_the_steps_and_plainly_under_no_color() -> None:
    coloured = draw(no_color=False, delay=0.0)
    assert "Checking the entries" in coloured
    assert "4,000/10,000" in coloured
    assert "━" in coloured  # the bar
    plain = draw(no_color=True, delay=0.0)
    assert "Checking the entries" in plain
    assert "4,000/10,000" in plain
    assert "━" not in plain  # no bar: only colour told its parts apart
    assert "\x1b[3" not in plain  # no colour


def test_quick_work_shows_nothing() -> None:
    assert draw(no_color=False, delay=5.0) == ""
