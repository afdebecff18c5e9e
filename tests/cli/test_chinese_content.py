"""Chinese content through the CLI, on the bundled catalog (issue 12, items 2 and 3): the
Chinese edition linked first with the original beside it, the support marks, ``--require-lang``
on plan, why, graph --plan and the profile."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from tests.support.output import json_body
from typer.testing import CliRunner, Result

from mathpath.catalog.language import Support, item_support, language_support
from mathpath.catalog.load import load_catalog
from mathpath.catalog.models import Catalog
from mathpath.cli import app
from mathpath.errors import ExitCode

START = ["--start", "2026-12-07"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str) -> Result:
        return runner.invoke(app, list(args))

    return invoke


def _plan_json(run: Any, *args: str) -> dict[str, Any]:
    result = run("plan", *args, *START, "--format", "json")
    assert result.exit_code == 0, result.stderr
    body: dict[str, Any] = json.loads(result.stdout)
    assert body["kind"] == "plan"  # the plan's fields sit beside the envelope's
    return body


def _supports(catalog: Catalog, item: dict[str, Any]) -> list[Support]:
    resource = catalog.resource_by_id[item["id"]]
    parts = [resource.part_by_id[p] for p in item["parts"]]
    if not parts:
        return [language_support(resource, "zh").kind]
    return [language_support(resource, "zh", part).kind for part in parts]


def test_require_lang_plans_deep_learning_with_chinese_material_only(
    run: Any, catalog: Catalog
) -> None:
    body = _plan_json(run, "--goal", "deep-learning", "--require-lang", "zh")
    assert body["options"]["require_lang"] == "zh"
    assert body["options"]["lang"] == "zh"  # requiring a language favours it too
    assert body["items"]
    for item in body["items"]:
        assert item["lang_support"] != "none", item["id"]
        assert Support.NONE not in _supports(catalog, item), item["id"]


def test_lang_zh_links_each_item_to_its_chinese_edition_in_json(run: Any, catalog: Catalog) -> None:
    for goal in ("deep-learning", "deep-learning-specialization", "linear-algebra"):
        body = _plan_json(run, "--goal", goal, "--lang", "zh")
        for item in body["items"]:
            resource = catalog.resource_by_id[item["id"]]
            parts = tuple(resource.part_by_id[p] for p in item["parts"])
            support = item_support(resource, "zh", parts)
            assert item["lang_support"] == support.kind.value
            assert item["url"] == resource.url  # the original, kept
            assert item["url_localised"] == support.localised_url
            if support.kind in (Support.SUBTITLES, Support.TRANSLATION) and support.url:
                assert item["url_localised"] == support.url != resource.url


def test_the_chinese_links_of_the_deep_learning_plan(run: Any) -> None:
    body = _plan_json(run, "--goal", "deep-learning", "--lang", "zh")
    links = {item["id"]: (item["lang_support"], item["url_localised"]) for item in body["items"]}
    assert links == {
        "oct-calculus-35min": ("none", None),
        "3b1b-essence-linear-algebra": ("subtitles", "https://www.bilibili.com/video/BV1ys411472E"),
        "3b1b-bayes": ("none", None),
        "mit-6.s191": ("none", None),
    }


def test_without_lang_the_display_fields_are_null(run: Any) -> None:
    body = _plan_json(run, "--goal", "deep-learning")
    assert body["options"]["require_lang"] is None
    assert {(i["lang_support"], i["url_localised"]) for i in body["items"]} == {(None, None)}


def test_markdown_links_the_chinese_edition_first_and_keeps_the_original(run: Any) -> None:
    result = run("plan", "--goal", "deep-learning", "--lang", "zh", *START, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    # The Chinese edition is the link; the original follows in parentheses, under the word the
    # interface language uses for it ("original", 原版).
    linked = re.compile(
        r"\[线性代数的本质\]\(https://www\.bilibili\.com/video/BV1ys411472E\) "
        r"\(\[[^\]]+\]\(https://www\.youtube\.com/playlist\?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab\)\)"
    )
    assert linked.search(text), text
    # The Chinese title of 6.S191, which has no Chinese edition, goes with the mark that says so.
    line = next(line for line in text.splitlines() if "MIT 6.S191）]" in line)
    assert "(https://introtodeeplearning.com/)" in line
    assert " · " in line
    assert "English only" in line or "仅英文" in line


def test_english_markdown_is_unchanged_by_the_marks(run: Any) -> None:
    result = run("plan", "--goal", "deep-learning", *START, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert " · " not in result.stdout.split("## Schedule")[0]
    assert "bilibili" not in result.stdout


def test_require_lang_names_the_topics_it_cannot_cover(run: Any) -> None:
    result = run("plan", "--goal", "calculus", "--require-lang", "zh", *START)
    assert result.exit_code == ExitCode.PLAN, result.stderr
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    for topic in ("differential-equations", "multivariable-calculus", "single-variable-calculus"):
        assert topic in result.stderr
    assert "--require-lang zh" in result.stderr


def test_a_bad_require_lang_is_a_usage_error(run: Any) -> None:
    result = run("plan", "--goal", "deep-learning", "--require-lang", "chinese!", *START)
    assert result.exit_code == ExitCode.USAGE, result.stderr
    assert "--require-lang" in result.stderr
    assert "Traceback" not in result.stderr


def test_graph_plan_and_why_take_require_lang(run: Any) -> None:
    result = run("graph", "--goal", "deep-learning", "--plan", "--require-lang", "zh",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    ids = {
        node["id"]
        for node in json_body(result.stdout, "graph")["nodes"]
        if node["kind"] == "resource"
    }
    assert "mit-6.s191" not in ids
    assert "ng-deep-learning-specialization" in ids
    why = run("why", "mit-6.s191", "--goal", "deep-learning", "--require-lang", "zh")
    assert why.exit_code == 0, why.stderr
    assert "--require-lang zh" in why.stdout


def test_the_profile_keeps_require_lang(run: Any) -> None:
    set_ = run("profile", "set", "require_lang", "zh")
    assert set_.exit_code == 0, set_.stderr
    body = _plan_json(run, "--goal", "deep-learning")
    assert body["options"]["require_lang"] == "zh"
    assert "mit-6.s191" not in [item["id"] for item in body["items"]]
    bad = run("profile", "set", "require_lang", "not a code")
    assert bad.exit_code == ExitCode.USAGE
    shown = json_body(run("profile", "show", "--json").stdout, "profile")
    assert shown["profile"]["require_lang"] == "zh"  # the bad value changed nothing


def test_next_offers_only_resources_with_material_in_the_required_language(run: Any) -> None:
    def offered(*extra: str) -> list[str]:
        result = run("next", "--goal", "deep-learning", "-n", "100", "--format", "json", *extra)
        assert result.exit_code == 0, result.stderr
        return [row["id"] for row in json_body(result.stdout, "next")["resources"]]

    assert "oct-calculus-35min" in offered()
    chinese = offered("--require-lang", "zh")
    assert "oct-calculus-35min" not in chinese  # English only
    assert "3b1b-essence-calculus" in chinese  # Chinese subtitles on Bilibili


def test_the_calendar_links_the_chinese_edition_and_keeps_the_original(run: Any) -> None:
    from icalendar import Calendar

    result = run("plan", "--goal", "deep-learning", "--lang", "zh", *START, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    events = list(Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))
    # The study sessions' events (a review, "Review topic@depth", links Bilibili too).
    studied = [e for e in events if "URL" in e and "@" not in str(e["SUMMARY"])]
    by_url: dict[str, Any] = {str(e["URL"]): e for e in studied}
    bilibili = by_url["https://www.bilibili.com/video/BV1ys411472E"]
    description = str(bilibili["DESCRIPTION"])
    assert description.startswith("https://www.bilibili.com/video/BV1ys411472E\n")
    assert "https://www.youtube.com/playlist?list=PLZHQObOWTQDPD3MizzM2xVFitgF8hE_ab" in description
    course = by_url["https://introtodeeplearning.com/"]
    assert "English only" in str(course["SUMMARY"]) or "仅英文" in str(course["SUMMARY"])


def test_reviews_link_the_chinese_edition_in_the_exports_and_the_original_in_json(
    run: Any,
) -> None:
    # The Python tutorial is reviewed with the resource itself: its Chinese translation.
    args = ("plan", "--goal", "deep-learning", "--require-lang", "zh", *START)
    markdown = run(*args, "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    reviews = [line for line in markdown.stdout.splitlines() if "Review python@" in line]
    assert reviews
    assert all("(https://docs.python.org/zh-cn/3/tutorial/)" in line for line in reviews)
    calendar = run(*args, "--format", "ics")
    assert calendar.exit_code == 0, calendar.stderr
    from icalendar import Calendar

    events = [
        e
        for e in Calendar.from_ical(calendar.stdout).walk("VEVENT")
        if "python@" in str(e.get("summary"))
    ]
    assert events
    assert {str(e.get("url")) for e in events} == {"https://docs.python.org/zh-cn/3/tutorial/"}
    body = _plan_json(run, "--goal", "deep-learning", "--require-lang", "zh")
    urls = {s["url"] for s in body["sessions"] if s["kind"] == "review" and s["topic"] == "python"}
    assert urls == {"https://docs.python.org/3/tutorial/"}
