"""End to end: ``mathpath plan --goal dl --output FILE`` on the mini fixture."""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode

pytest.importorskip("mathpath.planning")

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2025-01-06"]


def plan(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["--catalog", str(MINI), "plan", "--goal", "dl", *START, *args])


def test_markdown_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    result = plan(runner, "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    text = target.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
    assert text.startswith("# Study plan: Deep learning\n")
    assert "[Linear algebra \\| a book](https://example.org/la)" in text
    assert [t.info for t in tokens if t.type == "fence"] == ["mermaid", "mermaid"]
    # The same plan, the same bytes: into a second file, and to stdout.
    again = tmp_path / "again.markdown"
    assert plan(runner, "--output", str(again)).exit_code == 0
    assert again.read_bytes() == target.read_bytes()
    assert plan(runner, "--format", "markdown").stdout == text


def test_ics_file_with_a_time(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    result = plan(runner, "--output", str(target), "--time", "19:30")
    assert result.exit_code == 0, result.stderr
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events
    starts = [e.decoded("DTSTART") for e in events]
    first = {start.date(): start for start in sorted(starts, reverse=True)}  # each day's first
    assert all(start.time() == time(19, 30) for start in first.values())
    assert all(start.hour >= 19 for start in starts)  # a day's later sittings follow on
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_json_file_is_stdout_json(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    assert plan(runner, "--output", str(target)).exit_code == 0
    stdout = plan(runner, "--format", "json").stdout
    assert target.read_text(encoding="utf-8") == stdout
    assert json.loads(stdout)["goal"]


def test_format_overrides_the_suffix(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.txt"
    assert plan(runner, "--output", str(target)).exit_code == ExitCode.USAGE
    assert not target.exists()
    assert plan(runner, "--output", str(target), "--format", "ics").exit_code == 0
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("my notes", encoding="utf-8")
    result = plan(runner, "--output", str(target))
    assert result.exit_code == ExitCode.OUTPUT
    assert "already exists" in result.stderr
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "my notes"
    assert plan(runner, "--output", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Study plan")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = plan(runner, "--output", str(tmp_path / "missing" / "plan.md"))
    assert result.exit_code == ExitCode.OUTPUT
    assert "does not exist" in result.stderr
