"""`mathpath today` through the CLI: text and JSON, with and without a committed plan."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mathpath.cli import options
from mathpath.cli.app import app

TODAY = dt.date(2024, 3, 11)  # a Monday


@pytest.fixture
def cli(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_catalog_path: Path
) -> Any:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(options, "today", lambda: TODAY)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--catalog", str(mini_catalog_path), *args])

    assert invoke("profile", "set", "goals", "dl").exit_code == 0
    return invoke


def body(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = json.loads(result.stdout)
    assert (data["schema_version"], data["kind"]) == (1, "today")
    return data["today"]  # type: ignore[no-any-return]


def test_today_without_a_committed_plan_shows_the_implied_sessions(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("today")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Mon 2024-03-11 — goal dl" in out
    assert "calc-video" in out
    assert "https://example.org/calc" in out
    assert "no committed plan" in out
    data = body(cli("today", "--format", "json"))
    assert data["committed"] is False
    sessions = data["sessions"] or data["next"]
    assert sessions[0]["id"] == "calc-video"
    assert sessions[0]["url"] == "https://example.org/calc"
    assert data["forecast"]["remaining_minutes"] > 0


def test_today_against_a_committed_plan_reports_what_is_overdue(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("plan", "--save", "--start", "2024-03-04").exit_code == 0
    data = body(cli("today", "--format", "json"))
    assert data["committed"] is True
    assert data["overdue"], data
    assert data["ahead_minutes"] < 0
    assert data["day_number"] == 8
    assert "behind" in cli("today").stdout


def test_a_finished_goal_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("plan", "--save").exit_code == 0
    for resource in ("calc-video", "la-book", "dl-course"):
        cli("done", resource)
    data = body(cli("today", "--format", "json"))
    assert data["finished"] is True
    assert data["forecast"]["remaining_minutes"] == 0
    assert "Everything in the plan is done." in cli("today").stdout


def test_date_words_and_the_week(cli) -> None:  # type: ignore[no-untyped-def]
    assert body(cli("today", "--date", "tomorrow", "--format", "json"))["date"] == "2024-03-12"
    assert body(cli("today", "--date", "fri", "--format", "json"))["date"] == "2024-03-15"
    week = body(cli("today", "--week", "--format", "json"))
    assert week["days"][0] == "2024-03-11"
    assert len(week["days"]) == 7
    assert cli("log", "calc-video", "1", "--date", "fri").stdout.endswith("on 2024-03-08, 1 h\n")


def test_usage_errors(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("today", "--goal", "deep")
    assert result.exit_code == 2
    assert "unknown goal 'deep'" in result.stderr
    assert "goals: dl" in result.stderr
    assert "goals: dl" in cli("status", "--goal", "deep").stderr
    assert cli("today", "--format", "xml").exit_code == 2
    assert "not a date" in cli("today", "--date", "someday").stderr
