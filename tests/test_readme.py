"""The README stays true: its quick start is what CI runs, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from markdown_it import MarkdownIt

from mathpath.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    tokens = MarkdownIt("commonmark").parse(section)
    return [t.content.strip() for t in tokens if t.type == "fence" and t.info == "sh"]


def test_quick_start_is_two_commands_install_and_plan_then_install_and_test() -> None:
    first, second = _quick_start_commands()
    assert "pip install ." in first
    assert first.endswith("mathpath plan --goal deep-learning")
    assert "pip install '.[test]'" in second
    assert "pytest" in second


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, test_command = _quick_start_commands()
    assert test_command in ci.splitlines()


def _command_paths() -> list[str]:
    root = typer.main.get_command(app)
    paths: list[str] = []

    def walk(command: object, prefix: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            path = f"{prefix} {name}".strip()
            if getattr(sub, "commands", None):
                walk(sub, path)
            else:
                paths.append(path)

    walk(root, "")
    return sorted(paths)


def test_every_command_is_documented_in_the_readme() -> None:
    paths = _command_paths()
    assert {"plan", "why", "list", "show", "validate", "graph", "status"} <= set(paths)
    missing = [p for p in paths if not re.search(rf"mathpath(?: --\S+(?: \S+)?)* {p}\b", README)]
    assert missing == []


def test_each_section_draft_in_docs_readme_is_in_the_readme_word_for_word() -> None:
    # The README is assembled from these drafts; an edit to one side only would leave two
    # versions of the same section.
    drafts = sorted((ROOT / "docs" / "readme").glob("*.md"))
    assert drafts
    stale = [d.name for d in drafts if d.read_text(encoding="utf-8").rstrip("\n") not in README]
    assert stale == []
