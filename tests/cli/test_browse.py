"""The browsing commands through the CLI: exit codes, output, JSON, errors on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.support.output import json_body
from typer.testing import CliRunner, Result

from mathpath.cli import app, browse
from mathpath.errors import ExitCode

FIXTURES = Path(__file__).parents[1] / "fixtures"
BROWSE = FIXTURES / "browse.yaml"
MANY_PROBLEMS = FIXTURES / "bad" / "many-problems.yaml"


@pytest.fixture
def run(runner: CliRunner) -> Any:
    def invoke(*args: str, catalog: Path | None = BROWSE, **kwargs: Any) -> Result:
        prefix = ["--catalog", str(catalog)] if catalog is not None else []
        return runner.invoke(app, [*prefix, *args], **kwargs)

    return invoke


def json_of(result: Result, kind: str = "resources") -> Any:
    assert result.exit_code == 0, result.stderr
    return json_body(result.stdout, kind)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands print as they do to a terminal (the views themselves stay plain text)."""
    monkeypatch.setattr(browse, "_stdout_is_terminal", lambda: True)


class TestList:
    @pytest.mark.usefixtures("terminal")
    def test_table(self, run: Any) -> None:
        result = run("list")
        assert result.exit_code == 0, result.stderr
        for text in ("Single Variable Calculus [18.01SC]", "MIT OpenCourseWare", "~160", "3.5"):
            assert text in result.stdout
        assert "6 resources" in result.stdout
        assert "not shown" not in result.stdout
        assert result.stderr == ""

    def test_piped_it_is_plain_tab_separated_rows(self, run: Any) -> None:
        result = run("list")
        assert result.exit_code == 0, result.stderr
        assert "\x1b[" not in result.stdout
        lines = result.stdout.splitlines()
        ids = [r["id"] for r in json_of(run("list", "--json"))]
        assert [line.split("\t")[0] for line in lines] == ids  # one line each, in order
        assert all(len(line.split("\t")) == 7 for line in lines)
        assert lines[0].split("\t") == [
            "mit-18.01sc", "Single Variable Calculus [18.01SC]", "MIT OpenCourseWare", "course",
            "~160", "intro", "yes",
        ]  # fmt: skip

    def test_piped_rows_keep_the_filters_and_the_language(self, run: Any) -> None:
        lines = run("list", "--lang", "zh", "--free").stdout.splitlines()
        assert [line.split("\t")[0] for line in lines] == [
            r["id"] for r in json_of(run("list", "--lang", "zh", "--free", "--json"))
        ]
        assert any("\t单变量微积分\t" in line for line in lines)

    def test_a_terminal_table_is_capped_and_says_how_many_are_hidden(
        self, run: Any, tmp_path: Path, write_catalog: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(browse, "_stdout_is_terminal", lambda: True)
        monkeypatch.setattr(browse, "LIST_ROWS", 4)
        result = run("list")
        assert result.exit_code == 0, result.stderr
        assert "6 resources, 2 not shown: `mathpath list --all` shows every one" in result.stdout
        assert "Multivariable Calculus" in result.stdout  # the third of six
        assert "Probability course" not in result.stdout  # the sixth
        every = run("list", "--all").stdout
        assert "not shown" not in every
        assert "6 resources" in every

    def test_topic_with_descendants(self, run: Any) -> None:
        rows = json_of(run("list", "--topic", "calculus", "--json"))
        assert [r["id"] for r in rows] == [
            "mit-18.01sc",
            "essence-of-calculus",
            "mit-18.02sc",
            "mit-18.03sc",
        ]

    def test_topic_by_chinese_name_and_alias(self, run: Any) -> None:
        assert [r["id"] for r in json_of(run("list", "-t", "线性代数", "--json"))] == ["strang-la"]
        assert [r["id"] for r in json_of(run("list", "-t", "ODE", "--json"))] == ["mit-18.03sc"]

    def test_json_rows_have_the_documented_keys(self, run: Any) -> None:
        rows = json_of(run("list", "--json"))
        required = {"id", "title", "url", "hours", "format", "level", "free", "teaches", "requires"}
        assert all(required <= set(row) for row in rows)
        strang = next(r for r in rows if r["id"] == "strang-la")
        assert strang["free"] is False
        assert strang["teaches"] == [{"topic": "linear-algebra", "depth": "thorough"}]

    def test_json_is_deterministic_and_keeps_chinese(self, run: Any) -> None:
        first = run("list", "--lang", "zh", "--json").stdout
        assert first == run("list", "--lang", "zh", "--json").stdout
        assert "微积分的本质" in first  # ensure_ascii=False

    @pytest.mark.usefixtures("terminal")
    def test_lang_zh_shows_chinese_titles(self, run: Any) -> None:
        result = run("list", "--lang", "zh")
        assert result.exit_code == 0
        assert "单变量微积分" in result.stdout
        assert "微积分的本质" in result.stdout
        assert "线性代数导论" in result.stdout
        assert "Multivariable" not in result.stdout  # not available in zh

    def test_filters_combine(self, run: Any) -> None:
        args = ["--format", "course", "--level", "intermediate", "--max-hours", "130", "--json"]
        rows = json_of(run("list", *args))
        assert [r["id"] for r in rows] == ["mit-18.03sc"]

    def test_free(self, run: Any) -> None:
        rows = json_of(run("list", "--free", "--json"))
        assert rows
        assert all(r["free"] for r in rows)
        assert "strang-la" not in {r["id"] for r in rows}

    def test_no_match(self, run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        result = run("list", "--lang", "fr")
        assert result.exit_code == 0
        assert result.stdout == ""  # piped: no rows
        assert "No resources match" in result.stderr
        assert json_of(run("list", "--lang", "fr", "--json")) == []
        monkeypatch.setattr(browse, "_stdout_is_terminal", lambda: True)
        assert "No resources match" in run("list", "--lang", "fr").stdout

    def test_unknown_topic_suggests(self, run: Any) -> None:
        result = run("list", "--topic", "calculas")
        assert result.exit_code == ExitCode.USAGE
        assert result.stdout == ""
        assert "error: unknown topic 'calculas'" in result.stderr
        assert "did you mean 'calculus'" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--format", "book"], "not one of course, textbook, video-series, video, interactive"),
            (["--level", "expert"], "not one of intro, intermediate, advanced"),
            (["--max-hours", "0"], "--max-hours must be more than 0"),
            (["--max-hours", "lots"], "--max-hours: 'lots' is not a number"),
        ],
    )
    def test_bad_option_values(self, run: Any, args: list[str], message: str) -> None:
        result = run("list", *args)
        assert result.exit_code == ExitCode.USAGE
        assert message in result.stderr

    def test_catalog_from_environment(self, runner: CliRunner) -> None:
        result = runner.invoke(app, ["list", "--json"], env={"MATHPATH_CATALOG": str(BROWSE)})
        assert len(json_of(result)) == 6

    def test_bundled_catalog_lists_something(self, runner: CliRunner) -> None:
        result = runner.invoke(app, ["list", "--json"])
        rows = json_of(result)
        assert rows
        assert all(r["url"].startswith(("http://", "https://")) for r in rows)

    def test_broken_catalog(self, run: Any) -> None:
        result = run("list", catalog=MANY_PROBLEMS)
        assert result.exit_code == ExitCode.CATALOG
        assert "13 problems found" in result.stderr
        assert result.stdout == ""


