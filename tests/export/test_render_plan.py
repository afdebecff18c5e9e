"""The exporter dispatcher and writing exports safely (the API that ``plan --output`` uses)."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from mathpath.errors import OutputError, UsageError
from mathpath.export import EXPORT_FORMATS, format_for_path, render_plan
from mathpath.export.ics import plan_to_ics
from mathpath.export.markdown import plan_to_markdown
from mathpath.learner.files import atomic_write
from mathpath.planning.plans import Plan, format_duration


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("plan.md", "markdown"),
        ("plan.markdown", "markdown"),
        ("PLAN.MD", "markdown"),
        ("cal.ics", "ics"),
        ("out/plan.json", "json"),
    ],
)
def test_format_from_suffix(name: str, fmt: str) -> None:
    assert format_for_path(Path(name)) == fmt
    assert fmt in EXPORT_FORMATS


@pytest.mark.parametrize("name", ["plan.txt", "plan", "plan.md.bak", ".md"])
def test_unknown_suffix_names_the_choices(name: str) -> None:
    with pytest.raises(UsageError, match="cannot tell the export format") as info:
        format_for_path(Path(name))
    assert ".md, .markdown, .ics, .json" in info.value.hint
    assert "--format" in info.value.hint


def test_dispatch(plan: Plan) -> None:
    assert render_plan(plan, "markdown", lang="zh") == plan_to_markdown(plan, lang="zh").encode()
    seven = datetime.time(7, 0)
    assert render_plan(plan, "ics", time_of_day=seven) == plan_to_ics(plan, time_of_day=seven)
    assert render_plan(plan, "json").startswith(b"{\n")
    with pytest.raises(UsageError, match="unknown export format 'pdf'"):
        render_plan(plan, "pdf")


def test_exporters_do_not_import_the_cli_or_rich(plan: Plan) -> None:
    for fmt in EXPORT_FORMATS:
        render_plan(plan, fmt)
    import mathpath.export.dot
    import mathpath.export.mermaid
    import mathpath.planning.prereq_graph  # noqa: F401

    for name in ("mathpath.export", "mathpath.export.markdown", "mathpath.export.ics"):
        source = Path(sys.modules[name].__file__ or "").read_text(encoding="utf-8")
        assert "import typer" not in source
        assert "import rich" not in source
        assert "from rich" not in source
        assert "print(" not in source


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_written_atomically_and_never_over_an_existing_file(
    plan: Plan, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"plan.{fmt}"
    data = render_plan(plan, fmt)
    atomic_write(target, data, overwrite=False)
    assert target.read_bytes() == data
    target.write_bytes(b"the learner's own notes")
    with pytest.raises(OutputError, match="already exists") as info:
        atomic_write(target, data, overwrite=False)
    assert "--force" in info.value.hint
    assert target.read_bytes() == b"the learner's own notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temp file left
    atomic_write(target, data, overwrite=True)
    assert target.read_bytes() == data


def test_missing_folder_is_a_clear_output_error(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        atomic_write(tmp_path / "nope" / "plan.md", render_plan(plan, "markdown"), overwrite=False)
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"), (15, "15 min"), (90, "1 h 30 min"), (120, "2 h"), (52, "52 min"),
        (112, "1 h 52 min"),
    ],
)  # fmt: skip
def test_durations_are_in_one_style_exact_to_the_minute(minutes: int, text: str) -> None:
    assert format_duration(minutes) == text


def test_text_exporters_load_neither_icalendar_nor_the_cli() -> None:
    script = (
        "import sys\n"
        "import mathpath.export, mathpath.export.markdown, mathpath.export.mermaid\n"
        "import mathpath.export.dot, mathpath.export.ics, mathpath.planning.prereq_graph\n"
        "print(sorted(m for m in ('icalendar', 'rich', 'typer') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
