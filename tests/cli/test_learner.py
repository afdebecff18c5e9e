"""The learner's commands through the CLI: exit codes, messages, and files on disk."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.support.output import json_body
from typer.testing import CliRunner

from mathpath.cli import learner, options
from mathpath.cli.app import app
from mathpath.learner.replan import save_committed_plan

TODAY = dt.date(2024, 3, 11)
COMMANDS = [
    ["profile", "show"],
    ["profile", "set"],
    ["profile", "reset"],
    ["know"],
    ["unknow"],
    ["init"],
    ["done"],
    ["log"],
    ["undo"],
    ["status"],
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MATHPATH_HOME", str(home))
    monkeypatch.setattr(options, "today", lambda: TODAY)
    return home


@pytest.fixture
def cli(runner: CliRunner, home: Path, mini_catalog_path: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str, input: str | None = None, catalog: bool = True):  # type: ignore[no-untyped-def]
        prefix = ["--catalog", str(mini_catalog_path)] if catalog else []
        return runner.invoke(app, [*prefix, *args], input=input)

    return invoke


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(runner: CliRunner, home: Path, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_done_log_undo(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("done", "calc-video", "--hours", "1.5", "--date", "2024-03-10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Recorded #1 finished calc-video on 2024-03-10, 1.5 h\n"
        "In review: single-variable-calculus@overview, next review due 2024-03-12\n"
    )
    result = cli("log", "la-book", "2", "--note", "chapter 1")
    assert result.stdout == "Recorded #2 studied la-book on 2024-03-11, 2 h (chapter 1)\n"
    result = cli("undo")
    assert result.exit_code == 0
    assert result.stdout == "Removed #2 studied la-book on 2024-03-11, 2 h (chapter 1)\n"
    assert "- id: 1\n" in (home / "progress.yaml").read_text()
    assert "la-book" not in (home / "progress.yaml").read_text()


def test_unknown_resource_suggests_and_writes_nothing(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("done", "calc-vido")
    assert result.exit_code == 2
    assert "error: unknown resource 'calc-vido'" in result.stderr
    assert "did you mean 'calc-video'" in result.stderr
    assert not (home / "progress.yaml").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "la-book", "--date", "soon"], "--date: 'soon' is not a date"),
        (["done", "la-book", "--date", "2024-03-12"], "is in the future"),
        (["done", "la-book", "--hours", "0"], "--hours: must be more than 0"),
        (["log", "la-book", "0"], "HOURS: must be more than 0"),
    ],
)
def test_bad_progress_values(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_undo_with_nothing_to_undo(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("undo")
    assert result.exit_code == 2
    assert "there is no progress to undo" in result.stderr


def test_profile_set_and_show(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("profile", "set", "goals", "dl").stdout == 'goals = ["dl"]\n'
    assert cli("profile", "set", "hours-per-week", "4").stdout == "hours_per_week = 4.0\n"
    assert cli("profile", "set", "days", "sat,sun").stdout == 'study_days = ["sat", "sun"]\n'
    shown = cli("profile", "show", "--json")
    data = json_body(shown.stdout, "profile")
    assert data["path"] == str(home / "profile.yaml")
    assert data["profile"]["goals"] == ["dl"]
    assert data["profile"]["study_days"] == ["sat", "sun"]
    table = cli("profile", "show").stdout
    assert "hours_per_week" in table
    assert "sat, sun" in table


def test_profile_set_errors(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("profile", "set", "hours_per_wek", "4")
    assert result.exit_code == 2
    assert "did you mean 'hours_per_week'?" in result.stderr
    result = cli("profile", "set", "goals", "dll")
    assert result.exit_code == 2
    assert "unknown goal 'dll'" in result.stderr
    result = cli("profile", "set", "max_level", "expert")
    assert "accepted: intro, intermediate, advanced" in result.stderr
    assert not (home / "profile.yaml").exists()


def test_profile_catalog_is_checked_and_then_used(
    runner: CliRunner, home: Path, mini_catalog_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nresources: [\n")
    result = runner.invoke(app, ["profile", "set", "catalog", str(broken)])
    assert result.exit_code == 3
    result = runner.invoke(app, ["profile", "set", "catalog", str(mini_catalog_path)])
    assert result.exit_code == 0, result.stderr
    # no --catalog: the profile's catalog is the one in use
    result = runner.invoke(app, ["done", "calc-video"])
    assert result.exit_code == 0, result.stderr


def test_know_and_unknow(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("know", "linear-algebra@working", "calculus")
    assert result.stdout == "Known: linear-algebra@working, calculus\n"
    result = cli("know", "calculs")
    assert result.exit_code == 2
    assert "did you mean 'calculus'" in result.stderr
    result = cli("unknow", "calculus", "deep-learning")
    assert result.stdout == "No longer known: calculus\nNot in your profile: deep-learning\n"
    result = cli("unknow", "linear-algebr")
    assert result.exit_code == 2
    assert "did you mean 'linear-algebra'" in result.stderr
    assert "known:\n- linear-algebra@working\n" in (home / "profile.yaml").read_text()


def test_commands_refuse_to_write_over_a_broken_profile(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    home.mkdir()
    path = home / "profile.yaml"
    path.write_text("goals: [dl\n")
    for args in (["know", "calculus"], ["profile", "set", "lang", "en"], ["profile", "show"]):
        result = cli(*args)
        assert result.exit_code == 5, args
        assert f"{path}:" in result.stderr
        assert "profile reset --backup" in result.stderr
    result = cli("profile", "reset", "--yes")
    assert result.exit_code == 5
    assert path.read_text() == "goals: [dl\n"
    result = cli("profile", "reset", "--yes", "--backup")
    assert result.exit_code == 0, result.stderr
    backups = list(home.glob("profile.yaml.bak-*"))
    assert len(backups) == 1
    assert backups[0].read_text() == "goals: [dl\n"
    assert "Moved the old profile to" in result.stdout


def test_reset_without_a_terminal_refuses_instead_of_hanging(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    cli("profile", "set", "lang", "zh")
    result = cli("--lang", "en", "profile", "reset")  # the profile's zh would say it in Chinese
    assert result.exit_code == 2
    assert "stdin is not a terminal" in result.stderr
    assert "--yes" in result.stderr
    assert "lang: zh" in (home / "profile.yaml").read_text()


def test_reset_asks_at_a_terminal(cli, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(learner, "_stdin_is_terminal", lambda: True)
    cli("profile", "set", "lang", "zh")
    result = cli("profile", "reset", input="n\n")
    assert result.exit_code == 1
    assert "lang: zh" in (home / "profile.yaml").read_text()
    result = cli("profile", "reset", input="y\n")
    assert result.exit_code == 0
    assert "lang: null" in (home / "profile.yaml").read_text()


def test_init_is_skipped_without_a_terminal(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("init")
    assert result.exit_code == 0
    assert "skipped" in result.stdout
    assert not home.exists()


def test_init_asks_again_after_a_bad_answer(  # type: ignore[no-untyped-def]
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learner, "_stdin_is_terminal", lambda: True)
    answers = "en\ndll\ndl\ncalculus, linear-algebra@working\nlots\n5\nmon,wed\n"
    result = cli("init", input=answers)
    assert result.exit_code == 0, result.output
    assert "unknown goal 'dll'" in result.stderr
    assert "not a number of hours" in result.stderr
    text = (home / "profile.yaml").read_text()
    assert "goals:\n- dl\n" in text
    assert "- calculus\n- linear-algebra@working\n" in text
    assert "hours_per_week: 5.0\n" in text
    assert "study_days:\n- mon\n- wed\n" in text


def test_init_asks_the_language_first_and_the_rest_in_it(  # type: ignore[no-untyped-def]
    cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(learner, "_stdin_is_terminal", lambda: True)
    result = cli("init", input="french\nzh\ndl\nnone\n5\nall\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Language / 语言 (en, zh)")
    assert "did you mean fr?" in result.stderr  # a language's name: its code suggested
    after = result.stdout.split("Language / 语言", 2)[-1]
    assert "Hours per week" not in after
    assert "每周" in after
    assert "lang: zh\n" in (home / "profile.yaml").read_text()


def test_status_against_a_committed_plan_lists_orphans(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    committed = {
        "items": [
            {"id": "calc-video", "title": "Calc video", "minutes": 60},
            {"id": "la-book", "title": "LA book", "minutes": 2400},
        ],
        "sessions": [
            {"date": "2024-03-04", "resource_id": "calc-video", "minutes": 60},
            {"date": "2024-03-06", "resource_id": "la-book", "minutes": 120},
        ],
        "start": "2024-03-04",
        "finish": "2024-06-01",
    }
    save_committed_plan(committed, "dl", now=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    cli("profile", "set", "goals", "dl")
    cli("done", "calc-video", "--date", "2024-03-05")
    cli("log", "la-book", "4", "--date", "2024-03-07")
    progress = home / "progress.yaml"
    progress.write_text(progress.read_text().replace("resource: calc-video", "resource: old-video"))
    result = cli("status")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "la-book" in out
    assert "4/40" in out
    assert "Ahead of your committed schedule by 1 h" in out
    assert "Orphaned records" in out
    assert "#1 finished old-video on 2024-03-05" in out
    data = json_body(cli("status", "--json").stdout, "status")
    assert data["committed"] is True
    assert data["ahead_hours"] == 1.0
    assert [r["resource"] for r in data["orphaned"]] == ["old-video"]
    assert "old-video" in progress.read_text()  # reported, never dropped


def test_status_with_a_fresh_plan(cli) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("mathpath.planning")
    cli("done", "calc-video", "--date", "2024-03-05", "--hours", "2")
    result = cli("status", "--goal", "dl", "--json")
    assert result.exit_code == 0, result.stderr
    data = json_body(result.stdout, "status")
    assert data["committed"] is False
    finished = {i["id"]: i["finished"] for i in data["items"]}
    assert finished["calc-video"] is True
    assert "dl-course" in finished
    assert data["next"][0] != "calc-video"


def test_status_unknown_goal(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("status", "--goal", "dll")
    assert result.exit_code == 2
    assert "did you mean 'dl'?" in result.stderr


def test_a_truncated_progress_file_stops_every_command(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    for day in ("2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"):
        cli("log", "la-book", "1", "--date", day)
    path = home / "progress.yaml"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    cut = path.read_bytes()
    for args in (["log", "la-book", "1"], ["done", "calc-video"], ["undo"], ["status"]):
        result = cli(*args)
        assert result.exit_code == 5, (args, result.output)
        assert str(path) in result.stderr
    assert path.read_bytes() == cut


# --- parts --------------------------------------------------------------------------------------

PARTS_CATALOG = Path(__file__).parents[1] / "fixtures" / "mini-parts.yaml"


@pytest.fixture
def parts_cli(runner: CliRunner, home: Path):  # type: ignore[no-untyped-def]
    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--catalog", str(PARTS_CATALOG), *args])

    return invoke


def test_done_and_log_a_part(parts_cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    result = parts_cli("done", "la-book", "--part", "part-1", "--hours", "12")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Recorded #1 finished la-book:part-1 on 2024-03-11, 12 h\n"
        "In review: linear-algebra@overview, next review due 2024-03-13\n"
    )
    result = parts_cli("log", "la-book:part-2", "1.5", "--date", "yesterday")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Recorded #2 studied la-book:part-2 on 2024-03-10, 1.5 h\n"
    result = parts_cli("log", "la-book", "2", "--part", "part-2", "--note", "ch 7")
    assert result.stdout == "Recorded #3 studied la-book:part-2 on 2024-03-11, 2 h (ch 7)\n"
    text = (home / "progress.yaml").read_text()
    assert "schema_version: 2\n" in text
    assert text.count("  part: part-2\n") == 2
    result = parts_cli("done", "la-book:part-1")
    assert result.exit_code == 2
    assert "error: la-book:part-1 is already marked finished (record #1" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "la-book", "--part", "part-4"], "unknown part 'part-4' of la-book in --part"),
        (["log", "la-book:prat-1", "1"], "unknown part 'prat-1' of la-book in --part"),
        (["done", "calc-video", "--part", "ch1"], "unknown part 'ch1' of calc-video"),
        (["done", "la-bok", "--part", "part-1"], "unknown resource 'la-bok'"),
        (["done", "la-book:part-1", "--part", "part-2"], "two parts given"),
    ],
)
def test_an_unknown_part_is_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
    parts_cli, home: Path, args: list[str], message: str
) -> None:
    parts_cli("log", "la-book", "1")
    before = (home / "progress.yaml").read_bytes()
    result = parts_cli(*args)
    assert result.exit_code == 2, result.output
    assert f"error: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert (home / "progress.yaml").read_bytes() == before


def test_part_suggestions_name_the_resource_s_parts(parts_cli) -> None:  # type: ignore[no-untyped-def]
    result = parts_cli("done", "la-book", "--part", "part-4")
    assert "did you mean 'part-2' or 'part-1'? its parts: part-1, part-2" in result.stderr


def test_status_shows_each_planned_part(parts_cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    committed = {
        "items": [
            {"id": "calc-video", "title": "Calc video", "minutes": 60},
            {"id": "la-book", "title": "LA book", "minutes": 2400, "parts": ["part-1", "part-2"]},
        ],
        "start": "2024-03-04",
    }
    save_committed_plan(committed, "dl", now=dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    parts_cli("done", "la-book", "--part", "part-1", "--date", "2024-03-05")
    parts_cli("log", "la-book", "3", "--part", "part-2", "--date", "2024-03-06")
    result = parts_cli("status", "--goal", "dl")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # each id on its own line, its title below it; state readable as text (done, %, —)
    row = next(i for i, line in enumerate(lines) if line.startswith("la-book "))
    assert "18/40 h" in lines[row]  # 15 h for part I (its 15/40 share) + 3 h on part II
    assert "LA book: Part I: vectors; Part II: matrices" in " ".join(lines[row + 1 : row + 3])
    part_1 = next(line for line in lines if line.startswith("├─ part-1"))
    assert "done" in part_1
    assert "15/15 h" in part_1
    part_2 = next(line for line in lines if line.startswith("└─ part-2"))
    assert "12%" in part_2
    assert "3/25 h" in part_2
    assert "Study next: calc-video (1 h left), la-book:part-2 (22 h left)." in result.stdout
    data = json_body(parts_cli("status", "--goal", "dl", "--json").stdout, "status")
    book = data["items"][1]
    assert [(p["id"], p["finished"], p["done_hours"]) for p in book["parts"]] == [
        ("part-1", True, 15.0),
        ("part-2", False, 3.0),
    ]
    assert book["finished"] is False


def test_a_plan_with_parts_is_saved_and_tracked(parts_cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("mathpath.planning")
    result = parts_cli("plan", "--goal", "dl", "--start", "2024-03-11", "--save")
    assert result.exit_code == 0, result.stderr
    saved = json.loads((home / "plans" / "dl.json").read_text())["plan"]
    book = next(item for item in saved["items"] if item["id"] == "la-book")
    assert book["parts"] == ["part-1"]  # an overview of linear algebra is all the course needs
    assert book["depths"] == ["linear-algebra@overview"]
    assert {s["part"] for s in saved["sessions"] if s["id"] == "la-book"} == {"part-1"}
    parts_cli("done", "la-book", "--part", "part-1")
    data = json_body(parts_cli("status", "--goal", "dl", "--json").stdout, "status")
    item = next(i for i in data["items"] if i["id"] == "la-book")
    assert item["finished"] is True
    assert [p["id"] for p in item["parts"]] == ["part-1"]
    # Re-planning leaves the finished part out.
    replanned = json.loads(parts_cli("plan", "--goal", "dl", "--format", "json").stdout)
    assert "la-book" not in [i["id"] for i in replanned["items"]]
    assert "la-book:part-1" in replanned["options"]["done"]


@pytest.mark.parametrize("goal", ["deep-learning", "ml-math"])
def test_a_plan_just_saved_is_on_schedule_with_its_reviews(  # type: ignore[no-untyped-def]
    cli, home: Path, goal: str
) -> None:
    # The bundled catalog: its plans place spaced reviews, which take part of each week, so the
    # projection of a saved plan places them too and finishes on the plan's own last day.
    saved = cli("plan", "--goal", goal, "--save", "--format", "json", catalog=False)
    assert saved.exit_code == 0, saved.stderr
    plan = json.loads(saved.stdout)
    assert any(s["kind"] == "review" for s in plan["sessions"])
    finish = max(s["date"] for s in plan["sessions"] if s["kind"] != "review")
    status = json_body(cli("status", "--goal", goal, "--json", catalog=False).stdout, "status")
    ahead = status["forecast"]
    assert ahead["committed_finish"] == ahead["projected_finish"] == finish
    assert ahead["finish_shift_days"] == 0
    # Without reviews the same saved plan is projected without them.
    plain = cli("plan", "--goal", goal, "--save", "--no-review", "--format", "json", catalog=False)
    assert plain.exit_code == 0, plain.stderr
    status = json_body(cli("status", "--goal", goal, "--json", catalog=False).stdout, "status")
    assert status["forecast"]["finish_shift_days"] == 0
