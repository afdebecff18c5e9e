"""Shell completion through Typer's mechanism: the environment variables its bash, zsh and fish
scripts set, answered with values from the catalog in use, and silence when anything is wrong."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from mathpath.catalog import _cache, names
from mathpath.cli.app import app

MINI_IDS = ["calc-video", "calc-course", "la-book", "dl-course"]


def bash(words: str, env: Mapping[str, str | None] | None = None) -> Result:
    """What bash's completion function gets for the command line ``words`` (the cursor at its
    end: a trailing space means a new, empty word)."""
    parts = words.split(" ")
    return CliRunner(env=env).invoke(
        app,
        [],
        env={
            "_MATHPATH_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            "MATHPATH_CATALOG": None,
            **(env or {}),
        },
    )


def values(result: Result) -> list[str]:
    assert result.stderr == ""
    return result.stdout.split()


def test_goal_completes_the_deep_learning_goals(cache_folder: Path) -> None:
    result = bash("mathpath plan --goal dee")
    assert result.exit_code == 0
    assert values(result) == ["deep-learning", "deep-learning-specialization"]
    # served from the names kept beside the cache from then on
    assert list(cache_folder.glob(f"*.{names.NAME}{_cache.KEPT_SUFFIX}"))
    assert values(bash("mathpath status --goal deep-learning-s")) == [
        "deep-learning-specialization"
    ]


def test_commands_still_complete() -> None:
    assert values(bash("mathpath pl")) == ["plan"]


def test_resource_ids_from_a_catalog_given_with_catalog(mini_catalog_path: Path) -> None:
    for words in (
        f"mathpath --catalog {mini_catalog_path} why ",
        f"mathpath --catalog {mini_catalog_path} plan --include ",
        f"mathpath --catalog {mini_catalog_path} done ",
        f"mathpath --catalog {mini_catalog_path} log ",
        f"mathpath --catalog {mini_catalog_path} show ",
        f"mathpath --catalog {mini_catalog_path} plan --exclude la-book --done ",
    ):
        assert values(bash(words)) == MINI_IDS, words
    assert values(bash(f"mathpath --catalog {mini_catalog_path} why calc-")) == MINI_IDS[:2]


def test_the_environment_and_the_profile_name_the_catalog(
    mini_catalog_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"MATHPATH_CATALOG": str(mini_catalog_path)}
    assert values(bash("mathpath plan --goal ", env)) == ["dl"]
    home = tmp_path / "home"
    monkeypatch.setenv("MATHPATH_HOME", str(home))
    saved = CliRunner().invoke(app, ["profile", "set", "catalog", str(mini_catalog_path)])
    assert saved.exit_code == 0
    assert values(bash("mathpath plan --goal ")) == ["dl"]
    assert values(bash("mathpath --catalog nowhere.yaml plan --goal ")) == []  # the option wins


def test_topics_aliases_and_depths() -> None:
    found = values(bash("mathpath plan --know lin"))
    assert "linear-algebra" in found
    assert all(word.startswith("lin") for word in found)
    assert values(bash("mathpath plan --know linear-algebra@")) == [
        "linear-algebra@overview",
        "linear-algebra@working",
        "linear-algebra@thorough",
    ]
    assert values(bash("mathpath plan --know linear-algebra@w")) == ["linear-algebra@working"]
    assert "linear-algebra" in values(bash("mathpath list --topic line"))
    assert "linear-algebra" in values(bash("mathpath know line"))


def test_fixed_choices() -> None:
    assert values(bash("mathpath plan --format ")) == ["table", "json", "markdown", "ics", "html"]
    assert values(bash("mathpath plan --prefer v")) == ["video"]
    assert values(bash("mathpath graph --format ")) == ["tree", "mermaid", "dot", "json"]
    assert values(bash("mathpath today --format j")) == ["json"]


def test_a_broken_catalog_gives_nothing_and_says_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\nresources:\n  - id: [unclosed\n", encoding="utf-8")
    for words in (
        f"mathpath --catalog {broken} plan --goal ",
        f"mathpath --catalog {broken} why ",
        f"mathpath --catalog {tmp_path / 'missing.yaml'} why ",
        f"mathpath --catalog {tmp_path} why ",  # a folder
        "mathpath --bogus plan --goal ",
        "mathpath plan --hours-per-week lots --goal dee",  # a value that does not parse
    ):
        result = bash(words)
        assert result.stderr == "", words
        assert "error" not in result.stdout.lower(), words
    assert bash(f"mathpath --catalog {broken} why ").stdout.strip() == ""
    assert bash("mathpath plan --hours-per-week lots --goal dee").stdout.split() == [
        "deep-learning",
        "deep-learning-specialization",
    ]


def test_a_changed_catalog_is_never_answered_from_old_names(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "mini.yaml", path)
    assert values(bash(f"mathpath --catalog {path} why la")) == ["la-book"]
    path.write_text(path.read_text().replace("la-book", "la-text"), encoding="utf-8")
    assert values(bash(f"mathpath --catalog {path} why la")) == ["la-text"]


def test_zsh_and_fish_descriptions_are_plain(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    text = (Path(__file__).parents[1] / "fixtures" / "mini.yaml").read_text()
    title = next(line for line in text.splitlines() if "title:" in line).split("title:")[1]
    path.write_text(text.replace(title, " Calculus [bold]2nd[/bold] ed.", 1), encoding="utf-8")
    zsh = CliRunner().invoke(
        app,
        [],
        env={
            "_MATHPATH_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": f"mathpath --catalog {path} why calc-v",
        },
    )
    assert zsh.stderr == ""
    assert zsh.stdout.startswith("_arguments")
    assert '"calc-video":"Calculus [bold]2nd[/bold] ed."' in zsh.stdout
    fish = CliRunner().invoke(
        app,
        [],
        env={
            "_MATHPATH_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": f"mathpath --catalog {path} why calc-v",
        },
    )
    assert fish.stdout.splitlines() == ["calc-video\tCalculus [bold]2nd[/bold] ed."]


def test_commands_work_as_before_after_a_completion(runner: CliRunner) -> None:
    """Completing takes values as typed for the moment; a command run afterwards in the same
    process (as tests do) coerces them again."""
    assert values(bash("mathpath plan --hours-per-week 5 --goal dee"))
    result = runner.invoke(app, ["plan", "--goal", "calculus", "--hours-per-week", "many"])
    assert result.exit_code == 2
    assert "many" in result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_typers_script(shell: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer's own switch for naming the shell instead of detecting the one running the tests
    # (read when the command is built, before CliRunner's env applies)
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = CliRunner().invoke(app, ["--show-completion", shell], prog_name="mathpath")
    assert result.exit_code == 0
    assert f"_MATHPATH_COMPLETE=complete_{shell}" in result.stdout
    assert "--install-completion" in CliRunner().invoke(app, ["--help"]).stdout
