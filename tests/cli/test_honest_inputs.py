"""Issue 13, item 5: options that do nothing here, impossible records, and typer's own usage
errors, all refused in mathpath's words (``error: ...`` with a hint) and exit code 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mathpath.cli.app import app
from mathpath.errors import ExitCode

START = ["--start", "2026-03-02"]


@pytest.fixture
def run(runner: CliRunner, mini_catalog_path: Path) -> Any:
    def invoke(*args: str, catalog: bool = True) -> Any:
        head = ["--catalog", str(mini_catalog_path)] if catalog else []
        return runner.invoke(app, [*head, *args])

    return invoke


def refused(result: Any, *fragments: str) -> str:
    assert result.exit_code == ExitCode.USAGE, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: "), result.stderr
    assert "Usage:" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "Error:" not in result.stderr  # click's own wording
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    return str(result.stderr)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["plan", "--hours-per-week", "abc"], ["--hours-per-week: 'abc' is not a number"]),
        (["plan", "--parallel", "1.5"], ["--parallel: '1.5' is not a whole number"]),
        (["log", "calc-video", "-1"], ["-1: a negative number is not accepted"]),
        (["log", "calc-video"], ["missing HOURS", "usage: mathpath log"]),
        (["plan", "--goall", "dl"], ["no such option: --goall", "did you mean", "--goal"]),
        (["plan", "--format"], ["--format needs a value", "see mathpath plan --help"]),
        (["plna"], ["no such command: plna", "did you mean plan?", "see mathpath --help"]),
        (
            ["profile", "rset"],
            ["no such command: rset", "did you mean reset or set?", "see mathpath profile --help"],
        ),
        (["--bogus", "plan"], ["no such option: --bogus"]),
    ],
)
def test_typer_usage_errors_in_mathpaths_words(
    run: Any, args: list[str], fragments: list[str]
) -> None:
    refused(run(*args), *fragments)


def test_a_global_option_after_the_command_says_where_it_goes(run: Any) -> None:
    result = run("plan", "--catalog", "x.yaml", "--goal", "dl", catalog=False)
    refused(
        result,
        "--catalog is an option of mathpath itself, not of plan",
        "--catalog goes before the command: mathpath --catalog x.yaml plan --goal dl",
    )


def test_no_arguments_still_show_the_help(run: Any) -> None:
    result = run(catalog=False)
    assert "Usage: mathpath" in result.stdout + result.stderr
    assert "error:" not in result.stderr


def test_options_that_do_nothing_here(run: Any, tmp_path: Path) -> None:
    refused(
        run("plan", "--goal", "dl", *START, "--max-hours-per-week", "5"),
        "--max-hours-per-week only matters with --deadline",
    )
    refused(run("plan", "--goal", "dl", *START, "-o", str(tmp_path)), "is a folder, not a file")
    assert list(tmp_path.iterdir()) == []
    refused(run("plan", "--goal", "dl", *START, "--pace", "100"), "--pace: 100 is outside")
    timed = run("plan", "--goal", "dl", *START, "--time", "19:30")
    assert timed.exit_code == 0, timed.stderr
    assert "note: --time shows in --sessions" in timed.stdout
    listed = run("plan", "--goal", "dl", *START, "--time", "19:30", "--sessions")
    assert "note: --time" not in listed.stdout
    assert "19:30" in listed.stdout


def test_an_impossible_log_needs_force(run: Any) -> None:
    refused(run("log", "calc-course", "25"), "more than the day has", "--force")
    assert run("log", "calc-course", "20", "--date", "2026-03-02").exit_code == 0
    refused(
        run("log", "calc-course", "5", "--date", "2026-03-02"),
        "25 h of study on 2026-03-02 is more than the day has (20 h already recorded",
    )
    refused(run("log", "calc-video", "3"), "3 h is far more than the 1 h left of calc-video")
    assert run("log", "dl-course", "20", "--date", "2026-03-03").exit_code == 0  # all 20 h
    refused(
        run("log", "dl-course", "12", "--date", "2026-03-04"),
        "12 h is far more than the 0 h left of dl-course (20 h in the catalog, 20 h logged",
    )
    forced = run("log", "dl-course", "12", "--date", "2026-03-04", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert run("log", "dl-course", "2", "--date", "2026-03-05").exit_code == 0
