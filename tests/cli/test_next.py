"""`mathpath next` through the CLI: text and JSON, --know/--done, a bad goal, an empty frontier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mathpath.cli.app import app


@pytest.fixture
def cli(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_catalog_path: Path
) -> Any:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "80")

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--catalog", str(mini_catalog_path), *args])

    return invoke


def body(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["schema_version"], data["kind"]) == (1, "next")
    return data["next"]  # type: ignore[no-any-return]


def test_next_for_a_goal_lists_ids_on_their_own_lines_with_hours(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("next", "--goal", "dl", "--know", "calculus")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "What you can learn next for goal dl (2 topic depths still needed)"
    assert "  40 h  linear-algebra@overview" in lines
    assert "  40 h  la-book" in lines
    assert "    unlocks deep-learning@working" in lines
    assert max(len(line) for line in lines) <= 80


def test_next_json_follows_the_profile_goal_and_counts_what_the_limit_leaves_out(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("profile", "set", "goals", "dl").exit_code == 0
    data = body(cli("next", "--format", "json", "--limit", "1"))
    assert data["goal"] == "dl"
    assert [row["id"] for row in data["topics"]] == ["single-variable-calculus"]
    assert data["more_topics"] == 1
    assert data["notes"][0] == "goal dl from your profile"


def test_done_makes_what_it_teaches_known(cli) -> None:  # type: ignore[no-untyped-def]
    before = body(cli("next", "--goal", "dl", "--format", "json"))
    after = body(cli("next", "--goal", "dl", "--done", "calc-video", "--format", "json"))
    assert "calc-video" in [row["id"] for row in before["resources"]]
    assert "calc-video" not in [row["id"] for row in after["resources"]]
    assert after["needed"] < before["needed"]


def test_a_bad_goal_or_done_suggests_and_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("next", "--goal", "dk")
    assert result.exit_code == 2
    assert "unknown goal 'dk'" in result.stderr
    assert "goals: dl" in result.stderr
    assert "Traceback" not in result.stderr
    result = cli("next", "--done", "la-bok")
    assert result.exit_code == 2
    assert "unknown resource 'la-bok' in --done" in result.stderr
    assert "la-book" in result.stderr


def test_an_empty_frontier_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    topics = json.loads(cli("topics", "--json").stdout)["topics"]
    know = [arg for t in topics for arg in ("--know", t["id"])]
    result = cli("next", *know)
    assert result.exit_code == 0, result.stderr
    assert "Nothing is ready" in result.stdout
    data = body(cli("next", *know, "--format", "json"))
    assert (data["topics"], data["resources"]) == ([], [])


def test_next_honours_the_preferences_plan_honours(cli) -> None:  # type: ignore[no-untyped-def]
    def offered(*args: str) -> list[str]:
        data = body(cli("next", "--goal", "dl", "--know", "calculus", "--format", "json", *args))
        return [row["id"] for row in data["resources"]]

    assert "la-book" in offered()
    assert "la-book" not in offered("--free-only")  # not free
    assert "la-book" not in offered("--max-level", "intro")  # intermediate
    assert "la-book" not in offered("--exclude", "la-book")
    assert cli("profile", "set", "free_only", "true").exit_code == 0
    assert "la-book" not in offered()  # the profile's preference, as for plan
    assert "la-book" in offered("--paid-ok")  # the command line wins
    result = cli("next", "--goal", "dl", "--know", "calculus", "--free-only")
    assert result.exit_code == 0, result.stderr
    assert "la-book" not in result.stdout


def test_a_bad_level_for_next_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("next", "--max-level", "expert")
    assert result.exit_code == 2
    assert "--max-level: 'expert' is not one of intro, intermediate, advanced" in result.stderr
