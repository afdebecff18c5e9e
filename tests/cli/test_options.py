"""Every command reads the same words the same way, and every command that plans builds its
request in one place: the command line over the profile, plus the progress recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.planning.test_request import BAD_DAY_WORDS, DAY_WORDS
from tests.support.output import json_body
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode
from mathpath.planning.defaults import WEEKDAYS

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2026-03-02"]


@pytest.fixture
def run(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("MATHPATH_HOME", str(tmp_path / "home"))

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--catalog", str(MINI), *args])

    return invoke


def plan_json(run: Any, *args: str) -> dict[str, Any]:
    result = run("plan", "--goal", "dl", *START, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(("words", "days"), [(w, d) for w, d in DAY_WORDS if w.strip()])
def test_plan_days_and_profile_study_days_accept_the_same_words(
    run: Any, words: str, days: tuple[int, ...]
) -> None:
    names = [WEEKDAYS[d] for d in days]
    assert plan_json(run, "--days", words)["options"]["study_days"] == names
    result = run("profile", "set", "study_days", words)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"study_days = {json.dumps(names)}\n"
    assert plan_json(run)["options"]["study_days"] == names  # and the plan reads it back


@pytest.mark.parametrize("words", [w for w in BAD_DAY_WORDS if w.strip()])
def test_plan_days_and_profile_study_days_refuse_the_same_words(run: Any, words: str) -> None:
    plan = run("plan", "--goal", "dl", "--days", words)
    profile = run("profile", "set", "study_days", words)
    assert plan.exit_code == profile.exit_code == ExitCode.USAGE
    assert plan.stderr.startswith("error: --days: ")
    assert profile.stderr.startswith("error: study_days: ")
    assert plan.stderr.removeprefix("error: --days") == profile.stderr.removeprefix(
        "error: study_days"
    ).replace("e.g. study_days", "e.g. --days")


@pytest.mark.parametrize(
    ("option", "key", "words"),
    [
        ("--hours-per-week", "hours_per_week", ["8", "0.5", "168"]),
        ("--session-hours", "session_hours", ["1.5", "24"]),
        ("--prefer", "prefer", ["video", "videos", "Textbook,video-series"]),
        ("--max-level", "max_level", ["Intermediate", "advanced"]),
        ("--lang", "lang", ["zh", "ZH"]),
    ],
)
def test_other_values_are_read_alike(run: Any, option: str, key: str, words: list[str]) -> None:
    for word in words:
        said = plan_json(run, option, word)
        assert run("profile", "set", key, word).exit_code == 0
        assert plan_json(run) == said, (option, word)


@pytest.mark.parametrize(
    ("option", "key", "word"),
    [
        ("--hours-per-week", "hours_per_week", "0"),
        ("--hours-per-week", "hours_per_week", "200"),
        ("--session-hours", "session_hours", "25"),
        ("--prefer", "prefer", "podcast"),
        ("--max-level", "max_level", "expert"),
        ("--lang", "lang", "chinese!"),
    ],
)
def test_other_values_are_refused_alike(run: Any, option: str, key: str, word: str) -> None:
    plan = run("plan", "--goal", "dl", option, word)
    profile = run("profile", "set", key, word)
    assert plan.exit_code == profile.exit_code == ExitCode.USAGE
    assert plan.stderr.removeprefix(f"error: {option}") == profile.stderr.removeprefix(
        f"error: {key}"
    )


def test_graph_plan_uses_the_profile_like_plan(run: Any) -> None:
    def graph_ids() -> set[str]:
        result = run("graph", "--goal", "dl", "--plan", "--format", "dot")
        assert result.exit_code == 0, result.stderr
        return {rid for rid in ("calc-video", "calc-course", "la-book", "dl-course")
                if f'"resource:{rid}"' in result.stdout}  # fmt: skip

    def plan_ids() -> set[str]:
        return {item["id"] for item in plan_json(run)["items"]}

    assert graph_ids() == plan_ids() == {"calc-video", "la-book", "dl-course"}
    assert run("know", "linear-algebra").exit_code == 0  # the profile now knows it
    assert graph_ids() == plan_ids() == {"calc-video", "dl-course"}
    assert run("done", "calc-video", "--date", "2026-03-01").exit_code == 0  # progress too
    assert graph_ids() == plan_ids() == {"dl-course"}
    fresh = run("graph", "--goal", "dl", "--plan", "--format", "dot", "--fresh")
    assert '"resource:calc-video"' in fresh.stdout


def test_why_and_status_read_the_profile_too(run: Any) -> None:
    assert run("profile", "set", "goals", "dl").exit_code == 0
    assert run("know", "linear-algebra").exit_code == 0
    why = run("why", "la-book", *START, "--json")
    assert why.exit_code == 0, why.stderr
    assert json_body(why.stdout, "explanation")["kind"] == "known"
    status = run("status", "--json")
    assert status.exit_code == 0, status.stderr
    assert "la-book" not in [item["id"] for item in json_body(status.stdout, "status")["items"]]
