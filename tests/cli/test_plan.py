"""``mathpath plan`` and ``mathpath why`` through the CLI: views, JSON, files, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.support.output import json_body
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2026-03-02"]


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str, catalog: Path = MINI, **kwargs: Any) -> Result:
        return runner.invoke(app, ["--catalog", str(catalog), *args], **kwargs)

    return invoke


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    return result.stdout


def fails(result: Result, code: ExitCode, *fragments: str) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def test_table_view_has_summary_order_and_weeks(run: Any) -> None:
    out = ok(run("plan", "--goal", "dl", *START))
    for text in (
        "Deep learning (dl)",
        "61 h in 3 resources",
        "2026-03-02 to",
        "Assumed",
        "precalculus",
        "proven minimal",
        "Study order",
        "Calculus: the movie [short]",  # Rich markup in titles is shown as text
        "teaches deep-learning (goal)",
        "Week by week",
        "2026-03-09",
    ):
        assert text in out, text
    assert out.index("calc-video") < out.index("dl-course")
    assert "Sessions" not in out


def test_table_view_fits_80_columns(runner: CliRunner) -> None:
    narrow = CliRunner(env={"NO_COLOR": "1", "MATHPATH_WIDTH": "80"})
    result = narrow.invoke(app, ["--catalog", str(MINI), "plan", "--goal", "dl", *START])
    out = ok(result)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_sessions_lists_every_dated_session(run: Any) -> None:
    out = ok(run("plan", "--goal", "dl", *START, "--sessions", "--days", "sat,sun"))
    assert "Sessions" in out
    assert "2026-03-07" in out  # the first Saturday
    assert "Sat" in out
    assert "Sun" in out
    sessions = out.split("Sessions")[1].split("Timeline by week")[0]  # not the timeline's title
    assert "2026-03-02" not in sessions  # a Monday: not a study day


def test_json_is_one_object_following_the_contract(run: Any) -> None:
    data = json.loads(ok(run("plan", "--goal", "dl", *START, "--format", "json")))
    assert data["goal"] == "dl"
    assert data["start"] == "2026-03-02"
    date.fromisoformat(data["finish"])
    assert data["hours_per_week"] == 6.0
    assert data["total_hours"] == 61.0
    assert [item["id"] for item in data["items"]] == ["calc-video", "la-book", "dl-course"]
    for item in data["items"]:
        assert {
            "id",
            "title",
            "url",
            "hours",
            "start",
            "end",
            "teaches",
            "requires",
            "reason",
        } <= set(item)
    assert {"date", "id", "hours"} <= set(data["sessions"][0])
    assert data["exact"] is True


def test_options_reach_the_plan(run: Any) -> None:
    args = ["plan", "--goal", "dl", *START, "--format", "json"]
    known = json.loads(ok(run(*args, "--know", "calculus")))
    assert [i["id"] for i in known["items"]] == ["la-book", "dl-course"]
    done = json.loads(ok(run(*args, "--done", "la-book")))
    assert [i["id"] for i in done["items"]] == ["calc-video", "dl-course"]
    paid = run(*args, "--free-only")
    fails(paid, ExitCode.PLAN, "linear-algebra", "la-book not free (--free-only)")
    weekly = json.loads(ok(run(*args, "--hours-per-week", "10", "--parallel", "2")))
    assert weekly["hours_per_week"] == 10.0
    assert weekly["options"]["parallel"] == 2
    prefer = json.loads(ok(run(*args, "--prefer", "course", "--lang", "zh")))
    assert prefer["options"]["prefer"] == ["course"]


def test_deadline_report_in_the_view(run: Any) -> None:
    out = ok(
        run("plan", "--goal", "dl", *START, "--deadline", "2026-04-30", "--max-hours-per-week", "5")
    )
    assert "Deadline 2026-04-30" in out
    assert "h/week to finish in time" in out
    assert "MORE than your maximum of 5 h/week" in out
    assert "drop or skim la-book" in out


def test_output_writes_json_and_refuses_to_overwrite(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    result = run("plan", "--goal", "dl", *START, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["goal"] == "dl"
    again = run("plan", "--goal", "dl", *START, "--output", str(target))
    fails(again, ExitCode.OUTPUT, "already exists")
    forced = run("plan", "--goal", "dl", *START, "--output", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr


def test_output_suffix_decides_the_format_unless_format_is_given(run: Any, tmp_path: Path) -> None:
    pytest.importorskip("mathpath.export.markdown")
    markdown = tmp_path / "plan.md"
    ok(run("plan", "--goal", "dl", *START, "-o", str(markdown)))
    assert "dl-course" in markdown.read_text(encoding="utf-8") or "Deep learning course" in (
        markdown.read_text(encoding="utf-8")
    )
    as_json = tmp_path / "plan.md.txt"
    ok(run("plan", "--goal", "dl", *START, "-o", str(as_json), "--format", "json"))
    assert json.loads(as_json.read_text(encoding="utf-8"))["goal"] == "dl"
    unknown = run("plan", "--goal", "dl", *START, "-o", str(tmp_path / "plan.txt"))
    fails(unknown, ExitCode.USAGE, "cannot tell the export format")


def test_markdown_and_ics_to_stdout(run: Any) -> None:
    pytest.importorskip("mathpath.export.ics")
    markdown = ok(run("plan", "--goal", "dl", *START, "--format", "markdown"))
    assert "Deep learning course" in markdown
    ics = ok(run("plan", "--goal", "dl", *START, "--format", "ics", "--time", "19:30"))
    assert "BEGIN:VCALENDAR" in ics


def test_why_chosen_shows_the_chain(run: Any) -> None:
    out = ok(run("why", "la-book", "--goal", "dl", *START))
    assert "In the plan for dl" in out
    assert "la-book" in out
    assert "which dl-course requires" in out
    assert "a target of the goal dl" in out


def test_why_not_chosen_names_the_alternative(run: Any) -> None:
    out = ok(run("why", "calc-course", "--goal", "dl", *START))
    assert "Not in the plan for dl" in out
    assert "calc-video already covers single-variable-calculus" in out
    assert "would add 99 h" in out
    data = json_body(ok(run("why", "calc-course", "--goal", "dl", "--json")), "explanation")
    assert data["kind"] == "alternative"
    assert data["chosen"] is False
    assert data["alternatives"] == ["calc-video"]


def test_why_not_for_a_filter(run: Any) -> None:
    out = ok(run("why", "calc-course", "--goal", "dl", "--exclude", "calc-course"))
    assert "not considered: excluded (--exclude)" in out


@pytest.mark.parametrize(
    ("args", "code", "fragments"),
    [
        (["plan", "--goal", "dll"], ExitCode.USAGE, ["unknown goal 'dll'", "did you mean 'dl'"]),
        (["plan", "--goal", "dl", "--know", "calculas"], ExitCode.USAGE,
         ["unknown topic 'calculas' in --know", "did you mean 'calculus'"]),
        (["plan", "--goal", "dl", "--know", "Linear Algebra"], ExitCode.USAGE,
         ["'Linear Algebra' is not a topic id"]),
        (["plan", "--goal", "dl", "--done", "la-bok"], ExitCode.USAGE, ["'la-bok' in --done"]),
        (["plan", "--goal", "dl", "--include", "la-bok"], ExitCode.USAGE, ["in --include"]),
        (["plan", "--goal", "dl", "--exclude", "la-bok"], ExitCode.USAGE, ["in --exclude"]),
        (["plan", "--goal", "dl", "--hours-per-week", "0"], ExitCode.USAGE,
         ["--hours-per-week: must be more than 0"]),
        (["plan", "--goal", "dl", "--hours-per-week", "-3"], ExitCode.USAGE,
         ["--hours-per-week: must be more than 0"]),
        (["plan", "--goal", "dl", "--parallel", "0"], ExitCode.USAGE,
         ["--parallel: must be at least 1"]),
        (["plan", "--goal", "dl", "--session-hours", "0"], ExitCode.USAGE, ["--session-hours"]),
        (["plan", "--goal", "dl", "--start", "2026-13-01"], ExitCode.USAGE, ["is not a date"]),
        (["plan", "--goal", "dl", *START, "--deadline", "2026-01-01"], ExitCode.USAGE,
         ["is before the start"]),
        (["plan", "--goal", "dl", "--days", "mon,someday"], ExitCode.USAGE, ["not a day"]),
        (["plan", "--goal", "dl", "--time", "7pm"], ExitCode.USAGE, ["--time: '7pm'"]),
        (["plan", "--goal", "dl", "--format", "pdf"], ExitCode.USAGE, ["--format 'pdf'"]),
        (["plan", "--goal", "dl", "--exclude", "la-book"], ExitCode.PLAN,
         ["linear-algebra", "la-book excluded (--exclude)"]),
        (["why", "la-bok", "--goal", "dl"], ExitCode.USAGE, ["unknown resource 'la-bok'"]),
        (["why", "la-book", "--goal", "dll"], ExitCode.USAGE, ["unknown goal"]),
    ],
)  # fmt: skip
def test_errors_are_messages_with_exit_codes(
    run: Any, args: list[str], code: ExitCode, fragments: list[str]
) -> None:
    fails(run(*args), code, *fragments)


def test_commands_have_help(run: Any) -> None:
    for command in ("plan", "why"):
        out = ok(run(command, "--help"))
        assert "Example: mathpath" in out
        assert "--goal" in out


class TestWithTheLearnersFiles:
    """Profile defaults and recorded progress (each test has its own MATHPATH_HOME)."""

    def plan_json(self, run: Any, *args: str) -> Any:
        return json.loads(ok(run("plan", *args, *START, "--format", "json")))

    def test_profile_defaults_apply_and_options_win(self, run: Any) -> None:
        ok(run("profile", "set", "goals", "dl"))
        ok(run("profile", "set", "hours_per_week", "3"))
        ok(run("profile", "set", "study_days", "sat,sun"))
        data = self.plan_json(run)
        assert data["goal"] == "dl"
        assert data["hours_per_week"] == 3.0
        assert data["options"]["study_days"] == ["sat", "sun"]
        assert any("goal dl from your profile" in note for note in data["notes"])
        assert self.plan_json(run, "--hours-per-week", "5")["hours_per_week"] == 5.0

    def test_no_goal_anywhere_is_a_usage_error(self, run: Any) -> None:
        fails(run("plan"), ExitCode.USAGE, "no goal given")

    def test_progress_leaves_finished_out_and_subtracts_time(self, run: Any) -> None:
        ok(run("done", "calc-video"))
        ok(run("log", "la-book", "10"))
        data = self.plan_json(run, "--goal", "dl")
        items = {item["id"]: item for item in data["items"]}
        assert "calc-video" not in items
        assert items["la-book"]["hours"] == 30.0
        assert any("calc-video" in note for note in data["notes"])
        fresh = self.plan_json(run, "--goal", "dl", "--fresh")
        assert [item["id"] for item in fresh["items"]] == ["calc-video", "la-book", "dl-course"]

    def test_pace_option_scales_what_remains(self, run: Any) -> None:
        data = self.plan_json(run, "--goal", "dl", "--pace", "2")
        assert data["total_hours"] == 122.0
        assert any("pace factor 2" in note for note in data["notes"])
        fails(run("plan", "--goal", "dl", "--pace", "0"), ExitCode.USAGE, "--pace")

    def test_save_then_diff(self, run: Any) -> None:
        fails(run("plan", "--goal", "dl", "--diff"), ExitCode.USAGE, "no committed plan")
        saved = run("plan", "--goal", "dl", *START, "--save")
        assert saved.exit_code == 0, saved.stderr
        assert "saved as your plan for dl" in saved.stderr
        out = ok(run("plan", "--goal", "dl", *START, "--diff", "--know", "calculus"))
        assert "- calc-video (1 h)" in out
        assert "total 61 h -> 60 h" in out
        args = ["--diff", "--format", "json", "--done", "la-book"]
        changes = json_body(ok(run("plan", "--goal", "dl", *START, *args)), "diff")
        assert [item["id"] for item in changes["removed"]] == ["la-book"]
        assert ok(run("plan", "--goal", "dl", *START, "--diff")).count("no change") == 1
        # the same total is no change to show; a finished resource is finished, not removed
        assert "total" not in ok(run("plan", "--goal", "dl", *START, "--diff", "--pace", "1"))
        assert run("done", "calc-video").exit_code == 0
        after = ok(run("plan", "--goal", "dl", *START, "--diff"))
        assert "done calc-video (finished)" in after
        assert "- calc-video" not in after


def test_json_is_the_same_bytes_in_another_process() -> None:
    import os
    import subprocess
    import sys

    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "mathpath", "--catalog", str(MINI), "plan", "--goal", "dl",
             *START, "--format", "json", "--fresh"],
            capture_output=True, env=env, check=True,
        )  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1
