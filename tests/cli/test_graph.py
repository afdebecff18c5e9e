"""``mathpath graph`` through the CLI, on the mini fixture (goal ``dl``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--catalog", str(MINI), "graph", *args])

    return invoke


def test_tree_is_the_default(run: Any) -> None:
    result = run("--goal", "dl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Deep learning"
    assert lines[1] == "└── Deep learning (needed at working)"
    text = result.stdout
    assert "Precalculus (✓ assumed)" in text
    # Titles with markup characters are shown as written, not read as Rich markup.
    assert "Calculus: the movie [short] (Example, 1 h) teaches it at overview" in text
    assert "Linear algebra | a book (Example, 40 h) teaches it at working" in text
    assert "Calculus course (Example, 100 h) teaches it at thorough" in text
    assert "\x1b[" not in text


def test_known_topics_are_marked_and_not_expanded(run: Any) -> None:
    result = run("--goal", "dl", "--know", "linear-algebra")
    assert result.exit_code == 0, result.stderr
    assert "Linear algebra (✓ known)" in result.stdout
    assert "Linear algebra | a book" not in result.stdout  # nothing to learn below a known topic
    shallow = run("--goal", "dl", "--know", "linear-algebra@overview", "--know", "calculus")
    assert "Linear algebra (✓ known)" in shallow.stdout  # overview is all that dl needs here
    assert "Single-variable calculus (✓ known)" in shallow.stdout  # calculus is broad


def test_done_resource_counts_as_known(run: Any) -> None:
    result = run("--goal", "dl", "--done", "calc-course")
    assert result.exit_code == 0, result.stderr
    assert "Single-variable calculus (✓ known)" in result.stdout


def test_mermaid(run: Any) -> None:
    result = run("--goal", "dl", "--format", "mermaid")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    assert re.search(r'^    r_la_book_[0-9a-f]{6}\("Linear algebra \| a book', result.stdout, re.M)
    assert "r_calc_video_" in result.stdout
    assert '"Calculus#58; the movie [short]' in result.stdout
    assert result.stdout.endswith("\n")
    assert not result.stdout.endswith("\n\n")


def test_dot(run: Any, tmp_path: Path) -> None:
    result = run("--goal", "dl", "--format", "dot")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('digraph "mathpath: dl" {\n')
    assert '"resource:la-book" [label="Linear algebra | a book\\n(Example, 40 h)"' in result.stdout
    assert result.stdout.endswith("}\n")
    if shutil.which("dot"):
        check = subprocess.run(["dot", "-Tsvg"], input=result.stdout.encode(), capture_output=True)
        assert check.returncode == 0, check.stderr.decode()


def test_same_output_every_time(run: Any) -> None:
    for fmt in ("tree", "mermaid", "dot"):
        assert run("--goal", "dl", "--format", fmt).stdout == run("--goal", "dl", "-f", fmt).stdout


def test_plan_shows_only_the_chosen_resources(run: Any) -> None:
    pytest.importorskip("mathpath.planning")
    result = run("--goal", "dl", "--plan")
    assert result.exit_code == 0, result.stderr
    assert "Deep learning course (20 h)" in result.stdout
    assert "Calculus: the movie [short] (1 h)" in result.stdout
    assert "Calculus course" not in result.stdout  # 100 h: not chosen
    dot = run("--goal", "dl", "--plan", "--format", "dot").stdout
    assert '"resource:calc-video" -> "resource:dl-course";' in dot
    assert '"resource:la-book" -> "resource:dl-course";' in dot
    assert "topic:" not in dot
    known = run("--goal", "dl", "--plan", "--know", "linear-algebra")
    assert known.exit_code == 0, known.stderr
    assert "Linear algebra | a book" not in known.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--goal", "dll"], "unknown goal 'dll'"),
        (["--goal", "dl", "--format", "svg"], "unknown graph format 'svg'"),
        (["--goal", "dl", "--know", "linear-algebr"], "unknown topic 'linear-algebr'"),
        (["--goal", "dl", "--know", "linear-algebra@deep"], "unknown depth 'deep'"),
        (["--goal", "dl", "--know", "Linear Algebra"], "is not a topic id"),
        (["--goal", "dl", "--done", "la-bok"], "unknown resource 'la-bok'"),
    ],
)
def test_mistakes_are_usage_errors(run: Any, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert message in result.stderr
    assert result.stdout == ""


def test_unknown_goal_suggests(run: Any) -> None:
    assert "did you mean 'dl'" in run("--goal", "dll").stderr
