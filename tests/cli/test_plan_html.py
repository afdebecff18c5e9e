"""``mathpath plan -o plan.html`` and ``--format html`` through the CLI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mathpath.cli import app
from mathpath.errors import ExitCode

html5lib = pytest.importorskip("html5lib")

MINI = Path(__file__).parents[1] / "fixtures" / "mini.yaml"
START = ["--start", "2026-03-02"]
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["--catalog", str(MINI), "plan", "--goal", "dl", *START, *args])

    return invoke


def parse(data: bytes) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(data)


def test_the_suffix_makes_an_html_page(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    result = run("-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    # 44 study sessions: the plan's spaced reviews take time from new study (--no-review: 43)
    assert result.stderr == f"wrote {target} (html: 3 resources, 44 sessions)\n"
    tree = parse(target.read_bytes())
    boxes = [i.get("data-id") for i in tree.iter(f"{XHTML}input")]
    assert boxes == ["calc-video", "la-book", "dl-course"]


def test_format_html_on_stdout_and_into_any_file_name(run: Any, tmp_path: Path) -> None:
    shown = run("--format", "html")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.startswith("<!DOCTYPE html>\n")
    target = tmp_path / "plan.page"
    written = run("--format", "html", "-o", str(target))
    assert written.exit_code == 0, written.stderr
    assert target.read_text(encoding="utf-8") == shown.stdout  # the same inputs, the same bytes


def test_an_existing_page_is_kept_without_force(run: Any, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    target.write_text("my notes", encoding="utf-8")
    refused = run("-o", str(target))
    assert refused.exit_code == ExitCode.OUTPUT
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert target.read_text(encoding="utf-8") == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html"]  # no temporary left
    forced = run("-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")


def test_same_plan_twice_gives_the_same_file(run: Any, tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run("-o", str(first)).exit_code == 0
    assert run("-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_lang_zh_gives_the_chinese_view(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    bundled = ["plan", "--goal", "deep-learning", *START, "--lang", "zh", "-o", str(target)]
    result = runner.invoke(app, bundled)
    assert result.exit_code == 0, result.stderr
    tree = parse(target.read_bytes())
    assert tree.get("lang") == "zh"
    titles = [d for d in tree.iter(f"{XHTML}div") if d.get("class") == "title"]
    assert any("线性代数的本质" in "".join(title.itertext()) for title in titles)
    # The links the markdown export gives its tasks for --lang zh: the Chinese edition first
    # where there is one (Bilibili for 3Blue1Brown), the original beside it.
    markdown = runner.invoke(app, [*bundled[:-2], "--format", "markdown"])
    assert markdown.exit_code == 0, markdown.stderr
    tasks = [line for line in markdown.stdout.splitlines() if line.startswith("- [ ] [")]
    from mathpath.export.markdown import md_url

    for title, task in zip(titles, tasks, strict=True):
        hrefs = [md_url(a.get("href")) for a in title.iter(f"{XHTML}a")]
        assert hrefs == re.findall(r"\]\((\S+?)\)(?: |$|\)|:)", task), task
    assert any("bilibili" in a.get("href", "") for a in tree.iter(f"{XHTML}a"))


def test_an_unknown_format_names_html_among_the_choices(run: Any) -> None:
    result = run("--format", "pdf")
    assert result.exit_code == ExitCode.USAGE
    assert "html" in result.stderr
