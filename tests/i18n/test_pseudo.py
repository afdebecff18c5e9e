"""Pseudo-localisation: each command run with every translated string marked ⟦...⟧ shows no
English outside the marks but ids, URLs, option names and the catalog's own names. An English
word found here is a message that no translator will ever see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.i18n.pseudo import catalog_prose, english_left
from typer.testing import CliRunner

from mathpath.cli import app

PSEUDO = {"LC_ALL": "qps", "MATHPATH_WIDTH": "100"}


def _command_names() -> set[str]:
    import typer.main

    names: set[str] = {"mathpath"}

    def walk(command: object) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            names.add(name)
            walk(sub)

    walk(typer.main.get_command(app))
    return names


def _profile_keys() -> set[str]:
    from mathpath.learner.profile import Profile

    return set(Profile.model_fields)


# Words that are not messages: the commands' names, the profile's keys and the day words (what
# the user types), names of formats and tools.
ALLOWED = {
    "Markdown",
    "Mermaid",
    "Graphviz",
    *_command_names(),
    *_profile_keys(),
    *("mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays", "weekends", "daily", "all"),
}


def _home(tmp_path: Path, runner: CliRunner) -> None:
    """A learner with a profile, a committed plan and progress, so that every view has
    something to say."""
    steps = [
        ["profile", "set", "goals", "deep-learning"],
        ["plan", "--goal", "deep-learning", "--save"],
        ["done", "oct-calculus-35min"],
        ["log", "3b1b-essence-linear-algebra", "1.5"],
    ]
    for step in steps:
        result = runner.invoke(app, step, env={"MATHPATH_HOME": str(tmp_path)})
        assert result.exit_code == 0, result.output


COMMANDS = [
    ["plan", "--goal", "deep-learning"],
    ["plan", "--goal", "deep-learning", "--sessions", "--deadline", "2027-02-01"],
    ["plan", "--goal", "ml-math", "--skip", "2026-12-24..2027-01-01"],
    ["why", "mit-18.01sc", "--goal", "deep-learning"],
    ["why", "mit-6.s191", "--goal", "deep-learning"],
    ["list", "--topic", "calculus"],
    ["goals"],
    ["topics"],
    ["status"],
    ["today"],
    ["next"],
    ["profile", "show"],
    ["graph", "--goal", "deep-learning"],
    ["validate"],
    ["--help"],
    ["plan", "--help"],
    ["status", "--help"],
]
ERRORS = [
    ["plan", "--goal", "nope"],
    ["plan", "--goal", "deep-learning", "--hours-per-week", "abc"],
    ["plan", "--goal", "deep-learning", "--days", "someday"],
    ["plan", "--bogus"],
    ["show", "no-such-resource"],
    ["log", "mit-6.s191", "500"],
    ["profile", "set", "lang", "chinese"],
]


@pytest.mark.parametrize("args", COMMANDS + ERRORS, ids=" ".join)
def test_no_english_outside_the_messages(
    args: list[str], runner: CliRunner, tmp_path: Path
) -> None:
    _home(tmp_path, runner)
    result = runner.invoke(app, args, env={**PSEUDO, "MATHPATH_HOME": str(tmp_path)})
    assert "Traceback" not in result.output
    assert "⟦" in result.output  # the pseudo-locale was in use
    allowed = ALLOWED | (catalog_prose() if args[0] in ("goals", "topics") else set())
    assert english_left(result.output, allowed) == []


def test_json_is_the_same_under_the_pseudo_locale_but_for_display_fields(
    runner: CliRunner,
) -> None:
    args = ["plan", "--goal", "deep-learning", "--format", "json", "--start", "2027-01-04"]
    plain = json.loads(runner.invoke(app, args).output)
    marked = json.loads(runner.invoke(app, args, env=PSEUDO).output)
    assert marked.keys() == plain.keys()
    assert [i["id"] for i in marked["items"]] == [i["id"] for i in plain["items"]]
    assert marked["total_minutes"] == plain["total_minutes"]
