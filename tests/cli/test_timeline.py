"""``plan --timeline`` and the compact timeline at the end of the plan view: snapshots at 80
and 120 columns, with and without colour (the characters are the same: colour only repeats
them), with ``--parallel 2``, a deadline and a skipped fortnight."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathpath.cli.app import app

ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIXTURES = Path(__file__).parents[1] / "fixtures"
PLAN = [
    "--catalog", str(FIXTURES / "mini.yaml"), "plan", "--goal", "dl", "--start", "2027-01-04",
    "--hours-per-week", "1.5", "--parallel", "2", "--deadline", "2027-09-30",
    "--skip", "2027-03-01..2027-03-21", "--no-review",
]  # fmt: skip

AT_80 = """\
Timeline by week, from Monday 2027-01-04
              Jan Feb Mar Apr May  Jun Jul Aug  Sep Oct   Nov
1 calc-video  █                                      ┃
2 la-book     ████████░░░████████████████████        ┃
3 dl-course                                 █████████┃█████
at once       211111111111111111111111111111211111111┃11111
█ a week with sittings   ░ none that week   ┃ deadline 2027-09-30
"""

AT_120 = """\
Timeline by week, from Monday 2027-01-04
              Jan     Feb     Mar     Apr      May      Jun     Jul      Aug      Sep      Oct       Nov
1 calc-video  ██                                                                            ┃
2 la-book     ████████████████░░░░░░████████████████████████████████████████                ┃
3 dl-course                                                               ██████████████████┃██████████
at once       2 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 2 1 1 1 1 1 1 1 1 ┃1 1 1 1 1
█ a week with sittings   ░ none that week   ┃ deadline 2027-09-30
"""  # noqa: E501 - the 120-column snapshot


def run(*args: str, width: int, colour: bool) -> str:
    env = {"COLUMNS": str(width), "MATHPATH_WIDTH": None, "MATHPATH_CATALOG": None}
    env.update({"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1"})
    result = CliRunner(env=env).invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    assert ("\x1b[" in result.stdout) is colour
    return ANSI.sub("", result.stdout)


def block(out: str) -> str:
    """The timeline: from its title to its legend."""
    start = out.index("Timeline by ")
    end = out.index("\n", out.index("█ a ", start)) + 1
    return "\n".join(line.rstrip() for line in out[start:end].splitlines()) + "\n"


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize(("width", "expected"), [(80, AT_80), (120, AT_120)], ids=["80", "120"])
def test_timeline_snapshot(width: int, expected: str, colour: bool) -> None:
    out = run(*PLAN, "--timeline", width=width, colour=colour)
    assert block(out) == expected
    assert all(len(line) <= width for line in block(out).splitlines())
    assert "Study order" not in out  # the default view's
    assert "Week by week" not in out
    assert out.index("Goal") < out.index("Timeline") < out.index("Deadline 2027-09-30")


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize(("width", "expected"), [(80, AT_80), (120, AT_120)], ids=["80", "120"])
def test_the_plan_view_ends_with_the_compact_timeline(
    width: int, expected: str, colour: bool
) -> None:
    out = run(*PLAN, width=width, colour=colour)
    compact = "\n".join(line for line in expected.splitlines() if not line.startswith("at once"))
    assert block(out) == compact + "\n"  # no count of the tracks in the compact form
    assert out.index("Week by week") < out.index("Timeline by week") < out.index("Left: ")


def test_months_when_weeks_do_not_fit() -> None:
    out = run(
        "plan", "--goal", "calculus", "--start", "2027-11-01", "--hours-per-week", "2",
        "--timeline", "--no-review", width=80, colour=False,
    )  # fmt: skip
    chart = block(out)
    assert chart.startswith("Timeline by month, from 2027-11\n")
    assert "2028" in chart.splitlines()[1]  # January's column says the year
    assert all(len(line) <= 80 for line in chart.splitlines())
    assert "█ a month with sittings" in chart


def test_long_ids_get_their_own_line_and_are_never_cut() -> None:
    out = run(
        "plan", "--goal", "deep-learning-specialization", "--start", "2027-01-04",
        "--timeline", "--no-review", width=60, colour=False,
    )  # fmt: skip
    lines = block(out).splitlines()
    assert all(len(line) <= 60 for line in lines)
    assert "…" not in out
    own = next(  # too long beside the bars
        n
        for n, line in enumerate(lines)
        if re.fullmatch(r"\d+ ng-deep-learning-specialization", line)
    )
    assert lines[own + 1].startswith(" " * 10)
    assert "█" in lines[own + 1]


def test_the_compact_form_is_left_out_where_it_does_not_fit() -> None:
    out = run(*PLAN[:-1], "--hours-per-week", "0.5", "--no-review", width=40, colour=False)
    assert "Week by week" in out
    assert "Timeline by" not in out


def test_timeline_is_a_terminal_view_only() -> None:
    runner = CliRunner(env={"NO_COLOR": "1", "MATHPATH_CATALOG": None})
    for extra in (["--format", "json"], ["--format", "markdown"], ["-o", "plan.ics"]):
        result = runner.invoke(app, [*PLAN, "--timeline", *extra])
        assert result.exit_code == 2, extra
        assert "--timeline" in result.stderr
    body = json.loads(runner.invoke(app, [*PLAN, "--format", "json"]).stdout)
    assert body["kind"] == "plan"
    assert "timeline" not in body