class TestShow:
    def test_everything_about_a_resource(self, run: Any) -> None:
        result = run("show", "mit-18.01sc")
        assert result.exit_code == 0, result.stderr
        for text in (
            "Single Variable Calculus [18.01SC]",
            "单变量微积分",
            "MIT OpenCourseWare",
            "David Jerison",
            "https://ocw.mit.edu/courses/18-01sc-single-variable-calculus-fall-2010/",
            "videos: https://example.org/1801/videos",
            "~160 (estimated; 15 weeks x ~10.5 h/week)",
            "zh: subtitles (volunteer subtitles)",
            "single-variable-calculus@thorough",
            "precalculus@working",
            "linear-algebra@overview",
            "Fall 2010",
            "The scholar version with problem sets.",
            "https://ocw.mit.edu/",
        ):
            assert text in result.stdout, text

    def test_leads_to(self, run: Any) -> None:
        stdout = run("show", "essence-of-calculus").stdout
        assert "leads to" in stdout
        assert "prob-course: Probability course" in stdout
        assert "mit-18.02sc" not in stdout  # an overview does not meet a working requirement

    def test_cost_note(self, run: Any) -> None:
        assert "no (about 90 USD)" in run("show", "strang-la").stdout

    def test_json(self, run: Any) -> None:
        detail = json_of(run("show", "mit-18.01sc", "--json"), "resource")
        assert detail["id"] == "mit-18.01sc"
        assert detail["titles"] == {"zh": "单变量微积分"}
        assert detail["leads_to"] == ["mit-18.02sc", "mit-18.03sc", "prob-course"]
        assert detail["requires"] == [{"topic": "precalculus", "depth": "working"}]

    def test_unknown_id_suggests(self, run: Any) -> None:
        result = run("show", "mit-18.01")
        assert result.exit_code == ExitCode.USAGE
        assert "error: unknown resource 'mit-18.01'" in result.stderr
        assert "'mit-18.01sc'" in result.stderr
        assert result.stdout == ""

    def test_missing_argument(self, run: Any) -> None:
        assert run("show").exit_code == ExitCode.USAGE


