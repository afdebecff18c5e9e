"""Snapshot-like checks of ``plan``, ``status`` and ``today`` at 80 and 100 columns, with and
without colour: every number and every id and link a learner types or clicks is there whole,
nothing is cut with an ellipsis, and only an id or a link may run past the edge."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mathpath.cli import options
from mathpath.cli.app import app

TODAY = dt.date(2027, 1, 13)  # a Wednesday in the plan's second week
START = "2027-01-04"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(params=[(80, False), (80, True), (100, False), (100, True)], ids=str)
def terminal(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Any:
    width, colour = request.param
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(options, "today", lambda: TODAY)
    env = {"COLUMNS": str(width), "MATHPATH_WIDTH": None, "MATHPATH_CATALOG": None}
    env.update({"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1"})
    runner = CliRunner(env=env)
    plain = CliRunner(env={"NO_COLOR": "1", "MATHPATH_CATALOG": None})

    def run(*args: str, view: bool = True) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        if view:
            assert ("\x1b[" in out) is colour  # the colour case really has colour
        return ANSI.sub("", out)

    def data(*args: str) -> Any:
        result = plain.invoke(app, [*args, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    run.width = width  # type: ignore[attr-defined]
    run.data = data  # type: ignore[attr-defined]
    return run


def fits(out: str, width: int, whole: list[str]) -> None:
    """Nothing cut; a line wider than the terminal only for an id or link it must keep whole."""
    assert "…" not in out
    for text in whole:
        assert text in out, text
    for line in out.splitlines():
        if len(line) > width:
            assert any(text in line for text in whole), line


PLAN = ("plan", "--goal", "deep-learning-specialization", "--start", START)


def test_plan_keeps_ids_numbers_and_collapses_the_weeks(terminal: Any) -> None:
    out = terminal(*PLAN)
    body = terminal.data(*PLAN)  # the plan's JSON keeps its keys at the top level
    units = [
        f"{item['id']}:{part}" if part else item["id"]
        for item in body["items"]
        for part in (item.get("parts") or [None])
    ]
    fits(out, terminal.width, [*units, body["start"], body["finish"]])
    assert out.index("Goal") < out.index("Study order") < out.index("Week by week")
    assert out.rstrip().splitlines()[-1].strip().startswith("then ")  # ends with the next lines
    assert re.search(r"^Next, \w{3} \d{4}-\d\d-\d\d:$", out, re.M)
    for item in body["items"]:
        assert item["start"] in out
    # the long run of weeks of one resource is one row, not dozens
    assert re.search(r"to \d{4}-\d\d-\d\d .*\d+ weeks", out.replace("\n", " "))
    weeks = (dt.date.fromisoformat(body["finish"]) - dt.date.fromisoformat(body["start"])).days // 7
    assert len(re.findall(r"^│ \d{4}-\d\d-\d\d", out, re.M)) < weeks // 2


def test_status_and_today_keep_ids_numbers_and_state(terminal: Any) -> None:
    terminal(*PLAN, "--save")
    terminal("log", "calculus-made-easy", "2", "--date", "2027-01-05", view=False)
    terminal("done", "calculus-made-easy", "--hours", "20", "--date", "2027-01-12", view=False)
    status = terminal("status")
    ids = [item["id"] for item in terminal.data(*PLAN)["items"]]
    fits(status, terminal.width, ids)
    assert re.search(r"calculus-made-easy.*\n?.*done +20/20 h", status)
    assert re.search(r"ng-deep-learning-specialization[\s━╸╺]+—\s+0/\d+(\.\d+)? h", status)
    assert "overall" in status
    today = terminal("today")
    upcoming = terminal.data("today")["today"]
    steps = upcoming["sessions"] or upcoming["next"]
    fits(today, terminal.width, [s["id"] for s in steps] + [s["url"] for s in steps if s["url"]])
    for step in steps:
        assert step["id"] in today


def test_a_long_title_wraps_under_its_indent_without_trailing_spaces(terminal: Any) -> None:
    """The Bayes videos' part title is longer than both widths: its second line hangs under the
    first, not at the left edge, and no line of the sitting ends in padding."""
    for done in ("oct-calculus-35min", "3b1b-essence-linear-algebra"):
        terminal("done", done, view=False)
    out = terminal("today", "--goal", "deep-learning")
    lines = out.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("    Bayes' theorem"))
    assert lines[first + 1].startswith("    ")
    assert lines[first + 1].strip()
    assert "The quick proof of Bayes' theorem" in " ".join(
        " ".join(lines[first : first + 3]).split()
    )
    assert all(line == line.rstrip() for line in lines[: first + 4])


def test_deadline_suggestions_wrap_under_their_bullet(terminal: Any) -> None:
    out = terminal(
        "plan", "--goal", "deep-learning", "--start", START,
        "--deadline", "2027-02-01", "--max-hours-per-week", "5",
    )  # fmt: skip
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if line.startswith("  - drop or skim")))
    block = lines[first : lines.index("", first)]
    assert len(block) > 2  # the suggestions are longer than the terminal
    for line in block:
        assert line.startswith(("  - drop or skim", "    ")), line
        assert line == line.rstrip()
