"""``mathpath check`` through the CLI: scripted answers, text and JSON, consent, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from mathpath.cli import check_cmd
from mathpath.cli.app import app
from mathpath.learner.paths import profile_path

KNOWS_NOTHING = "single-variable-calculus: no\nlinear-algebra: no\nprobability: no\n"
KNOWS_CALCULUS_TO_WORKING = """\
single-variable-calculus@overview: yes
single-variable-calculus@working: yes
single-variable-calculus@thorough: no
multivariable-calculus: yes
multivariable-calculus:lagrange: no
differential-equations@overview: yes
differential-equations@thorough: no
"""
CALCULUS_KNOW = [
    "single-variable-calculus@working",
    "multivariable-calculus@working",
    "differential-equations@overview",
]


def _answers(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _json(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["check", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["schema_version"], document["kind"]) == (1, "check")
    body = document["check"]
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize(
    ("goal", "text", "know", "asked"),
    [
        ("deep-learning", KNOWS_NOTHING, [], 3),
        ("calculus", KNOWS_CALCULUS_TO_WORKING, CALCULUS_KNOW, 13),
        (
            "deep-learning-specialization",
            "single-variable-calculus: yes\nmultivariable-calculus: yes\nlinear-algebra: yes\n"
            "probability: yes\noptimization: yes\nneural-networks: yes\nbackpropagation: yes\n"
            "deep-learning: yes\n",
            [
                "single-variable-calculus@working",
                "multivariable-calculus@working",
                "linear-algebra@working",
                # `probability: yes` answers for both topics below it
                "conditional-probability@working",
                "random-variables@working",
                "optimization@working",
                "neural-networks@working",
                "backpropagation@working",
                "deep-learning@thorough",
            ],
            2 * 2 * 8 + 2 * 3,
        ),
    ],
    ids=["knows-nothing", "knows-calculus-to-working", "knows-everything"],
)
def test_scripted_answers_give_the_know_set_and_the_questions_asked(
    runner: CliRunner, tmp_path: Path, goal: str, text: str, know: list[str], asked: int
) -> None:
    body = _json(runner, "--goal", goal, "--answers", _answers(tmp_path, text))
    assert body["know"] == know
    assert isinstance(body["asked"], list)
    assert len(body["asked"]) == asked
    assert body["saved"] is False
    assert not profile_path().exists()  # never written without consent


def test_text_shows_the_answers_the_depths_and_the_know_options(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = _answers(tmp_path, KNOWS_CALCULUS_TO_WORKING)
    result = runner.invoke(app, ["check", "--goal", "calculus", "--answers", answers])
    assert result.exit_code == 0, result.output
    assert "Asked 13 questions:" in result.stdout
    assert "  no   single-variable-calculus:epsilon-delta  thorough" in result.stdout
    assert "  single-variable-calculus  working   of thorough" in result.stdout
    assert "--know single-variable-calculus@working --know multivariable-calculus@working" in (
        result.stdout
    )
    assert "Not saved. To save them: mathpath know single-variable-calculus@working" in (
        result.stdout
    )
    assert not profile_path().exists()


def test_lang_zh_shows_the_chinese_wording(runner: CliRunner, tmp_path: Path) -> None:
    answers = _answers(tmp_path, KNOWS_NOTHING)
    result = runner.invoke(
        app, ["check", "--goal", "deep-learning", "--answers", answers, "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    assert "用文字和图像说明 f′(a) 表示什么。" in result.stdout
    assert "一元微积分" in result.stdout
    body = _json(runner, "--goal", "deep-learning", "--answers", answers, "--lang", "zh")
    assert isinstance(body["asked"], list)
    assert body["asked"][0]["question"] == "用文字和图像说明 f′(a) 表示什么。"


def test_lang_zh_keeps_the_columns_in_line(runner: CliRunner, tmp_path: Path) -> None:
    """A Chinese yes or no and a Chinese depth take two columns a character: the ids still start
    where the questions do, and every topic's depth ends in the same column."""
    answers = _answers(
        tmp_path, "single-variable-calculus: no\nlinear-algebra: yes\nprobability: yes\n"
    )
    result = runner.invoke(
        app, ["check", "--goal", "deep-learning", "--answers", answers, "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    answered = [line for line in lines if line.startswith(("  是", "  否"))]
    assert len(answered) >= 3
    for line in answered:
        question_id = line.split()[1]
        assert cell_len(line[: line.index(question_id)]) == len("       "), line
    found = [line for line in lines if "／" in line and line.startswith("  ")]
    assert len(found) >= 3
    assert len({cell_len(line[: line.index("／")]) for line in found}) == 1, found


def test_a_missing_answer_quotes_the_question_in_the_language_asked(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = _answers(tmp_path, "single-variable-calculus: yes\n")
    result = runner.invoke(
        app, ["check", "--goal", "deep-learning", "--answers", answers, "--lang", "zh"]
    )
    assert result.exit_code == 2
    assert "linear-algebra:" in result.stderr
    assert "State" not in result.stderr
    assert "Compute" not in result.stderr
    assert "计算" in result.stderr


def test_save_writes_the_known_topics(runner: CliRunner, tmp_path: Path) -> None:
    answers = _answers(tmp_path, KNOWS_CALCULUS_TO_WORKING)
    result = runner.invoke(app, ["check", "-g", "calculus", "--answers", answers, "--save"])
    assert result.exit_code == 0, result.output
    assert "Saved to your profile" in result.stdout
    shown = runner.invoke(app, ["profile", "show", "--json"])
    assert json.loads(shown.stdout)["profile"]["profile"]["known"] == CALCULUS_KNOW


@pytest.mark.parametrize(("reply", "saved"), [("n\n", False), ("\n", False), ("y\n", True)])
def test_at_a_terminal_it_asks_before_saving(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    reply: str,
    saved: bool,
) -> None:
    runner.invoke(app, ["know", "python@working"])
    before = profile_path().read_bytes()
    monkeypatch.setattr(check_cmd, "_stdin_is_terminal", lambda: True)
    answers = _answers(tmp_path, KNOWS_CALCULUS_TO_WORKING)
    result = runner.invoke(app, ["check", "-g", "calculus", "--answers", answers], input=reply)
    assert result.exit_code == 0, result.output
    assert "Save these to your profile's known topics? [y/N]" in result.stdout
    if saved:
        assert "single-variable-calculus@working" in profile_path().read_text(encoding="utf-8")
    else:
        assert profile_path().read_bytes() == before


def test_the_questions_at_the_keyboard(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_cmd, "_stdin_is_terminal", lambda: True)
    # overview of one variable: a (the answer is shown), y, y; working: n; then don't save
    reply = "a\ny\ny\nn\nn\n"
    result = runner.invoke(app, ["check", "multivariable-calculus@overview"], input=reply)
    assert result.exit_code == 0, result.output
    assert "1. Single-variable calculus @ overview  single-variable-calculus:slope" in (
        result.stdout
    )
    assert "answer: The slope of the tangent line" in result.stdout
    assert "--know single-variable-calculus@overview" in result.stdout
    assert "Multivariable calculus @ overview" in result.stdout


def test_without_a_terminal_or_answers_it_says_what_to_do(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--goal", "calculus"])
    assert result.exit_code == 2
    assert "asks its questions at a terminal" in result.stderr
    assert "--answers FILE" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("linear-algebra: maybe\n", "answers.yaml:1: linear-algebra: the answer must be yes or no"),
        ("linera-algebra: no\n", "did you mean 'linear-algebra'"),
        ("- yes\n", "answers.yaml:1: an answer file is a mapping"),
        ("a: [\n", "answers.yaml"),
        ("single-variable-calculus@overview: yes\n", "no answer for single-variable-calculus:"),
    ],
)
def test_a_bad_answer_file_is_a_located_error(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    answers = _answers(tmp_path, text)
    result = runner.invoke(app, ["check", "--goal", "calculus", "--answers", answers])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not profile_path().exists()


def test_a_missing_answer_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--answers", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_nothing_to_check(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "precalculus"])
    assert result.exit_code == 2
    assert "nothing to check" in result.stderr