class TestTopicsAndGoals:
    def test_topic_tree(self, run: Any) -> None:
        result = run("topics")
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == "7 topics"
        calculus = next(i for i, line in enumerate(lines) if "calculus  Calculus" in line)
        child = next(i for i, line in enumerate(lines) if "multivariable-calculus  " in line)
        # The child is drawn under its parent, one level deeper.
        assert child > calculus
        assert lines[child].index("multivariable") > lines[calculus].index("calculus")
        assert "requires: single-variable-calculus@working" in result.stdout
        assert "recommends: linear-algebra@overview" in result.stdout
        assert "微积分" in result.stdout

    def test_topics_json(self, run: Any) -> None:
        topics = json_of(run("topics", "--json"), "topics")
        assert [t["id"] for t in topics][:2] == ["precalculus", "calculus"]
        single = next(t for t in topics if t["id"] == "single-variable-calculus")
        assert single["parent"] == "calculus"
        assert single["resources"] == 2
        assert single["requires"] == [{"topic": "precalculus", "depth": "working"}]

    def test_goals(self, run: Any) -> None:
        result = run("goals")
        assert result.exit_code == 0, result.stderr
        for text in (
            "calculus-basics",
            "Calculus basics",
            "微积分基础",
            "Single and multivariable calculus.",
            "multivariable-calculus@working",
            "assumes: precalculus",
        ):
            assert text in result.stdout, text

    def test_goals_json(self, run: Any) -> None:
        goals = json_of(run("goals", "--json"), "goals")
        assert [g["id"] for g in goals] == ["calculus-basics", "probability"]
        assert goals[1]["targets"] == [{"topic": "probability", "depth": "working"}]


class TestSchema:
    def test_prints_the_json_schema(self, run: Any) -> None:
        result = run("schema", catalog=None)
        schema = json.loads(result.stdout)  # a JSON Schema document, not an enveloped output
        assert "resources" in schema["properties"]
        assert schema["$schema"].startswith("https://json-schema.org/")
        assert result.stdout == run("schema", catalog=None).stdout

    def test_does_not_need_a_valid_catalog(self, run: Any) -> None:
        assert run("schema", catalog=MANY_PROBLEMS).exit_code == 0


class TestValidate:
    def test_good_file(self, run: Any) -> None:
        result = run("validate", str(BROWSE), catalog=None)
        assert result.exit_code == 0
        assert result.stdout == f"{BROWSE}: ok: 7 topics, 6 resources, 2 goals\n"

    def test_catalog_in_use(self, run: Any, mini_catalog_path: Path) -> None:
        result = run("validate", catalog=mini_catalog_path)
        assert result.exit_code == 0
        assert "ok: 5 topics, 4 resources, 1 goal\n" in result.stdout

    def test_catalog_from_environment(self, runner: CliRunner) -> None:
        result = runner.invoke(app, ["validate"], env={"MATHPATH_CATALOG": str(MANY_PROBLEMS)})
        assert result.exit_code == ExitCode.CATALOG

    def test_bad_file_lists_located_problems(self, run: Any) -> None:
        result = run("validate", str(MANY_PROBLEMS), catalog=None)
        assert result.exit_code == ExitCode.CATALOG
        assert result.stdout == ""
        assert f"{MANY_PROBLEMS}:9: topics[1] (calculus).requries" in result.stderr
        assert f"{MANY_PROBLEMS}:57: goals[0] (goal).assumes[0]" in result.stderr
        assert "Traceback" not in result.stderr

    def test_every_path_is_reported(self, run: Any, tmp_path: Path, write_catalog: Any) -> None:
        empty = write_catalog(tmp_path, "", name="empty.yaml")
        missing = tmp_path / "missing.yaml"
        result = run("validate", str(empty), str(BROWSE), str(missing), catalog=None)
        assert result.exit_code == ExitCode.CATALOG
        assert f"{BROWSE}: ok: 7 topics" in result.stdout
        assert f"{empty}: the file is empty" in result.stderr
        assert f"{missing}: file not found" in result.stderr

    def test_all_good(self, run: Any, mini_catalog_path: Path) -> None:
        result = run("validate", str(mini_catalog_path), str(BROWSE), catalog=None)
        assert result.exit_code == 0
        assert len(result.stdout.splitlines()) == 2

    def test_a_directory(self, run: Any, tmp_path: Path) -> None:
        result = run("validate", str(tmp_path), catalog=None)
        assert result.exit_code == ExitCode.CATALOG
        assert "is a folder, not a file" in result.stderr


def test_further_reading_is_shown_as_such(run: Any, tmp_path: Path, write_catalog: Any) -> None:
    path = write_catalog(
        tmp_path,
        """
        topics:
          - {id: calculus, name: Calculus}
        resources:
          - id: why-calculus
            title: Why calculus matters
            provider: A blog
            url: https://example.org/why
            format: article
            role: further-reading
            hours: 0.25
            level: intro
            free: true
            teaches: [calculus]
        """,
    )
    shown = run("show", "why-calculus", catalog=path)
    assert "further-reading (listed here, never chosen by the planner)" in shown.stdout
    assert json_of(run("list", "--json", catalog=path))[0]["role"] == "further-reading"
    assert (
        json_of(run("show", "why-calculus", "--json", catalog=path), "resource")["role"]
        == "further-reading"
    )
