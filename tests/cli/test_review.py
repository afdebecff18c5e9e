"""`mathpath review` and spaced review in `plan`, `today`, markdown and .ics, through the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mathpath.cli import options
from mathpath.cli.app import app

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
TODAY = dt.date(2026, 12, 7)  # a Monday
FINISHED = "2026-12-01"  # calc-video: single-variable-calculus@overview, first due two days on


@pytest.fixture
def cli(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(options, "today", lambda: TODAY)

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--catalog", str(MINI), *args])

    done = invoke("done", "calc-video", "--date", FINISHED)
    assert done.exit_code == 0, done.stderr
    assert "In review: single-variable-calculus@overview, next review due 2026-12-03" in done.stdout
    return invoke


def review_body(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["schema_version"], data["kind"]) == (1, "review")
    return data["review"]  # type: ignore[no-any-return]


def test_review_lists_what_is_due_with_what_to_review_it_with(cli: Any) -> None:
    result = cli("review")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Overdue (1)" in out
    assert "single-variable-calculus@overview" in out
    assert "due 2026-12-03" in out
    assert "with: Calculus: the movie [short]" in out
    assert "https://example.org/calc" in out
    assert "1 review of 15 min now; then say how it went:" in out
    ahead = cli("review", "--date", "2026-12-02").stdout
    assert "Due this week (1)" in ahead
    body = review_body(cli("review", "--format", "json", "--review-minutes", "20"))
    assert body["minutes"] == 20
    assert [(d["topic"], d["when"], d["url"]) for d in body["due"]] == [
        ("single-variable-calculus", "overdue", "https://example.org/calc")
    ]


def test_a_rating_reschedules_and_again_comes_back_sooner(cli: Any) -> None:
    again = review_body(
        cli("review", "single-variable-calculus", "--rating", "again", "-f", "json")
    )
    assert again["recorded"][0]["rating"] == "again"
    soon = dt.date.fromisoformat(again["cards"][0]["due"])
    assert cli("undo").exit_code == 0
    good = review_body(cli("review", "single-variable-calculus", "--rating", "good", "-f", "json"))
    assert TODAY < soon < dt.date.fromisoformat(good["cards"][0]["due"])
    shown = cli("review", "Single-variable calculus@overview", "--rating", "easy")
    assert shown.exit_code == 0, shown.stderr
    assert "Reviewed single-variable-calculus@overview (easy): next review " in shown.stdout
    assert "Nothing to review by the end of this week." in cli("review").stdout


def test_a_broad_topic_reviews_the_cards_below_it(cli: Any) -> None:
    body = review_body(cli("review", "calculus", "--rating", "good", "-f", "json"))
    assert [(r["topic"], r["depth"]) for r in body["recorded"]] == [
        ("single-variable-calculus", "overview")
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["linear-algebra", "--rating", "good"], "linear-algebra is not in review"),
        (["single-variable-calculus"], "a review needs --rating"),
        (["single-variable-calculus", "--rating", "meh"], "'meh' is not a rating"),
        (["single-variable-calculus@deep", "--rating", "good"], "'deep' is not a depth"),
        (["--rating", "good"], "name the topic"),
        (["--date", "someday"], "--date"),
        (["single-variable-calculus", "--rating", "good", "--date", "2026-11-01"], "before"),
    ],
)
def test_bad_reviews_are_refused_with_a_message(cli: Any, args: list[str], message: str) -> None:
    result = cli("review", *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


PLAN = ("plan", "--goal", "dl", "--start", "2026-12-07", "--hours-per-week", "4")


def test_plan_places_reviews_against_the_weekly_budget(cli: Any) -> None:
    data = json.loads(cli(*PLAN, "--format", "json").stdout)
    kinds = {s["kind"] for s in data["sessions"]}
    assert kinds == {"study", "review"}
    first = next(s for s in data["sessions"] if s["kind"] == "review")
    assert (first["date"], first["topic"], first["depth"], first["minutes"]) == (
        "2026-12-08", "single-variable-calculus", "overview", 15,
    )  # fmt: skip
    assert first["id"] is None
    assert first["due"] == "2026-12-03"
    weeks: dict[str, int] = {}
    for s in data["sessions"]:
        monday = dt.date.fromisoformat(s["date"]) - dt.timedelta(
            days=dt.date.fromisoformat(s["date"]).weekday()
        )
        weeks[monday.isoformat()] = weeks.get(monday.isoformat(), 0) + s["minutes"]
    assert max(weeks.values()) <= 240
    assert any("spaced review:" in note and "later than without" in note for note in data["notes"])
    plain = json.loads(cli(*PLAN, "--no-review", "--format", "json").stdout)
    assert {s["kind"] for s in plain["sessions"]} == {"study"}
    assert plain["finish"] < data["finish"]
    assert [i["id"] for i in plain["items"]] == [i["id"] for i in data["items"]]


def test_plan_table_and_sessions_show_the_reviews(cli: Any) -> None:
    out = cli(*PLAN, "--sessions").stdout
    assert "Reviews" in out
    assert "1 review" in out
    assert "review single-variable-calculus@overview" in out
    assert "note: spaced review:" in out
    assert "Reviews" not in cli(*PLAN, "--no-review").stdout


def test_the_profile_sets_the_length_of_a_review(cli: Any) -> None:
    assert cli("profile", "set", "review_minutes", "25").exit_code == 0
    data = json.loads(cli(*PLAN, "--format", "json").stdout)
    assert {s["minutes"] for s in data["sessions"] if s["kind"] == "review"} == {25}
    assert "--review-minutes" in cli(*PLAN, "--review-minutes", "0").stderr


def test_markdown_and_ics_name_each_review(cli: Any, tmp_path: Path) -> None:
    markdown = cli(*PLAN, "--format", "markdown").stdout
    assert "## Spaced review" in markdown
    assert (
        "- [ ] 2026-12-08 Review single-variable-calculus@overview — 15 min, with "
        "[calc-video](https://example.org/calc)" in markdown
    )
    target = tmp_path / "plan.ics"
    assert cli(*PLAN, "--time", "19:00", "-o", str(target)).exit_code == 0
    calendar = target.read_text(encoding="utf-8")
    assert "SUMMARY:Review single-variable-calculus@overview (15 min)" in calendar
    # The review comes first that evening (study days: tue, thu, sat), study right after it.
    review_at = calendar.index("DTSTART:20261208T190000")
    assert calendar.index("DTSTART:20261208T191500") > review_at
    # The same inputs give the same calendar.
    again = tmp_path / "again.ics"
    assert cli(*PLAN, "--time", "19:00", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == target.read_bytes()


def test_today_shows_the_reviews_due(cli: Any) -> None:
    assert cli("profile", "set", "goals", "dl").exit_code == 0
    out = cli("today").stdout
    assert "Review (1 sitting of 15 min):" in out
    assert "single-variable-calculus@overview" in out
    data = json.loads(cli("today", "--format", "json").stdout)["today"]
    assert [r["topic"] for r in data["reviews"]] == ["single-variable-calculus"]
    cli("review", "single-variable-calculus", "--rating", "good")
    assert "Review (" not in cli("today").stdout


def test_status_and_plan_say_how_many_reviews_are_due(cli: Any) -> None:
    due = "1 review due now (15 min): mathpath review"
    assert cli("status", "--goal", "dl").stdout.rstrip().endswith(due)
    assert cli("plan", "--goal", "dl").stdout.rstrip().endswith(due)
    assert due not in cli("plan", "--goal", "dl", "--no-review").stdout
    assert due not in cli("plan", "--goal", "dl", "--fresh").stdout  # as if nothing recorded
    cli("review", "single-variable-calculus", "--rating", "good")
    assert "due now" not in cli("status", "--goal", "dl").stdout
    assert "due now" not in cli("plan", "--goal", "dl").stdout


@pytest.mark.parametrize("goal", ["deep-learning", "deep-learning-specialization", "ml-math"])
def test_the_projected_finish_places_the_reviews_as_the_plan_does(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, goal: str
) -> None:
    """The plan view's "projected finish" is its own last day: the reviews the plan places
    slow new study down in the projection too (they were left out of it, two days early)."""
    import re

    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path))
    result = runner.invoke(app, ["plan", "--goal", goal, "--start", "2027-01-04"])
    assert result.exit_code == 0, result.output
    assert "spaced review:" in result.stdout  # the plan has reviews
    last = re.search(r"Dates +\S+ to (\S+)", result.stdout)
    projected = re.search(r"projected finish [^:]*: (\S+)\.", result.stdout)
    assert last is not None
    assert projected is not None
    assert projected[1] == last[1]
