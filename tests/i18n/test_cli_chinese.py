"""The command line in Chinese: chosen by the locale, overridden by --lang, machine output the
same in every language, Chinese titles never cut."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathpath.catalog import load_catalog
from mathpath.cli import app

CHINESE = {"LANG": "zh_CN.UTF-8"}


def run(
    runner: CliRunner, *args: str, width: int = 100, env: Mapping[str, str] | None = None
) -> str:
    result = runner.invoke(app, list(args), env={"MATHPATH_WIDTH": str(width), **(env or {})})
    assert result.exit_code == 0, result.output
    return result.output


def test_a_chinese_locale_gives_chinese_headings(runner: CliRunner) -> None:
    out = run(runner, "plan", "--goal", "deep-learning", env=CHINESE)
    for heading in ("目标", "总计", "学习顺序", "逐周安排"):
        assert heading in out
    assert "Study order" not in out
    assert "Week by week" not in out


def test_lang_en_overrides_the_environment(runner: CliRunner) -> None:
    out = run(runner, "plan", "--goal", "deep-learning", "--lang", "en", env=CHINESE)
    assert "Study order" in out
    assert "学习顺序" not in out


def test_the_global_lang_option_sets_the_interface(runner: CliRunner) -> None:
    out = run(runner, "--lang", "zh", "plan", "--goal", "deep-learning")
    assert "学习顺序" in out


def test_help_is_chinese_under_a_chinese_locale(runner: CliRunner) -> None:
    out = run(runner, "plan", "--help", env=CHINESE)
    assert out.startswith("用法：")
    assert "选项：" in out
    assert "显示此帮助并退出。" in out
    assert "Options:" not in out


def test_chinese_help_lines_fit_the_terminal(runner: CliRunner) -> None:
    from mathpath.cli.helpfmt import cells

    out = run(runner, "plan", "--help", width=80, env={**CHINESE, "COLUMNS": "80"})
    too_wide = [line for line in out.splitlines() if cells(line) > 80]
    # A line may run past only with a whole word it cannot break (an option name, an id).
    assert all(" " not in line.strip() or "--" in line for line in too_wide), too_wide


def _ids_and_keys(value: object) -> object:
    """The plan JSON with every localised display field (titles, names, reasons, notes) left
    out: what remains must be the same in every language."""
    localised = {"title", "goal_name", "reason", "notes", "titles", "name", "label"}
    if isinstance(value, dict):
        return {k: _ids_and_keys(v) for k, v in value.items() if k not in localised}
    if isinstance(value, list):
        return [_ids_and_keys(v) for v in value]
    return value


def test_json_keys_and_ids_are_the_same_in_every_language(runner: CliRunner) -> None:
    args = ("plan", "--goal", "deep-learning", "--start", "2027-01-04", "--format", "json")
    english = json.loads(run(runner, *args))
    chinese = json.loads(run(runner, *args, env=CHINESE))
    assert _ids_and_keys(chinese) == _ids_and_keys(english)
    assert [i["id"] for i in chinese["items"]] == [i["id"] for i in english["items"]]


@pytest.mark.parametrize("width", [80, 100])
def test_chinese_titles_are_wrapped_never_cut(runner: CliRunner, width: int) -> None:
    catalog = load_catalog()
    out = run(runner, "plan", "--goal", "ml-math", "--lang", "zh", width=width)
    assert "…" not in out
    flat = re.sub(r"\s+", "", out)
    plan = json.loads(run(runner, "plan", "--goal", "ml-math", "--lang", "zh", "--format", "json"))
    titles = [catalog.resource_by_id[i["id"]].titles.get("zh") for i in plan["items"]]
    shown = [t for t in titles if t]
    assert shown, "the ml-math plan should have Chinese titles to show"
    for title in shown:
        assert re.sub(r"\s+", "", title) in flat


@pytest.mark.parametrize("width", [80, 100])
def test_the_chinese_list_wraps_titles(runner: CliRunner, width: int) -> None:
    out = run(runner, "list", "--lang", "zh", width=width)
    assert "…" not in out


def test_a_language_with_no_resources_and_no_interface_is_said_once(runner: CliRunner) -> None:
    out = run(runner, "plan", "--goal", "deep-learning", "--lang", "fr")
    assert out.count("no resource in the catalog has material in fr") == 1
    assert "Study order" in out  # and the plan is shown, in English


def test_status_and_today_show_chinese_titles_marked_and_chinese_links(
    runner: CliRunner, tmp_path: Path
) -> None:
    env = {**CHINESE, "MATHPATH_HOME": str(tmp_path)}
    run(runner, "profile", "set", "goals", "deep-learning", env=env)
    run(runner, "done", "oct-calculus-35min", env=env)
    status = run(runner, "status", env=env)
    assert "35 分钟看懂微积分（仅英文）" in status  # a Chinese title, English material: marked
    assert "线性代数的本质" in status
    today = run(runner, "today", "--week", env=env)
    assert "https://www.bilibili.com/video/BV1ys411472E" in today  # the Chinese edition
